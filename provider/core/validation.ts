/**
 * The pieces every resource's offline check is made of. A failure names the field as the user wrote it and says
 * what is allowed; a value not known yet (preview) or not given is never a failure here.
 */
import type * as pulumi from "@pulumi/pulumi";
import { CredentialsError, InputError } from "./errors";
import { isUnknown } from "./unknown";

export type Fail = (field: string, reason: string) => void;

/** A user's value as a message quotes it: strings in quotes, anything else as JSON ("[object Object]" never). */
export function shown(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

export function failureCollector(): { failures: pulumi.dynamic.CheckFailure[]; fail: Fail } {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  return {
    failures,
    fail: (field, reason) => failures.push({ property: field, reason: `${field}: ${reason}` }),
  };
}

/** Given, and known at this point: not undefined, not null, not the preview's unknown sentinel. */
export function isKnown(value: unknown): boolean {
  return value !== undefined && value !== null && !isUnknown(value);
}

export interface NumberRange {
  min: number;
  max: number;
  integer?: boolean;
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
}

export function inRange(value: unknown, range: NumberRange): boolean {
  if (typeof value !== "number" || !Number.isFinite(value)) return false;
  if (range.integer && !Number.isInteger(value)) return false;
  if (range.exclusiveMin ? value <= range.min : value < range.min) return false;
  return range.exclusiveMax ? value < range.max : value <= range.max;
}

/** "a whole number from 1 to 50", "a number above 0 and up to 10", "a number above 0 and below 1". */
export function describeRange(range: NumberRange): string {
  const kind = range.integer ? "a whole number" : "a number";
  const low = range.exclusiveMin ? `above ${range.min}` : `from ${range.min}`;
  const high = range.exclusiveMax
    ? `below ${range.max}`
    : range.exclusiveMin
      ? `up to ${range.max}`
      : `to ${range.max}`;
  const and = range.exclusiveMin || range.exclusiveMax ? " and" : "";
  return `${kind} ${low}${and} ${high}`;
}

export function checkNumber(value: unknown, field: string, range: NumberRange, fail: Fail): void {
  if (!isKnown(value)) return;
  if (!inRange(value, range))
    fail(field, `must be ${describeRange(range)} (got ${JSON.stringify(value)}).`);
}

export function checkBoolean(value: unknown, field: string, fail: Fail): void {
  if (isKnown(value) && typeof value !== "boolean") fail(field, "must be true or false.");
}

/** The inputs of a resource that can wait for its training to finish during `pulumi up`. */
export function checkCompletionWait(news: Record<string, unknown>, fail: Fail): void {
  checkBoolean(news.waitForCompletion, "waitForCompletion", fail);
  checkWaitSettings(news, ["completionTimeoutSeconds"], 30, fail);
}

/** A wait during `pulumi up`: each timeout (1 s up to `maxDays`), and how often it reads (1 s to an hour). */
export function checkWaitSettings(
  news: Record<string, unknown>,
  timeoutFields: readonly string[],
  maxDays: number,
  fail: Fail,
): void {
  for (const field of timeoutFields)
    checkNumber(news[field], field, { min: 1, max: maxDays * 24 * 3600 }, fail);
  checkNumber(news.pollIntervalSeconds, "pollIntervalSeconds", { min: 1, max: 3600 }, fail);
}

/** The record without the keys whose value is undefined or null: what the user did not give. */
export function givenOnly(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined && value !== null),
  );
}

/**
 * A bad or missing setting found at preview, as a check failure naming what to set; anything else is rethrown. The
 * setting is the one the error names, else `setting`.
 */
export function settingFailure(error: unknown, setting: string): pulumi.dynamic.CheckFailure {
  if (error instanceof InputError) return { property: error.field, reason: error.message };
  if (error instanceof CredentialsError)
    return { property: error.setting ?? setting, reason: error.message };
  throw error;
}
