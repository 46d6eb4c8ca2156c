/**
 * Calls a policy's validateResource / validateStack directly with hand-built args and collects what it reports.
 * getConfig returns the defaults from the policy's configSchema, overlaid with the test's overrides — what the
 * policy engine hands a rule when the pack is run without config.
 */
import { unknownCheckingProxy } from "@pulumi/policy";
import type { Registration } from "../../harness";
import type {
  Policies,
  Policy,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";

export type Config = Record<string, unknown>;

export function schemaDefaults(policy: Policy): Config {
  const properties = policy.configSchema?.properties ?? {};
  return Object.fromEntries(
    Object.entries(properties)
      .filter(([, schema]) => schema.default !== undefined)
      .map(([key, schema]) => [key, structuredClone(schema.default)]),
  );
}

export function options(overrides: Partial<PolicyResourceOptions> = {}): PolicyResourceOptions {
  return {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...overrides,
  };
}

export function urnOf(type: string, name: string, stack = "dev"): string {
  return `urn:pulumi:${stack}::finetune::${type}::${name}`;
}

class NotApplicable extends Error {}

export interface ResourceSpec {
  type: string;
  name?: string;
  props: Record<string, unknown>;
  opts?: Partial<PolicyResourceOptions>;
  /** The stack in the resource's URN (default "dev"). */
  stack?: string;
  /** For a stack's check: the names of the resources of the same stack each property depends on. */
  propertyDependencies?: Record<string, string[]>;
}

function configGetter(policy: Policy, config: Config) {
  return <T extends object>(): T => ({ ...schemaDefaults(policy), ...config }) as T;
}

export function resourceArgs(
  policy: Policy,
  spec: ResourceSpec,
  config: Config = {},
): ResourceValidationArgs {
  return {
    ...resourceBase(spec),
    stackTags: new Map(),
    getConfig: configGetter(policy, config),
    notApplicable: (reason?: string) => {
      throw new NotApplicable(reason);
    },
  };
}

export function policyResource(spec: ResourceSpec): PolicyResource {
  return { ...resourceBase(spec), dependencies: [], propertyDependencies: {} };
}

/** What a resource looks like to a policy, in a single resource's check and in a stack's alike. */
function resourceBase(spec: ResourceSpec) {
  const name = spec.name ?? "example";
  return {
    type: spec.type,
    props: spec.props,
    urn: urnOf(spec.type, name, spec.stack),
    name,
    opts: options(spec.opts),
    isType: () => false,
    asType: () => undefined,
  };
}

/** The messages a resource policy reports for one resource. */
export async function violations(
  policy: ResourceValidationPolicy,
  spec: ResourceSpec,
  config: Config = {},
): Promise<string[]> {
  const messages: string[] = [];
  const validations = [policy.validateResource ?? []].flat();
  const args = resourceArgs(policy, spec, config);
  for (const validate of validations) {
    try {
      await validate(args, (message) => messages.push(message));
    } catch (e) {
      if (!(e instanceof NotApplicable)) throw e;
    }
  }
  return messages;
}

/** The messages a stack policy reports for a stack of resources, each with the urn it was reported against. */
export async function stackViolations(
  policy: StackValidationPolicy,
  specs: ResourceSpec[],
  config: Config = {},
): Promise<{ message: string; urn?: string }[]> {
  const reported: { message: string; urn?: string }[] = [];
  const resources = specs.map(policyResource);
  // As the policy server does: dependencies are the stack's own resource objects.
  specs.forEach((spec, i) => {
    for (const [property, names] of Object.entries(spec.propertyDependencies ?? {})) {
      resources[i]!.propertyDependencies[property] = names.map((name) => {
        const found = resources.find((r) => r.name === name);
        if (!found) throw new Error(`propertyDependencies: no resource named ${name} in the stack`);
        return found;
      });
    }
  });
  const args: StackValidationArgs = {
    resources,
    stackTags: new Map(),
    getConfig: configGetter(policy, config),
    notApplicable: (reason?: string) => {
      throw new NotApplicable(reason);
    },
  };
  try {
    await policy.validateStack(args, (message, urn) =>
      reported.push(urn === undefined ? { message } : { message, urn }),
    );
  } catch (e) {
    if (!(e instanceof NotApplicable)) throw e;
  }
  return reported;
}

/** A copy of `value` with `path` (dot-separated) set to `next`, or deleted when `next` is undefined. */
export function withPath<T extends object>(value: T, path: string, next: unknown): T {
  const copy = structuredClone(value) as Record<string, unknown>;
  const keys = path.split(".");
  let target = copy;
  for (const key of keys.slice(0, -1)) {
    target[key] ??= {};
    target = target[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1]!;
  if (next === undefined) delete target[last];
  else target[last] = next;
  return copy as T;
}

/** The policy SDK's sentinel for a value not known at preview, as the engine sends it (any type). */
const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const checkingProxy: (props: Record<string, unknown>) => Record<string, unknown> =
  unknownCheckingProxy;

/**
 * `spec` as a policy sees it at preview with the values at `paths` not known yet: behind the policy SDK's own
 * proxy, which throws on reading them. Apply it last (the proxy cannot be cloned).
 */
export function atPreview(spec: ResourceSpec, ...paths: string[]): ResourceSpec {
  const props = paths.reduce(
    (acc, path) => withPath(acc, path, UNKNOWN_SENTINEL),
    structuredClone(spec.props),
  );
  // Rebuilt as JSON: structuredClone makes objects of jest's outer realm, which the proxy would not wrap.
  return {
    ...spec,
    props: checkingProxy(JSON.parse(JSON.stringify(props)) as Record<string, unknown>),
  };
}

/**
 * The messages `policies` report for what a program registered (captured with the mocks harness): resource rules
 * see the inputs, stack rules the inputs and the outputs `outputsFor` gives each resource.
 */
export async function registrationViolations(
  policies: Policies,
  registrations: Registration[],
  outputsFor: (r: Registration) => Record<string, unknown> | undefined,
): Promise<string[]> {
  const specs = registrations.map((r) => ({ type: r.type, name: r.name, props: r.inputs }));
  const stackSpecs = registrations.map((r) => ({
    type: r.type,
    name: r.name,
    props: { ...r.inputs, ...outputsFor(r) },
  }));
  const messages: string[] = [];
  for (const policy of policies) {
    if ("validateResource" in policy) {
      for (const spec of specs) messages.push(...(await violations(policy, spec)));
    } else {
      const reported = await stackViolations(policy as StackValidationPolicy, stackSpecs);
      messages.push(...reported.map((v) => v.message));
    }
  }
  return messages;
}
