import type * as pulumi from "@pulumi/pulumi";
import { isDeepStrictEqual } from "node:util";
import { containsUnknown } from "./unknown";

/**
 * Compares the keys a remote object cannot change in place (they replace it) and those that only shape what this
 * package does, or that the resource's `update` applies. A value not known yet (preview) counts as a change. Each
 * resource declares its key lists `satisfies readonly (keyof Inputs)[]`, so a misspelt key cannot hide a change.
 */
export function diffProps(
  olds: object,
  news: object,
  replaceKeys: readonly string[],
  updateKeys: readonly string[],
  defaults: Record<string, unknown> = {},
): pulumi.dynamic.DiffResult {
  const value = (props: object, key: string) => propertyOf(props, key) ?? defaults[key];
  const differs = (key: string) =>
    containsUnknown(propertyOf(news, key)) ||
    !isDeepStrictEqual(value(olds, key), value(news, key));
  const replaces = replaceKeys.filter(differs);
  const updates = updateKeys.filter(differs);
  return { changes: replaces.length + updates.length > 0, replaces, deleteBeforeReplace: false };
}

/**
 * For objects that must never exist twice at once (two jobs would train, and bill, side by side): the old one is
 * deleted before its replacement is created.
 */
export function deletingFirst(result: pulumi.dynamic.DiffResult): pulumi.dynamic.DiffResult {
  return { ...result, deleteBeforeReplace: (result.replaces ?? []).length > 0 };
}

function propertyOf(props: object, key: string): unknown {
  return (props as Record<string, unknown>)[key];
}
