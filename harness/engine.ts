/**
 * The engine's part of `pulumi preview`, `up`, `refresh` and `destroy`, reduced to what a dynamic provider sees:
 * a program runs under mocks, each dynamic resource goes to the SDK's provider host as Check, then Create, or
 * Diff then Update/replace against the state of the previous run; resources gone from the program are deleted in
 * reverse order. State is a plain object the caller keeps between runs.
 */
import { isDeepStrictEqual } from "node:util";
import { MockResourceArgs } from "./messages";
import { runProgram } from "./program";
import { PropertyMap, ProviderCallError, ProviderHost } from "./providerHost";

export interface ResourceState {
  urn: string;
  type: string;
  name: string;
  id: string;
  inputs: PropertyMap;
  outputs: PropertyMap;
}

export interface StackState {
  resources: ResourceState[];
}

export type StepOp = "create" | "update" | "replace" | "delete" | "same" | "refresh" | "forget";

export interface Step {
  op: StepOp;
  urn: string;
  type: string;
  name: string;
  detail?: string;
}

export interface OperationResult {
  state: StackState;
  steps: Step[];
  outputs: Record<string, unknown>;
  errors: string[];
  programOutput: string[];
  /** CPU time the program's process used (seconds), for a run that ran the program. */
  programCpuSeconds?: number;
}

export interface EngineOptions {
  programDir: string;
  project: string;
  stack: string;
  host: ProviderHost;
  /** Environment of the program process (the host has its own, set when it starts). */
  env?: Record<string, string | undefined>;
  /** The program's stack config, full keys ("project:key"), as `pulumi config set` gives it. */
  config?: Record<string, string>;
  /**
   * How many resource operations (create, update, delete) of an `up` may run at once, as `pulumi up --parallel`:
   * by default unbounded, as the CLI's default (2147483647); 1 runs them one at a time. Check and Diff are not
   * counted (the engine makes them while it decides the steps, before an operation starts).
   */
  parallel?: number;
}

/** The CLI's `--parallel` default: no bound. */
export const UNBOUNDED_PARALLEL = 2_147_483_647;

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";
const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic";

export const emptyState = (): StackState => ({ resources: [] });

export class Engine {
  constructor(private readonly options: EngineOptions) {
    const parallel = options.parallel ?? UNBOUNDED_PARALLEL;
    if (!(Number.isInteger(parallel) && parallel >= 1)) {
      throw new Error(`parallel must be a whole number of at least 1, not ${parallel}.`);
    }
  }

  /** The most resource operations an `up` runs at once. */
  get parallel(): number {
    return this.options.parallel ?? UNBOUNDED_PARALLEL;
  }

  urn(type: string, name: string): string {
    return `urn:pulumi:${this.options.stack}::${this.options.project}::${type}::${name}`;
  }

  /** `env` adds to the program's environment for this run: programs under test read their arguments there. */
  preview(state: StackState, env?: Record<string, string | undefined>): Promise<OperationResult> {
    return this.run(state, true, env);
  }

  up(state: StackState, env?: Record<string, string | undefined>): Promise<OperationResult> {
    return this.run(state, false, env);
  }

  /**
   * Deletes in reverse order and, as `pulumi destroy` does without `--continue-on-error`, stops at the first delete
   * that fails: it and the resources before it stay in the state, for the next run.
   */
  async destroy(state: StackState): Promise<OperationResult> {
    const steps: Step[] = [];
    const errors: string[] = [];
    const remaining = [...state.resources];
    for (const resource of [...state.resources].reverse()) {
      try {
        if (resource.type.startsWith(DYNAMIC_PREFIX)) {
          await this.options.host.delete(resource.urn, resource.id, resource.outputs);
        }
        steps.push(step("delete", resource));
        remaining.splice(remaining.indexOf(resource), 1);
      } catch (error) {
        errors.push(`${resource.urn}: ${messageOf(error)}`);
        break;
      }
    }
    return { state: { resources: remaining }, steps, outputs: {}, errors, programOutput: [] };
  }

  async refresh(state: StackState): Promise<OperationResult> {
    const steps: Step[] = [];
    const errors: string[] = [];
    const resources: ResourceState[] = [];
    for (const resource of state.resources) {
      if (!resource.type.startsWith(DYNAMIC_PREFIX)) {
        resources.push(resource);
        continue;
      }
      try {
        const read = await this.options.host.read(
          resource.urn,
          resource.id,
          resource.outputs,
          resource.inputs,
        );
        if (!read.id) {
          steps.push(step("forget", resource));
          continue;
        }
        const changed = !isDeepStrictEqual(read.properties, resource.outputs);
        resources.push({
          ...resource,
          id: read.id,
          outputs: read.properties,
          inputs: read.inputs ?? resource.inputs,
        });
        steps.push(step(changed ? "refresh" : "same", resource));
      } catch (error) {
        errors.push(`${resource.urn}: ${messageOf(error)}`);
        resources.push(resource);
      }
    }
    return { state: { resources }, steps, outputs: {}, errors, programOutput: [] };
  }

  private async run(
    prior: StackState,
    preview: boolean,
    env?: Record<string, string | undefined>,
  ): Promise<OperationResult> {
    const byUrn = new Map(prior.resources.map((r) => [r.urn, r]));
    const next: ResourceState[] = [];
    const steps: Step[] = [];
    const errors: string[] = [];
    const replacedOld: ResourceState[] = [];
    const host = this.options.host;
    const operation = limiter(this.parallel);

    const onNewResource = async (args: MockResourceArgs) => {
      const urn = this.urn(args.type, args.name);
      const old = byUrn.get(urn);
      const { plain: inputs, secretKeys } = unwrapSecrets(args.inputs);
      if (!args.type.startsWith(DYNAMIC_PREFIX)) {
        const id = args.custom ? (old?.id ?? `${args.name}-id`) : "";
        next.push({ urn, type: args.type, name: args.name, id, inputs, outputs: inputs });
        steps.push({ op: old ? "same" : "create", urn, type: args.type, name: args.name });
        return { id: args.custom ? id : undefined, state: args.inputs };
      }
      try {
        const checked = await host.check(urn, old?.inputs ?? {}, inputs);
        if (checked.failures.length > 0) {
          throw new Error(checked.failures.map((f) => f.reason).join("\n"));
        }
        const news = checked.inputs;
        const base = { urn, type: args.type, name: args.name };
        if (!old) {
          steps.push({ op: "create", ...base });
          if (preview) return { id: "", state: rewrapSecrets(news, secretKeys) };
          const created = await operation(() => host.create(urn, news));
          next.push({ ...base, id: created.id, inputs: news, outputs: created.properties });
          return { id: created.id, state: rewrapSecrets(created.properties, secretKeys) };
        }
        const diff = await host.diff(urn, old.id, old.outputs, news);
        const changed =
          diff.changes === "some" ||
          (diff.changes === "unknown" && !isDeepStrictEqual(old.inputs, news));
        if (!changed) {
          steps.push({ op: "same", ...base });
          next.push({ ...old, inputs: news });
          return { id: old.id, state: rewrapSecrets(old.outputs, secretKeys) };
        }
        if (diff.replaces.length > 0) {
          steps.push({ op: "replace", ...base, detail: diff.replaces.join(",") });
          if (preview) return { id: "", state: rewrapSecrets(news, secretKeys) };
          if (diff.deleteBeforeReplace)
            await operation(() => host.delete(urn, old.id, old.outputs));
          else replacedOld.push(old);
          const created = await operation(() => host.create(urn, news));
          next.push({ ...base, id: created.id, inputs: news, outputs: created.properties });
          return { id: created.id, state: rewrapSecrets(created.properties, secretKeys) };
        }
        steps.push({ op: "update", ...base });
        if (preview)
          return { id: old.id, state: rewrapSecrets({ ...old.outputs, ...news }, secretKeys) };
        const outputs = await operation(() => host.update(urn, old.id, old.outputs, news));
        next.push({ ...old, inputs: news, outputs });
        return { id: old.id, state: rewrapSecrets(outputs, secretKeys) };
      } catch (error) {
        errors.push(`${urn}: ${messageOf(error)}`);
        const initFailure = error instanceof ProviderCallError ? error.initFailure : undefined;
        if (initFailure) {
          // Created but not ready: the engine keeps it, so that a later up or destroy can deal with it.
          next.push({
            urn,
            type: args.type,
            name: args.name,
            id: initFailure.id,
            inputs,
            outputs: initFailure.properties,
          });
        } else if (old && !next.some((r) => r.urn === urn)) next.push(old);
        throw error;
      }
    };

    const run = await runProgram({
      ...this.options,
      env: { ...this.options.env, ...env },
      preview,
      onNewResource,
    });
    const registered = new Set(next.map((r) => r.urn));
    const leftovers = prior.resources.filter((r) => !registered.has(r.urn));
    // As the real engine: resources the program no longer declares are deleted only after a run without errors
    // (one that failed may simply not have reached them); replaced ones are deleted either way.
    const failed = errors.length > 0 || run.errors.length > 0;
    const toDelete = [...replacedOld, ...(failed ? [] : [...leftovers].reverse())];
    if (failed) next.push(...leftovers.filter((r) => !next.includes(r)));
    if (!preview) {
      for (const resource of toDelete) {
        try {
          if (resource.type.startsWith(DYNAMIC_PREFIX)) {
            await host.delete(resource.urn, resource.id, resource.outputs);
          }
          if (!registered.has(resource.urn)) steps.push(step("delete", resource));
        } catch (error) {
          errors.push(`${resource.urn}: ${messageOf(error)}`);
          if (!registered.has(resource.urn)) next.push(resource);
        }
      }
    } else {
      for (const resource of leftovers) steps.push(step("delete", resource));
    }
    const programErrors = [...new Set(run.errors)].filter(
      (e) => !errors.some((known) => e.includes(stripUrn(known))),
    );
    return {
      state: preview ? prior : { resources: next },
      steps,
      outputs: run.outputs,
      errors: [...errors, ...programErrors],
      programOutput: run.stdout,
      programCpuSeconds: run.cpuSeconds,
    };
  }
}

/**
 * Runs at most `parallel` operations at once, the others waiting in the order they came; with the unbounded
 * default, each starts at once.
 */
export function limiter(parallel: number): <T>(operation: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (operation) => {
    // A slot that ends is handed to the first waiting operation, so none that arrives meanwhile can take it.
    if (running >= parallel) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await operation();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

function stripUrn(error: string): string {
  return error.slice(error.indexOf(": ") + 2);
}

function step(op: StepOp, resource: ResourceState): Step {
  return { op, urn: resource.urn, type: resource.type, name: resource.name };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The engine sends plain values to a provider that does not accept secrets, and marks the outputs secret again. */
function unwrapSecrets(inputs: Record<string, unknown>): {
  plain: PropertyMap;
  secretKeys: string[];
} {
  const plain: PropertyMap = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(inputs)) {
    if (isSecret(value)) {
      secretKeys.push(key);
      plain[key] = (value as { value: unknown }).value;
    } else {
      plain[key] = value;
    }
  }
  return { plain, secretKeys };
}

function rewrapSecrets(props: PropertyMap, secretKeys: string[]): PropertyMap {
  const out: PropertyMap = { ...props };
  for (const key of secretKeys) {
    if (key in out) out[key] = { [SECRET_SIG]: SECRET_VALUE, value: out[key] };
  }
  return out;
}

function isSecret(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SECRET_SIG] === SECRET_VALUE
  );
}
