/**
 * Every resource's provider is the `exports` of a hooks module loaded from node_modules, so the SDK serializes it as
 * one `require("pulumi-finetune/<vendor>/hooks/<type>")` line: no captured client, key or code. The hooks load
 * the implementation lazily and resolve credentials per call, so a package upgrade applies to old resources too.
 */
import type * as pulumi from "@pulumi/pulumi";
import { redactSecrets } from "./redact";
import { setStackConfig } from "./stackConfig";

export type Props = Record<string, unknown>;

export interface ResourceImplementation {
  check?(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult>;
  diff?(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
  read?(id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
  update?(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
  delete?(id: string, props: Props): Promise<void>;
}

export const PROVIDER_KEY = "__provider";

export function defineHooks(load: () => ResourceImplementation): pulumi.dynamic.ResourceProvider {
  return {
    configure: async (req: pulumi.dynamic.ConfigureRequest) => setStackConfig(req.config),
    check: (olds: Props, news: Props) =>
      guarded(async () => {
        const impl = load();
        if (!impl.check) return { inputs: news };
        const result = await impl.check(withoutProvider(olds), withoutProvider(news));
        return { ...result, inputs: toWireValue(result.inputs) };
      }),
    diff: (id: string, olds: Props, news: Props) =>
      guarded(async () => {
        const impl = load();
        return impl.diff ? impl.diff(id, withoutProvider(olds), withoutProvider(news)) : {};
      }),
    create: (inputs: Props) =>
      guarded(async () => {
        try {
          const result = await load().create(withoutProvider(inputs));
          return { ...result, outs: toWireValue(result.outs) };
        } catch (error) {
          // The host does not add __provider to a partial create's properties, and without it the engine could never
          // call delete (or anything else) on the resource it keeps.
          const partial = error as { properties?: Props };
          if (partial.properties && inputs[PROVIDER_KEY] !== undefined) {
            partial.properties = { ...partial.properties, [PROVIDER_KEY]: inputs[PROVIDER_KEY] };
          }
          throw error;
        }
      }),
    read: (id: string, props: Props) =>
      guarded(async () => {
        const impl = load();
        if (!impl.read) return { id, props };
        const result = await impl.read(id, withoutProvider(props));
        return { ...result, props: toWireValue(result.props), inputs: toWireValue(result.inputs) };
      }),
    update: (id: string, olds: Props, news: Props) =>
      guarded(async () => {
        const impl = load();
        if (!impl.update) throw new Error("update is not supported for this resource; the diff should replace it.");
        const result = await impl.update(id, withoutProvider(olds), withoutProvider(news));
        return { ...result, outs: toWireValue(result.outs) };
      }),
    delete: (id: string, props: Props) =>
      guarded(async () => {
        await load().delete?.(id, withoutProvider(props));
      }),
  };
}

export function withoutProvider(props: Props): Props {
  if (!props || !(PROVIDER_KEY in props)) return props;
  const { [PROVIDER_KEY]: _provider, ...rest } = props;
  return rest;
}

/**
 * The host sends results as protobuf Structs, which reject `undefined` ("Unexpected struct type") after the remote
 * object was already made: so absent values are dropped here, once, for every resource.
 */
export function toWireValue<T>(value: T): T {
  if (value === undefined || value === null) return value;
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Runs a hook and makes sure what it throws carries no credential (the host prints message and stack). */
async function guarded<T>(hook: () => Promise<T>): Promise<T> {
  try {
    return await hook();
  } catch (error) {
    if (error instanceof Error) {
      error.message = redactSecrets(error.message);
      if (error.stack) error.stack = redactSecrets(error.stack);
      // A partial-create error's properties become a Struct too (see toWireValue); one undefined there would make
      // the host fail to answer at all.
      const partial = error as Error & { properties?: unknown };
      if (partial.properties !== undefined) partial.properties = toWireValue(partial.properties);
    }
    throw error;
  }
}
