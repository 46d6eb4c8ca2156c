/**
 * Every resource's provider is the `exports` of a hooks module loaded from node_modules, so its `__provider` in state
 * is one `require("pulumi-finetune/<vendor>/hooks/<type>")` line (written by core/serializedHooks.ts, as the SDK's
 * serializer would write it): no captured client, key or code. The hooks load
 * the implementation lazily and resolve credentials per call, so a package upgrade applies to old resources too.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ResourceInitError } from "./errors";
import { IDENTITY_KEY, identityIn } from "./identity";
import type { RawInputs, ResourceImplementation } from "./lifecycle";
import { redactSecrets } from "./redact";
import { PROVIDER_KEY } from "./serializedHooks";
import { setStackConfig } from "./stackConfig";

/** The provider object the SDK calls, typed by the resource's inputs and outputs. */
export interface Hooks<Inputs extends object, Outputs extends object> {
  configure(request: pulumi.dynamic.ConfigureRequest): Promise<void>;
  check(olds: RawInputs, news: RawInputs): Promise<pulumi.dynamic.CheckResult<RawInputs>>;
  diff(id: string, olds: Outputs, news: Inputs): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: Inputs): Promise<pulumi.dynamic.CreateResult<Outputs>>;
  /** The host always sends an object: the state on refresh, the given inputs on a `get`. */
  read(id: string, props: Outputs): Promise<pulumi.dynamic.ReadResult<Outputs>>;
  update(id: string, olds: Outputs, news: Inputs): Promise<pulumi.dynamic.UpdateResult<Outputs>>;
  delete(id: string, props: Outputs): Promise<void>;
}

export function defineHooks<Inputs extends object, Outputs extends object>(
  load: () => ResourceImplementation<Inputs, Outputs>,
): Hooks<Inputs, Outputs> {
  return {
    configure: async (request) => setStackConfig(request.config),
    check: (olds, news) =>
      guarded(async () => {
        const result = await load().check(ownInputs(olds), ownInputs(news));
        return { ...result, inputs: toWireValue(withIdentity(result.inputs, identityIn(news))) };
      }),
    diff: (id, olds, news) => guarded(() => load().diff(id, ownInputs(olds), ownInputs(news))),
    create: (inputs) =>
      guarded(async () => {
        const identity = identityIn(inputs);
        try {
          const result = await load().create(ownInputs(inputs), { identity });
          return { id: result.id, outs: toWireValue(withIdentity(result.outs, identity)) };
        } catch (error) {
          // The host does not add __provider to a partial create's properties, and without it the engine could never
          // call delete (or anything else) on the resource it keeps.
          const provider: unknown = Reflect.get(inputs, PROVIDER_KEY);
          if (error instanceof ResourceInitError && provider !== undefined) {
            error.properties = withIdentity(
              { ...error.properties, [PROVIDER_KEY]: provider },
              identity,
            );
          }
          throw error;
        }
      }),
    read: (id, props) =>
      guarded(async () => {
        const state = await load().read(id, ownInputs(props));
        if (state === undefined) return { id: "" };
        return { id, props: toWireValue(withIdentity(state, identityIn(props))) };
      }),
    update: (id, olds, news) =>
      guarded(async () => {
        const implementation = load();
        const identity = identityIn(news) ?? identityIn(olds);
        const outs = implementation.update
          ? await implementation.update(id, ownInputs(olds), ownInputs(news), { identity })
          : { ...ownInputs(olds), ...ownInputs(news) };
        return { outs: toWireValue(withIdentity(outs, identity)) };
      }),
    delete: (id, props) =>
      guarded(() => load().delete(id, ownInputs(props), { identity: identityIn(props) })),
  };
}

/**
 * What the implementation sees: the props without the keys the engine and the hooks keep for themselves (the
 * serialized provider, and the resource's identity, which reaches the implementation as an argument instead).
 */
export function ownInputs<T extends object>(props: T): T {
  const withoutEngineKey = withoutProvider(props);
  if (!withoutEngineKey || !(IDENTITY_KEY in withoutEngineKey)) return withoutEngineKey;
  const copy = { ...withoutEngineKey };
  Reflect.deleteProperty(copy, IDENTITY_KEY);
  return copy;
}

function withIdentity<T extends object>(props: T, identity: string | undefined): T {
  return identity === undefined ? props : { ...props, [IDENTITY_KEY]: identity };
}

/** A shallow copy without the serialized provider, which belongs to the engine and never to the implementation. */
export function withoutProvider<T extends object>(props: T): T {
  if (!props || !(PROVIDER_KEY in props)) return props;
  const copy = { ...props };
  Reflect.deleteProperty(copy, PROVIDER_KEY);
  return copy;
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
    }
    // A partial create's state becomes a Struct too (see toWireValue); one undefined there would make the host fail
    // to answer at all.
    if (error instanceof ResourceInitError) error.properties = toWireValue(error.properties);
    throw error;
  }
}
