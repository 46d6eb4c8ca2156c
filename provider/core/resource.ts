import * as pulumi from "@pulumi/pulumi";
import { InputError } from "./errors";
import { computeIdentity, IDENTITY_KEY } from "./identity";
import { PROVIDER_KEY, serializedHooks } from "./serializedHooks";

export type VendorModule = "azure-openai" | "qianfan";

/**
 * The base of this package's resources. The token is `pulumi-nodejs:dynamic/<vendor>:<Type>`, so policies and
 * mocks can tell the resources apart. `hooks` names the vendor's hooks module (`<vendor>/hooks/<hooks>`, see
 * core/hooks.ts). It registers what the SDK's `dynamic.Resource` does (the type, and the provider serialized in
 * `__provider`), with the provider's text written by core/serializedHooks.ts rather than by the SDK's closure
 * serializer.
 */
export abstract class FinetuneResource extends pulumi.CustomResource {
  protected constructor(
    hooks: string,
    vendor: VendorModule,
    type: string,
    name: string,
    props: pulumi.Inputs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    const token = typeToken(vendor, type);
    for (const reserved of [PROVIDER_KEY, IDENTITY_KEY]) {
      if (reserved in props) {
        throw new InputError(
          reserved,
          `is set by the package for ${name}; remove it from the arguments.`,
        );
      }
    }
    super(
      token,
      name,
      {
        ...props,
        [IDENTITY_KEY]: identityInput(name, token, opts?.parent),
        [PROVIDER_KEY]: serializedHooks(vendor, hooks, `${vendor}:${type}`),
      },
      opts,
    );
  }
}

/**
 * The identity (core/identity.ts) from the URN the engine gives this resource, parents included. The URN is put
 * together here, as the engine does (the parents' types joined by `$`, the stack left out), rather than from
 * `parent.urn`: an input that depends on a component resource waits for all its children, this one included.
 */
function identityInput(name: string, type: string, parent: pulumi.Resource | undefined): string {
  const project = pulumi.getProject();
  const stack = pulumi.getStack();
  const qualifiedType = [...parentTypes(parent), type].join("$");
  const urn = `urn:pulumi:${stack}::${project}::${qualifiedType}::${name}`;
  return computeIdentity({ organization: organizationOrNone(), project, stack, urn });
}

const STACK_TYPE = "pulumi:pulumi:Stack";

/** The types of the parent chain, outermost first. The SDK keeps them on each resource (not in its typings). */
function parentTypes(parent: pulumi.Resource | undefined): string[] {
  const types: string[] = [];
  for (let current: unknown = parent; current !== undefined && current !== null;) {
    const type: unknown = Reflect.get(current, "__pulumiType");
    if (typeof type !== "string" || type === STACK_TYPE) break;
    types.unshift(type);
    current = Reflect.get(current, "__parentResource");
  }
  return types;
}

/** Older CLIs and mocks without an organization make the SDK throw; the identity then leaves it out. */
function organizationOrNone(): string {
  try {
    return pulumi.getOrganization();
  } catch {
    return "";
  }
}

export function typeToken(vendor: VendorModule, type: string): string {
  return `pulumi-nodejs:dynamic/${vendor}:${type}`;
}
