import * as pulumi from "@pulumi/pulumi";
import { computeIdentity, IDENTITY_KEY } from "./identity";

export type VendorModule = "azure-openai" | "qianfan";

/**
 * The base of this package's resources. The token is `pulumi-nodejs:dynamic/<vendor>:<Type>`, so policies and
 * mocks can tell the resources apart. `hooks` must be a hooks module's exports (see core/hooks.ts).
 */
export abstract class FinetuneResource extends pulumi.dynamic.Resource {
  protected constructor(
    hooks: pulumi.dynamic.ResourceProvider,
    vendor: VendorModule,
    type: string,
    name: string,
    props: pulumi.Inputs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    warnIfSerializedByValue(hooks, `${vendor}:${type}`);
    const identity = { [IDENTITY_KEY]: identityInput(name, typeToken(vendor, type), opts?.parent) };
    super(hooks, name, { ...props, ...identity }, opts, vendor, type);
  }
}

/** The identity (core/identity.ts) from the URN the engine gives this resource, parents included. */
function identityInput(
  name: string,
  type: string,
  parent: pulumi.Resource | undefined,
): pulumi.Output<string> {
  const project = pulumi.getProject();
  const stack = pulumi.getStack();
  return pulumi
    .createUrn(name, type, parent, project, stack)
    .apply((urn) => computeIdentity({ organization: organizationOrNone(), project, stack, urn }));
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

const warned = new Set<string>();

/** A copy outside node_modules (npm link, a local path) would be serialized by value: large and fragile. */
function warnIfSerializedByValue(hooks: object, token: string): void {
  const file = Object.values(require.cache).find((m) => m?.exports === hooks)?.filename;
  if (!file || file.split(/[\\/]/).includes("node_modules") || warned.has(token)) return;
  warned.add(token);
  void pulumi.log.warn(
    `pulumi-finetune (${token}) is loaded from ${file}, outside node_modules: its provider code will be stored ` +
      "in state by value instead of as a require() of the package. Install it with npm instead of linking it.",
  );
}
