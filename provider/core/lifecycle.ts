/**
 * The life cycle every resource of this package implements, typed by its inputs (what `check` makes of the user's
 * arguments, with defaults filled in) and its outputs (the state the engine keeps: the inputs and what the service
 * reported). `defineHooks` (core/hooks.ts) turns one into the provider the Pulumi SDK calls.
 *
 * During preview the engine may hand `diff` inputs in which any value is the unknown sentinel (core/unknown.ts),
 * whatever its declared type; `create` and `update` only ever get known values.
 */
import type * as pulumi from "@pulumi/pulumi";

/** What the user wrote, before `check` has validated it. */
export type RawInputs = Record<string, unknown>;

export interface Checked {
  /** The inputs with defaults filled in; still raw, since at preview any value may be unknown. */
  inputs: RawInputs;
  failures: pulumi.dynamic.CheckFailure[];
}

export interface Created<Outputs> {
  id: string;
  outs: Outputs;
}

/** What the hooks know of the resource beside its inputs: its identity (core/identity.ts), when the program gave one. */
export interface LifecycleContext {
  identity?: string;
}

export interface ResourceImplementation<Inputs extends object, Outputs extends object> {
  /** Offline validation, at preview and before every create or update: no network. */
  check(olds: RawInputs, news: RawInputs): Promise<Checked>;
  diff(id: string, olds: Outputs, news: Inputs): Promise<pulumi.dynamic.DiffResult>;
  /** Makes the remote object; safe to retry (core/createOnce). */
  create(inputs: Inputs, context?: LifecycleContext): Promise<Created<Outputs>>;
  /** The state as the service has it now, or undefined when the object is gone. */
  read(id: string, state: Outputs): Promise<Outputs | undefined>;
  /** Applies a change the diff did not mark as a replacement. Without it, such a change touches nothing remotely. */
  update?(id: string, olds: Outputs, news: Inputs, context?: LifecycleContext): Promise<Outputs>;
  /** Removes the remote object; an object already gone is not an error. */
  delete(id: string, state: Outputs, context?: LifecycleContext): Promise<void>;
}
