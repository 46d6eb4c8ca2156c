/**
 * Field rules shared by the Qianfan console resources (dataset, model, service), on top of core/validation.ts. As
 * there, a value not known yet (preview) or not given is never a failure, and every failure names the field.
 */
import { isUnknown } from "../core/unknown";
import { Fail, isKnown, shown } from "../core/validation";

/** Not given at all (a value unknown at preview counts as given). */
export const isMissing = (value: unknown): boolean => !isKnown(value) && !isUnknown(value);

/** A required string: `hint` says what to give when it is missing. */
export function checkRequiredString(value: unknown, field: string, hint: string, fail: Fail): void {
  if (isMissing(value)) fail(field, `is required: ${hint}`);
  else if (isKnown(value) && (typeof value !== "string" || value.trim() === ""))
    fail(field, `must be a non-empty string: ${hint}`);
}

/** A string of `min` to `max` characters (counted as code points, so 中文 counts 2). */
export function checkLength(
  value: unknown,
  field: string,
  min: number,
  max: number,
  fail: Fail,
): void {
  if (!isKnown(value)) return;
  const length = typeof value === "string" ? [...value].length : -1;
  if (length < min || length > max)
    fail(
      field,
      min === 0
        ? `must be a string of at most ${max} characters (got ${lengthOf(value)}).`
        : `must be ${min} to ${max} characters (got ${shown(value)}).`,
    );
}

function lengthOf(value: unknown): string {
  return typeof value === "string" ? `${[...value].length}` : shown(value);
}

/** One of a documented list. */
export function checkOneOf<T extends string>(
  value: unknown,
  field: string,
  allowed: readonly T[],
  what: string,
  fail: Fail,
): void {
  if (isKnown(value) && !allowed.includes(value as T))
    fail(field, `${shown(value)} is not ${what}; use one of ${allowed.join(", ")}.`);
}

/** An id of the form `<prefix>…` (letters and digits after it), as Qianfan prints them. */
export function checkId(
  value: unknown,
  field: string,
  prefix: string,
  what: string,
  fail: Fail,
): void {
  if (isKnown(value) && !(typeof value === "string" && idPattern(prefix).test(value)))
    fail(field, `${shown(value)} is not ${what} (${prefix}…).`);
}

export const idPattern = (prefix: string): RegExp => new RegExp(`^${prefix}[A-Za-z0-9]+$`);

/** A plain object (not a list), or the unknown sentinel. */
export function isRecordValue(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
