import type * as pulumi from "@pulumi/pulumi";
import { isDeepStrictEqual } from "node:util";
import { containsUnknown } from "../core/unknown";

/**
 * Compares the keys a remote object cannot change in place (they replace it) and those that only shape what this
 * package does (an update that touches nothing remotely).
 */
export function diffProps(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  replaceKeys: readonly string[],
  updateKeys: readonly string[],
  defaults: Record<string, unknown> = {},
): pulumi.dynamic.DiffResult {
  const value = (props: Record<string, unknown>, key: string) => props[key] ?? defaults[key];
  const differs = (key: string) =>
    containsUnknown(news[key]) || !isDeepStrictEqual(value(olds, key), value(news, key));
  const replaces = replaceKeys.filter(differs);
  const updates = updateKeys.filter(differs);
  return { changes: replaces.length + updates.length > 0, replaces, deleteBeforeReplace: false };
}
