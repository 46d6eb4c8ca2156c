/**
 * FineTuneJob inputs as the provider receives them, and their offline validation: every field checked with a
 * message that names it and the allowed values. Unknown values (preview) pass.
 */
import type * as pulumi from "@pulumi/pulumi";
import { isUnknown } from "../core/unknown";
import {
  checkBoolean,
  checkCompletionWait,
  checkNumber,
  describeRange,
  Fail,
  failureCollector,
  givenOnly,
  inRange,
  isKnown,
  NumberRange,
  shown,
} from "../core/validation";
import { apiVersionProblem, Feature, featureProblem } from "./apiVersions";
import { checkEndpointInput } from "./fileInputs";
import { KNOWN_BASE_MODELS, REINFORCEMENT_MODELS } from "./baseModels";
import { METHOD_TYPES, MethodType } from "./methodTypes";
import { checkGrader, Grader } from "./graders";
import type { ExampleFormat } from "./trainingData";
import { normalizeTrainingType, TrainingType } from "./trainingTypes";

export const REASONING_EFFORTS = ["default", "low", "medium", "high"] as const;

export interface ReinforcementHyperparameters extends Omit<Hyperparameters, "beta"> {
  reasoningEffort?: (typeof REASONING_EFFORTS)[number];
  computeMultiplier?: number | Auto;
  evalInterval?: number | Auto;
  evalSamples?: number | Auto;
}

export interface ReinforcementSettings {
  grader: Grader;
  /** The service's `response_format`, e.g. { type: "json_schema", json_schema: { name, schema } }. */
  responseFormat?: { type: "json_schema"; json_schema: Record<string, unknown> };
  hyperparameters?: ReinforcementHyperparameters;
}

export type JobMethod =
  | { type: "supervised" | "dpo"; hyperparameters?: Hyperparameters }
  | { type: "reinforcement"; reinforcement: ReinforcementSettings };
export type Auto = "auto";

export interface Hyperparameters {
  nEpochs?: number | Auto;
  batchSize?: number | Auto;
  learningRateMultiplier?: number | Auto;
  /** DPO only. */
  beta?: number | Auto;
}

export interface FineTuneJobInputs {
  model: string;
  trainingFileId: string;
  validationFileId?: string;
  /** Known when the job was given a TrainingFile or Upload resource rather than a bare id. */
  trainingFilePurpose?: string;
  validationFilePurpose?: string;
  suffix?: string;
  seed?: number;
  hyperparameters?: Hyperparameters;
  method?: JobMethod;
  /** Known when the job was given a TrainingFile or Upload resource whose content was validated. */
  trainingFileFormat?: ExampleFormat;
  validationFileFormat?: ExampleFormat;
  waitForCompletion: boolean;
  completionTimeoutSeconds: number;
  pollIntervalSeconds: number;
  adoptExistingId?: string;
  endpoint?: string;
  apiVersion?: string;
  /** Stored as one of three names, whatever spelling was given. */
  trainingType?: TrainingType;
  metadata?: Record<string, string>;
  /** A declarative pause: changing it pauses or resumes the job. */
  paused: boolean;
}

export const MAX_METADATA_PAIRS = 16;
/** The metadata key that carries the job's marker (core/identity.ts): one of the service's pairs is this package's. */
export const JOB_MARKER_KEY = "pulumi-finetune";
export const MAX_USER_METADATA_PAIRS = MAX_METADATA_PAIRS - 1;
export const MAX_METADATA_KEY_LENGTH = 64;
export const MAX_METADATA_VALUE_LENGTH = 512;

export const DEFAULT_COMPLETION_TIMEOUT_SECONDS = 24 * 3600;
export const DEFAULT_POLL_INTERVAL_SECONDS = 5;
export const MAX_POLL_INTERVAL_SECONDS = 30;
export const SUFFIX_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const HYPERPARAMETER_RANGES: Record<keyof Hyperparameters, NumberRange> = {
  nEpochs: { min: 1, max: 50, integer: true },
  batchSize: { min: 1, max: 256, integer: true },
  learningRateMultiplier: { min: 0, max: 10, exclusiveMin: true },
  beta: { min: 0, max: 2, exclusiveMin: true },
};

/** The spec gives no ranges for these; the ones here are this package's, and say so in the README. */
const REINFORCEMENT_RANGES: Record<
  "computeMultiplier" | "evalInterval" | "evalSamples",
  NumberRange
> = {
  computeMultiplier: { min: 0, max: 10, exclusiveMin: true },
  evalInterval: { min: 1, max: 1000, integer: true },
  evalSamples: { min: 1, max: 1000, integer: true },
};

export interface JobCheck {
  inputs: Record<string, unknown>;
  failures: pulumi.dynamic.CheckFailure[];
  warnings: string[];
}

export interface JobCheckContext {
  /** The api-version the job will be sent with: its own input, else the stack's, else the default. */
  apiVersion: string;
  /** Whether the job exists already (an update), or is to be created. */
  exists: boolean;
}

export function checkFineTuneJob(
  news: Record<string, unknown>,
  context: JobCheckContext,
): JobCheck {
  const { failures, fail } = failureCollector();
  const warnings: string[] = [];
  const inputs: Record<string, unknown> = {
    waitForCompletion: false,
    completionTimeoutSeconds: DEFAULT_COMPLETION_TIMEOUT_SECONDS,
    pollIntervalSeconds: DEFAULT_POLL_INTERVAL_SECONDS,
    paused: false,
    ...givenOnly(news),
  };
  const apiVersionKnown =
    !isUnknown(news.apiVersion) && apiVersionProblem(context.apiVersion) === undefined;
  const needs = (feature: Feature, field: string) => {
    const problem = apiVersionKnown ? featureProblem(feature, context.apiVersion) : undefined;
    if (problem) fail(field, problem);
  };

  if (news.model === undefined || news.model === null || news.model === "") {
    fail("model", `is required: the base model to fine-tune, e.g. ${KNOWN_BASE_MODELS[3]}.`);
  } else if (isKnown(news.model)) {
    if (typeof news.model !== "string") fail("model", "must be a string.");
    else if (!KNOWN_BASE_MODELS.includes(news.model as (typeof KNOWN_BASE_MODELS)[number])) {
      warnings.push(
        `model: "${news.model}" is not in this package's list of fine-tunable models (${KNOWN_BASE_MODELS.join(", ")}); ` +
          "it is sent as given, and the service decides.",
      );
    }
  }
  checkFileId(news, "trainingFileId", true, fail);
  checkFileId(news, "validationFileId", false, fail);
  for (const [idKey, purposeKey] of [
    ["trainingFileId", "trainingFilePurpose"],
    ["validationFileId", "validationFilePurpose"],
  ] as const) {
    const purpose = news[purposeKey];
    if (isKnown(purpose) && purpose !== "fine-tune") {
      fail(
        idKey,
        `the file has purpose ${shown(purpose)}; fine-tuning needs a file uploaded with purpose "fine-tune".`,
      );
    }
  }
  if (
    isKnown(news.suffix) &&
    (typeof news.suffix !== "string" || !SUFFIX_PATTERN.test(news.suffix))
  ) {
    fail(
      "suffix",
      `${shown(news.suffix)} must be 1 to 64 characters: letters, digits, "-" and "_".`,
    );
  }
  checkNumber(news.seed, "seed", { integer: true, min: 0, max: 2147483647 }, fail);
  checkHyperparameters(news.hyperparameters, "hyperparameters", false, fail);
  if (isKnown(news.method)) {
    const method = news.method as Record<string, unknown>;
    if (typeof method !== "object" || Array.isArray(method))
      fail("method", "must be an object { type, hyperparameters }.");
    else {
      if (method.type === "reinforcement") checkReinforcement(news, method, fail, needs, warnings);
      else if (method.type === "dpo") needs("method", "method.type");
      if (isKnown(method.type) && !METHOD_TYPES.includes(method.type as MethodType)) {
        fail(
          "method.type",
          `${shown(method.type)} is not a method; use one of ${METHOD_TYPES.join(", ")}.`,
        );
      }
      if (method.type === undefined)
        fail("method.type", `is required; use one of ${METHOD_TYPES.join(", ")}.`);
      if (method.type === "reinforcement" && isKnown(method.hyperparameters)) {
        fail(
          "method.hyperparameters",
          "give a reinforcement job's hyperparameters in method.reinforcement.hyperparameters.",
        );
      } else
        checkHyperparameters(
          method.hyperparameters,
          "method.hyperparameters",
          method.type === "dpo",
          fail,
        );
      if (isKnown(news.hyperparameters) && isKnown(method.hyperparameters)) {
        fail(
          "hyperparameters",
          "give hyperparameters either at the top level or in method.hyperparameters, not both.",
        );
      }
    }
  }
  const reinforcement =
    typeof news.method === "object" &&
    news.method !== null &&
    "type" in news.method &&
    news.method.type === "reinforcement";
  if (!reinforcement) checkFilesNotForReinforcement(news, fail);
  checkCompletionWait(news, fail);
  if (isKnown(news.trainingType)) {
    const trainingType =
      typeof news.trainingType === "string" ? normalizeTrainingType(news.trainingType) : undefined;
    if (trainingType === undefined) {
      fail(
        "trainingType",
        `${shown(news.trainingType)} is not a training type; use standard, globalStandard or developer ` +
          "(any letter case; globalstandard and developerTier are read too).",
      );
    } else inputs.trainingType = trainingType;
  }
  if (isKnown(news.metadata)) {
    checkMetadata(news.metadata, fail);
    needs("metadata", "metadata");
  }
  checkBoolean(news.paused, "paused", fail);
  if (news.paused === true) {
    if (!context.exists) {
      fail(
        "paused",
        "a new job cannot start paused: create it with paused: false (or leave it out), and set paused: true " +
          "once it has trained a step.",
      );
    }
    needs("pauseResume", "paused");
  }
  if (isKnown(news.apiVersion) && typeof news.apiVersion === "string" && news.apiVersion !== "") {
    const problem = apiVersionProblem(news.apiVersion);
    if (problem) fail("apiVersion", problem);
  }
  if (
    isKnown(news.adoptExistingId) &&
    (typeof news.adoptExistingId !== "string" ||
      !/^ftjob-[A-Za-z0-9_-]+$/.test(news.adoptExistingId))
  ) {
    fail(
      "adoptExistingId",
      `${shown(news.adoptExistingId)} is not a fine-tuning job id; they look like ftjob-abc123.`,
    );
  }
  for (const key of ["endpoint", "apiVersion"]) {
    if (isKnown(news[key]) && (typeof news[key] !== "string" || news[key] === ""))
      fail(key, "must be a non-empty string.");
  }
  checkEndpointInput(news.endpoint, fail);
  return { inputs, failures, warnings };
}

function checkReinforcement(
  news: Record<string, unknown>,
  method: Record<string, unknown>,
  fail: Fail,
  needs: (feature: Feature, field: string) => void,
  warnings: string[],
): void {
  needs("reinforcement", "method.type");
  const settings = method.reinforcement;
  if (!isKnown(settings) || typeof settings !== "object" || Array.isArray(settings)) {
    if (!isUnknown(settings)) {
      fail(
        "method.reinforcement",
        "is required for method type reinforcement: { grader, responseFormat?, hyperparameters? }.",
      );
    }
  } else {
    const rft = settings as Record<string, unknown>;
    checkGrader(rft.grader, "method.reinforcement.grader", fail);
    checkResponseFormat(rft.responseFormat, fail);
    checkReinforcementHyperparameters(rft.hyperparameters, fail);
  }
  if (!isKnown(news.validationFileId) && !isUnknown(news.validationFileId)) {
    fail(
      "validationFileId",
      "is required for reinforcement fine-tuning: give validationFile (or validationFileId) too.",
    );
  }
  for (const [idKey, formatKey, resource] of FILE_FORMAT_KEYS) {
    const format = news[formatKey];
    if (isKnown(format) && format !== "reinforcement") {
      fail(
        idKey,
        `the ${resource}'s examples are ${String(format)} examples; reinforcement fine-tuning needs examples that end ` +
          `with a "user" message: declare dataFormat: "reinforcement" on the ${resource} and fix the data.`,
      );
    }
  }
  if (typeof news.model === "string" && !REINFORCEMENT_MODELS.some((m) => m === news.model)) {
    warnings.push(
      `model: reinforcement fine-tuning is offered for ${REINFORCEMENT_MODELS.join(", ")}; "${news.model}" is sent ` +
        "as given, and the service decides.",
    );
  }
}

const FILE_FORMAT_KEYS = [
  ["trainingFileId", "trainingFileFormat", "training file"],
  ["validationFileId", "validationFileFormat", "validation file"],
] as const;

/** Files declared for reinforcement have no assistant answers: supervised and DPO jobs cannot learn from them. */
function checkFilesNotForReinforcement(news: Record<string, unknown>, fail: Fail): void {
  for (const [idKey, formatKey, resource] of FILE_FORMAT_KEYS) {
    if (news[formatKey] === "reinforcement") {
      fail(
        idKey,
        `the ${resource} holds reinforcement examples; use method type reinforcement, or another file.`,
      );
    }
  }
}

function checkResponseFormat(value: unknown, fail: Fail): void {
  if (value === undefined || value === null || isUnknown(value)) return;
  const ok =
    typeof value === "object" &&
    !Array.isArray(value) &&
    (value as Record<string, unknown>).type === "json_schema" &&
    typeof (value as Record<string, unknown>).json_schema === "object";
  if (!ok) {
    fail(
      "method.reinforcement.responseFormat",
      'must be { type: "json_schema", json_schema: { name, schema } } (the service\'s response_format).',
    );
  }
}

function checkReinforcementHyperparameters(value: unknown, fail: Fail): void {
  const path = "method.reinforcement.hyperparameters";
  if (value === undefined || value === null || isUnknown(value)) return;
  if (typeof value !== "object" || Array.isArray(value)) {
    fail(path, 'must be an object such as { reasoningEffort: "medium", computeMultiplier: 1 }.');
    return;
  }
  const { reasoningEffort, computeMultiplier, evalInterval, evalSamples, ...supervised } =
    value as Record<string, unknown>;
  if (isKnown(reasoningEffort) && !REASONING_EFFORTS.some((e) => e === reasoningEffort)) {
    fail(
      `${path}.reasoningEffort`,
      `${shown(reasoningEffort)} is not one of ${REASONING_EFFORTS.join(", ")}.`,
    );
  }
  for (const [key, setting] of Object.entries({ computeMultiplier, evalInterval, evalSamples })) {
    if (setting === undefined || setting === "auto" || isUnknown(setting)) continue;
    const range = REINFORCEMENT_RANGES[key as keyof typeof REINFORCEMENT_RANGES];
    if (!inRange(setting, range)) {
      fail(
        `${path}.${key}`,
        `must be "auto" or ${describeRange(range)} (got ${JSON.stringify(setting)}).`,
      );
    }
  }
  checkHyperparameters(supervised, path, false, fail);
}

function checkMetadata(value: unknown, fail: Fail): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail("metadata", 'must be an object of strings, e.g. { owner: "ml-team" }.');
    return;
  }
  const pairs = Object.entries(value);
  if (pairs.length > MAX_USER_METADATA_PAIRS) {
    fail(
      "metadata",
      `has ${pairs.length} pairs; at most ${MAX_USER_METADATA_PAIRS}: the service keeps ${MAX_METADATA_PAIRS}, and one ` +
        `("${JOB_MARKER_KEY}") carries the marker that lets a run that follows an interrupted one find the job.`,
    );
  }
  for (const [key, entry] of pairs) {
    if (key === JOB_MARKER_KEY) {
      fail(
        `metadata.${key}`,
        "is kept for the job's marker, which pulumi-finetune sets itself; use another key.",
      );
    }
    if (key.length > MAX_METADATA_KEY_LENGTH) {
      fail(
        `metadata.${key.slice(0, 20)}…`,
        `keys are at most ${MAX_METADATA_KEY_LENGTH} characters (this one has ${key.length}).`,
      );
    }
    if (isUnknown(entry)) continue;
    if (typeof entry !== "string")
      fail(`metadata.${key}`, `must be a string (got ${shown(entry)}).`);
    else if (entry.length > MAX_METADATA_VALUE_LENGTH) {
      fail(
        `metadata.${key}`,
        `values are at most ${MAX_METADATA_VALUE_LENGTH} characters (this one has ${entry.length}).`,
      );
    }
  }
}

function checkFileId(
  news: Record<string, unknown>,
  key: string,
  required: boolean,
  fail: Fail,
): void {
  const value = news[key];
  if (value === undefined || value === null || value === "") {
    if (required)
      fail(key, "is required: the id of a fine-tune file, e.g. a TrainingFile's fileId output.");
    return;
  }
  if (isUnknown(value)) return;
  if (typeof value !== "string" || !/^file-[A-Za-z0-9_-]+$/.test(value)) {
    fail(key, `${shown(value)} is not a file id; file ids look like file-abc123.`);
  }
}

function checkHyperparameters(value: unknown, path: string, dpo: boolean, fail: Fail): void {
  if (value === undefined || value === null || isUnknown(value)) return;
  if (typeof value !== "object" || Array.isArray(value)) {
    fail(path, 'must be an object such as { nEpochs: 3, batchSize: "auto" }.');
    return;
  }
  const allowed = Object.keys(HYPERPARAMETER_RANGES).filter((k) => dpo || k !== "beta");
  for (const [key, setting] of Object.entries(value)) {
    const field = `${path}.${key}`;
    if (!allowed.includes(key)) {
      fail(
        field,
        `is not a hyperparameter here; use ${allowed.join(", ")}${key === "beta" ? " (beta is for method type dpo)" : ""}.`,
      );
      continue;
    }
    if (setting === "auto" || isUnknown(setting) || setting === undefined) continue;
    const range = HYPERPARAMETER_RANGES[key as keyof Hyperparameters];
    if (!inRange(setting, range))
      fail(field, `must be "auto" or ${describeRange(range)} (got ${JSON.stringify(setting)}).`);
  }
}

/** A reinforcement job's hyperparameters as the service names them. */
export function toServiceReinforcementHyperparameters(
  h: ReinforcementHyperparameters | undefined,
): Record<string, number | string> | undefined {
  if (!h) return undefined;
  const out: Record<string, number | string> = { ...toServiceHyperparameters(h) };
  if (h.reasoningEffort !== undefined) out.reasoning_effort = h.reasoningEffort;
  if (h.computeMultiplier !== undefined) out.compute_multiplier = h.computeMultiplier;
  if (h.evalInterval !== undefined) out.eval_interval = h.evalInterval;
  if (h.evalSamples !== undefined) out.eval_samples = h.evalSamples;
  return out;
}

/** The service's snake_case hyperparameters. */
export function toServiceHyperparameters(
  h: Hyperparameters | undefined,
): Record<string, number | Auto> | undefined {
  if (!h) return undefined;
  const out: Record<string, number | Auto> = {};
  if (h.nEpochs !== undefined) out.n_epochs = h.nEpochs;
  if (h.batchSize !== undefined) out.batch_size = h.batchSize;
  if (h.learningRateMultiplier !== undefined)
    out.learning_rate_multiplier = h.learningRateMultiplier;
  if (h.beta !== undefined) out.beta = h.beta;
  return out;
}
