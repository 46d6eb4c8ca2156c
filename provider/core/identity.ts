/**
 * A resource's stable identity: the same in every run of the same stack, different between resources and between
 * stacks. The program derives it from what Pulumi identifies the resource by (organization, and the URN: project,
 * stack, parent types, type and name) and hands it to the provider as the `__identity` input, which no diff looks
 * at. Remote objects carry it (core of crash safety: the create of a run that was killed can be found and taken
 * over by the next run instead of being made twice).
 *
 * Shape: `<stack part>_<resource part>`, 8 and 12 hex digits. The stack part alone says "made by this stack",
 * which is what a delete needs to recognise objects of an interrupted run that block it.
 *
 * What a remote object carries is its marker: the identity and a fingerprint of the inputs that would replace the
 * object. A replacement made before its predecessor is deleted has the same identity but another fingerprint, so
 * the look-up for an interrupted create never takes the predecessor (which the engine is about to delete) for it.
 */
import { createHash } from "node:crypto";

export const IDENTITY_KEY = "__identity";

const STACK_PART_LENGTH = 8;
const RESOURCE_PART_LENGTH = 12;
const FINGERPRINT_LENGTH = 8;
const IDENTITY = /^[0-9a-f]{8}_[0-9a-f]{12}$/;
const MARKER = /^([0-9a-f]{8})_[0-9a-f]{12}_[0-9a-f]{8}$/;

export interface IdentitySource {
  /** Empty when the engine does not say (an older CLI, or tests without one). */
  organization: string;
  project: string;
  stack: string;
  urn: string;
}

const hash = (text: string, length: number) =>
  createHash("sha256").update(text).digest("hex").slice(0, length);

export function computeIdentity(source: IdentitySource): string {
  const stackPart = hash(
    ["stack", source.organization, source.project, source.stack].join("\n"),
    STACK_PART_LENGTH,
  );
  const resourcePart = hash(
    ["resource", source.organization, source.urn].join("\n"),
    RESOURCE_PART_LENGTH,
  );
  return `${stackPart}_${resourcePart}`;
}

export function isIdentity(value: unknown): value is string {
  return typeof value === "string" && IDENTITY.test(value);
}

/** The part every resource of one stack shares. */
export function stackPartOf(identity: string): string {
  return identity.slice(0, STACK_PART_LENGTH);
}

export function sameStack(identity: string, other: string): boolean {
  return isIdentity(identity) && isIdentity(other) && stackPartOf(identity) === stackPartOf(other);
}

/** The identity kept in a resource's inputs or state, when it is a well-formed one. */
export function identityIn(props: object): string | undefined {
  const value: unknown = Reflect.get(props, IDENTITY_KEY);
  return isIdentity(value) ? value : undefined;
}

/**
 * The marker a remote object carries: the identity and a fingerprint of the inputs named by `keys` (those that would
 * replace the object).
 */
export function markerOf(identity: string, inputs: object, keys: readonly string[]): string {
  const values = Object.fromEntries(keys.map((key) => [key, Reflect.get(inputs, key)]));
  return `${identity}_${hash(canonicalJson(values), FINGERPRINT_LENGTH)}`;
}

export function isMarker(value: unknown): value is string {
  return typeof value === "string" && MARKER.test(value);
}

/** Whether a marker found on a remote object was made by a resource of the stack `identity` belongs to. */
export function markedByStack(marker: string, identity: string): boolean {
  return isMarker(marker) && isIdentity(identity) && marker.startsWith(`${stackPartOf(identity)}_`);
}

/**
 * A number in [0, 2^(stackBits + markerBits)) that carries the marker where only a number fits (a job's seed): the
 * stack part's share in the high bits, so that the stack can still be recognised from it.
 */
export function markerNumber(marker: string, stackBits: number, markerBits: number): number {
  const stack = parseInt(marker.slice(0, STACK_PART_LENGTH), 16) % 2 ** stackBits;
  const rest = parseInt(hash(marker, 8), 16) % 2 ** markerBits;
  return stack * 2 ** markerBits + rest;
}

/** Whether `value` is a markerNumber of some resource of the stack `identity` belongs to. */
export function numberMarkedByStack(
  value: number,
  identity: string,
  stackBits: number,
  markerBits: number,
): boolean {
  const stack = parseInt(stackPartOf(identity), 16) % 2 ** stackBits;
  return Math.floor(value / 2 ** markerBits) === stack;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export const MARKER_LENGTH = STACK_PART_LENGTH + RESOURCE_PART_LENGTH + FINGERPRINT_LENGTH + 2;
