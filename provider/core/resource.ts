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

const warned = new Set<string>();
/** Where each hooks module was loaded from, looked up once: the require cache holds ~1,000 modules. */
const hooksFiles = new WeakMap<object, string | undefined>();

/** A copy outside node_modules (npm link, a local path) would be serialized by value: large and fragile. */
function warnIfSerializedByValue(hooks: object, token: string): void {
  if (!hooksFiles.has(hooks)) {
    hooksFiles.set(hooks, Object.values(require.cache).find((m) => m?.exports === hooks)?.filename);
  }
  const file = hooksFiles.get(hooks);
  if (!file || file.split(/[\\/]/).includes("node_modules") || warned.has(token)) return;
  warned.add(token);
  void pulumi.log.warn(
    `pulumi-finetune (${token}) is loaded from ${file}, outside node_modules: its provider code will be stored ` +
      "in state by value instead of as a require() of the package. Install it with npm instead of linking it.",
  );
}
