// Reading the fields of a console action's JSON body, for every area. Every refusal is 400
// InappropriateJSON naming the field by its full path (`trainMeta.taskId`).
import { inappropriateJson } from "./errors";

export type JsonObject = Readonly<Record<string, unknown>>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const isInteger = (value: unknown): value is number => Number.isInteger(value);

export const numberIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === "number" && value >= min && value <= max;

export const list = (values: readonly (string | number)[]) => values.join(", ");

/** A field's value; null counts as absent, as the SDKs send it for unset options. */
export function present(object: JsonObject, key: string): unknown {
  const value = object[key];
  return value === null ? undefined : value;
}

export function requiredString(object: JsonObject, key: string, path = key): string {
  const value = present(object, key);
  if (value === undefined) throw inappropriateJson(path, `${path} is required.`);
  if (typeof value !== "string") throw inappropriateJson(path, `${path} must be a string.`);
  return value;
}

export function optionalString(object: JsonObject, key: string, path = key): string | undefined {
  return present(object, key) === undefined ? undefined : requiredString(object, key, path);
}

/** A required string that must not be empty (`datasetName`, an id). */
export function nonEmptyString(object: JsonObject, key: string, path = key): string {
  const value = requiredString(object, key, path);
  if (value === "") throw inappropriateJson(path, `${path} must not be empty.`);
  return value;
}

export function requiredObject(object: JsonObject, key: string, path = key): JsonObject {
  const value = present(object, key);
  if (value === undefined) throw inappropriateJson(path, `${path} is required.`);
  if (!isObject(value)) throw inappropriateJson(path, `${path} must be an object.`);
  return value;
}

export function optionalObject(
  object: JsonObject,
  key: string,
  path = key,
): JsonObject | undefined {
  return present(object, key) === undefined ? undefined : requiredObject(object, key, path);
}

export function optionalBoolean(object: JsonObject, key: string, path = key): boolean | undefined {
  const value = present(object, key);
  if (value === undefined || typeof value === "boolean") return value;
  throw inappropriateJson(path, `${path} must be true or false.`);
}

/** An optional integer from `min` to `max`. */
export function optionalInteger(
  object: JsonObject,
  key: string,
  [min, max]: readonly [number, number],
  path = key,
): number | undefined {
  const value = present(object, key);
  if (value === undefined) return undefined;
  if (isInteger(value) && value >= min && value <= max) return value;
  const range = max === Infinity ? `of ${min} or more` : `from ${min} to ${max}`;
  throw inappropriateJson(path, `${path} must be an integer ${range}.`);
}

/** An optional array of strings (`labels`, a filter's status list), each one of `allowed` if given. */
export function optionalStringList<T extends string = string>(
  object: JsonObject,
  key: string,
  path = key,
  allowed?: readonly T[],
): T[] | undefined {
  const value = present(object, key);
  if (value === undefined) return undefined;
  const what = allowed ? `an array of ${list(allowed)}` : "an array of strings";
  if (!Array.isArray(value)) throw inappropriateJson(path, `${path} must be ${what}.`);
  const items: readonly unknown[] = value;
  return items.map((item, i) => {
    if (typeof item === "string" && (!allowed || isOneOf(item, allowed))) return item as T;
    const itemPath = `${path}[${i}]`;
    const detail = allowed ? `one of ${list(allowed)}` : "a string";
    throw inappropriateJson(itemPath, `${itemPath} must be ${detail}.`);
  });
}

export const isOneOf = <T extends string>(value: string, allowed: readonly T[]): value is T =>
  (allowed as readonly string[]).includes(value);

export function checkLength(value: string, min: number, max: number, path: string): void {
  const length = [...value].length;
  if (length < min || length > max) {
    const detail = `${path} must be ${min} to ${max} characters long; it has ${length}.`;
    throw inappropriateJson(path, detail);
  }
}

export function oneOf<T extends string>(value: string, allowed: readonly T[], path: string): T {
  if (isOneOf(value, allowed)) return value;
  throw inappropriateJson(path, `${path} must be one of ${list(allowed)}.`);
}

/** A required string field that is one of `allowed`. */
export function requiredOneOf<T extends string>(
  object: JsonObject,
  key: string,
  allowed: readonly T[],
  path = key,
): T {
  return oneOf(requiredString(object, key, path), allowed, path);
}

export function optionalOneOf<T extends string>(
  object: JsonObject,
  key: string,
  allowed: readonly T[],
  path = key,
): T | undefined {
  const value = optionalString(object, key, path);
  return value === undefined ? undefined : oneOf(value, allowed, path);
}
