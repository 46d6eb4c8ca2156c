/**
 * Azure OpenAI's two route families, and what each api-version offers (from Microsoft's OpenAPI specs, vendored in
 * test/specs/). Dated versions (`/openai/...?api-version=2025-04-01-preview`) have every operation this package
 * needs; v1 (`/openai/v1/...`) adds job metadata and reinforcement fine-tuning but has no uploads and no job
 * DELETE, so those two go to a dated version even when a stack chose v1.
 */
import { DEFAULT_AZURE_API_VERSION } from "../core/credentials";

export const V1_API_VERSION = "v1";
/** The default, and the dated version used for what v1 lacks: it has uploads, job DELETE, pause and resume. */
export const DATED_API_VERSION = DEFAULT_AZURE_API_VERSION;

export type RouteFamily = "v1" | "dated";

/** Operations whose route differs between the families. */
export type FamilyOperation = "uploads" | "jobDelete";

export type Feature = "metadata" | "reinforcement" | "pauseResume" | "method";

const DATED = /^(\d{4}-\d{2}-\d{2})(-preview)?$/;

/** `v1` in any case, or a dated version; undefined for anything else. */
export function normalizeApiVersion(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed.toLowerCase() === V1_API_VERSION) return V1_API_VERSION;
  return DATED.test(trimmed) ? trimmed : undefined;
}

export function apiVersionProblem(value: string): string | undefined {
  return normalizeApiVersion(value) === undefined
    ? `"${value}" is not an Azure OpenAI api-version; use "v1" or a dated one such as ${DATED_API_VERSION}.`
    : undefined;
}

export function familyOf(apiVersion: string): RouteFamily {
  return normalizeApiVersion(apiVersion) === V1_API_VERSION ? "v1" : "dated";
}

/** The api-version an operation is sent with: the chosen one, or the dated fallback where v1 has no route. */
export function apiVersionFor(operation: FamilyOperation, apiVersion: string): string {
  return familyOf(apiVersion) === "v1" ? DATED_API_VERSION : apiVersion;
}

/** Whether the api-version's spec has the feature (pause and resume: 2025-04-01-preview and later, and v1). */
export function supports(feature: Feature, apiVersion: string): boolean {
  if (familyOf(apiVersion) === "v1") return true;
  const [, date, preview] = DATED.exec(apiVersion.trim()) ?? [];
  // The job `method` (DPO): in the 2025-04-01-preview spec, not in the 2024-10-21 GA one; taken to be in every
  // preview and in no dated GA version.
  if (feature === "method") return preview !== undefined;
  if (feature !== "pauseResume") return false;
  return date !== undefined && date >= "2025-04-01";
}

const FEATURE_NAMES: Record<Feature, string> = {
  method: "training methods other than supervised (the job `method`)",
  metadata: "job metadata",
  reinforcement: "reinforcement fine-tuning",
  pauseResume: "pause and resume",
};

/** Why the api-version cannot do what an input asks, naming the fix. */
export function featureProblem(feature: Feature, apiVersion: string): string | undefined {
  if (supports(feature, apiVersion)) return undefined;
  const needs =
    feature === "pauseResume" || feature === "method" ? `"v1" or ${DATED_API_VERSION}` : `"v1"`;
  return (
    `api-version ${apiVersion} has no ${FEATURE_NAMES[feature]}; set the resource's apiVersion (or stack config ` +
    `azure-openai:apiVersion) to ${needs}.`
  );
}
