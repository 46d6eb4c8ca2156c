import { randomInt } from "node:crypto";
import type { Readable } from "node:stream";
import { HttpError } from "../errors";
import type { AzureStore } from "./azureStore";
import { invalidPayload } from "./errors";
import { checkGrader, checkResponseFormat, objectAt } from "./graders";
import type {
  JobCreateBody,
  JobHyperparameters,
  JobMethodType,
  NewJob,
  ReinforcementHyperparameters,
  ReinforcementSettings,
  TrainingType,
} from "./jobStore";
import { findMethodDataErrorIn } from "./trainingData";

export const MAX_SUFFIX_LENGTH = 64;
/** The method types of the dated api-versions' specs. */
export const JOB_METHOD_TYPES: readonly JobMethodType[] = ["supervised", "dpo"];
/** v1's, which adds reinforcement fine-tuning. */
export const V1_JOB_METHOD_TYPES: readonly JobMethodType[] = ["supervised", "dpo", "reinforcement"];

/** v1 `metadata` limits (the spec's description). */
export const MAX_METADATA_PAIRS = 16;
export const MAX_METADATA_KEY_LENGTH = 64;
export const MAX_METADATA_VALUE_LENGTH = 512;

/** `trainingType` spellings accepted (compared without case), and what each means. */
export const TRAINING_TYPE_SPELLINGS: Readonly<Record<string, TrainingType>> = {
  standard: "standard",
  globalstandard: "globalStandard",
  developer: "developer",
  developertier: "developer",
};

/** What "auto" (or leaving one out) resolves to for the reinforcement-only hyperparameters. */
export const AUTO_REINFORCEMENT_HYPERPARAMETERS: Readonly<ReinforcementHyperparameters> = {
  reasoning_effort: "medium",
  compute_multiplier: 1,
  eval_interval: 1,
  eval_samples: 1,
};
export const REASONING_EFFORTS = ["default", "low", "medium", "high"] as const;

/**
 * Which route family the request came by: `dated` (`/openai/...?api-version=YYYY-MM-DD…`) or
 * `v1` (`/openai/v1/...`, or `api-version=v1`). Features only v1's spec has are refused on dated.
 */
export interface JobRequestApi {
  family: "v1" | "dated";
  /** As given (`v1` on the v1 routes when none was). */
  apiVersion: string;
}

const DATED_API: JobRequestApi = { family: "dated", apiVersion: "2024-10-21" };

/** What "auto" (or leaving a hyperparameter out) resolves to. */
export const AUTO_HYPERPARAMETERS: Readonly<Required<JobHyperparameters>> = {
  n_epochs: 3,
  batch_size: 1,
  learning_rate_multiplier: 1,
  beta: 0.1,
};

type HyperparameterName = keyof typeof AUTO_HYPERPARAMETERS;

const HYPERPARAMETER_RULES: Record<
  HyperparameterName,
  { valid(n: number): boolean; says: string }
> = {
  n_epochs: { valid: (n) => isIntegerIn(n, 1, 50), says: "an integer from 1 to 50" },
  batch_size: { valid: (n) => isIntegerIn(n, 1, 256), says: "an integer from 1 to 256" },
  learning_rate_multiplier: { valid: (n) => n > 0, says: "a number above 0" },
  beta: { valid: (n) => n > 0 && n <= 2, says: "a number above 0 and at most 2" },
};

const MAX_SEED = 2 ** 31 - 1;

/** What checking a create needs of the Azure state (the emulator's `Store` has it too). */
export type JobRequestStore = Pick<
  AzureStore,
  "jobs" | "getFile" | "fileState" | "fileContentStream"
>;

/** Checks a create body in the order the fields are cheapest to check; files come last. */
export async function parseJobRequest(
  store: JobRequestStore,
  json: unknown,
  api: JobRequestApi = DATED_API,
): Promise<NewJob> {
  const body = asObject(json);
  const model = requiredString(body, "model");
  if (!store.jobs.isFineTunable(model)) {
    const message =
      `The specified base model does not support fine-tuning. '${model}' is not one of: ` +
      `${store.jobs.fineTunableModels.join(", ")} (nor a model fine-tuned here).`;
    throw invalidPayload("model", message);
  }
  const trainingType = checkTrainingType(body.trainingType);
  if ((trainingType ?? "standard") === "standard" && store.jobs.globalOnlyModels.includes(model)) {
    // The service's words, reported for models offered only with global training.
    throw invalidPayload("model", "The specified base model does not support fine-tuning.");
  }
  const trainingFile = requiredString(body, "training_file");
  const validationFile = optionalFileId(body.validation_file);
  const suffix = checkSuffix(body.suffix);
  const seed = checkSeed(body.seed);
  const metadata = checkMetadata(body.metadata, api);
  const given = checkHyperparameters(body.hyperparameters, "hyperparameters");
  const method = checkMethod(body.method, api);
  if (method.type === "reinforcement") {
    if (!store.jobs.reinforcementModels.includes(model)) {
      const message =
        `The specified base model does not support reinforcement fine-tuning. '${model}' is ` +
        `not one of: ${store.jobs.reinforcementModels.join(", ")}.`;
      throw invalidPayload("model", message);
    }
    if (validationFile === null) {
      const message = "validation_file is required for reinforcement fine-tuning.";
      throw invalidPayload("validation_file", message);
    }
  }
  const training = await requireReadyFile(store, trainingFile, "training_file");
  if (validationFile !== null) await requireReadyFile(store, validationFile, "validation_file");
  await requireMethodData(store, trainingFile, "training_file", method.type);
  if (validationFile !== null && method.type === "reinforcement") {
    await requireMethodData(store, validationFile, "validation_file", method.type);
  }
  // The method's values win over the older top-level field's.
  const hyperparameters: JobHyperparameters = {
    ...AUTO_HYPERPARAMETERS,
    ...given,
    ...method.hyperparameters,
  };
  if (method.type !== "dpo") delete hyperparameters.beta;
  return {
    body: body as unknown as JobCreateBody,
    model,
    trainingFile,
    validationFile,
    suffix,
    seed,
    methodType: method.type,
    hyperparameters,
    reinforcement: method.reinforcement,
    metadata,
    trainingType,
    trainingExamples: await countLines(store.fileContentStream(trainingFile)),
    trainingBytes: training.bytes,
  };
}

/** A method's data rule (reinforcement: each example ends with a user message), at create. */
async function requireMethodData(
  store: JobRequestStore,
  id: string,
  target: string,
  method: JobMethodType,
): Promise<void> {
  const problem = await findMethodDataErrorIn(store.fileContentStream(id), method);
  if (problem) throw invalidPayload(target, `File '${id}' cannot train this job: ${problem}`);
}

/** Accepted in any letter case; null or absent: not said. Not in any spec (the docs have it). */
function checkTrainingType(value: unknown): TrainingType | null {
  if (value === undefined || value === null) return null;
  const key = typeof value === "string" ? value.toLowerCase() : undefined;
  const type =
    key !== undefined && Object.hasOwn(TRAINING_TYPE_SPELLINGS, key)
      ? TRAINING_TYPE_SPELLINGS[key]
      : undefined;
  if (type === undefined) {
    const message =
      "trainingType must be one of: standard, globalStandard, developer (also written " +
      "globalstandard, developerTier; any letter case).";
    throw invalidPayload("trainingType", message);
  }
  return type;
}

/** v1 only: up to 16 string pairs, keys up to 64 characters, values up to 512. */
function checkMetadata(
  value: unknown,
  api: JobRequestApi,
): Readonly<Record<string, string>> | null {
  if (value === undefined || value === null) return null;
  if (api.family !== "v1") {
    const message =
      `metadata is not a field of job create in api-version ${api.apiVersion}; it is in the v1 ` +
      "API only (/openai/v1/fine_tuning/jobs).";
    throw invalidPayload("metadata", message);
  }
  const pairs = objectAt(value, "metadata");
  const entries = Object.entries(pairs);
  if (entries.length > MAX_METADATA_PAIRS) {
    const message = `metadata has ${entries.length} pairs; at most ${MAX_METADATA_PAIRS} are allowed.`;
    throw invalidPayload("metadata", message);
  }
  for (const [key, pair] of entries) {
    const keyLength = [...key].length;
    if (keyLength === 0 || keyLength > MAX_METADATA_KEY_LENGTH) {
      const shown = keyLength > 20 ? `${[...key].slice(0, 20).join("")}…` : key;
      const message =
        `metadata key '${shown}' has ${keyLength} characters; keys must have 1 to ` +
        `${MAX_METADATA_KEY_LENGTH}.`;
      throw invalidPayload("metadata", message);
    }
    if (typeof pair !== "string" || [...pair].length > MAX_METADATA_VALUE_LENGTH) {
      const message = `metadata.${key} must be a string of at most ${MAX_METADATA_VALUE_LENGTH} characters.`;
      throw invalidPayload(`metadata.${key}`, message);
    }
  }
  return entries.length === 0 ? null : { ...(pairs as Record<string, string>) };
}

async function requireReadyFile(store: JobRequestStore, id: string, target: string) {
  const file = store.getFile(id);
  if (!file) throw invalidPayload(target, `The file '${id}' was not found.`);
  if (file.purpose !== "fine-tune") {
    const message = `File '${id}' has purpose '${file.purpose}'; ${target} needs purpose 'fine-tune'.`;
    throw invalidPayload(target, message);
  }
  const { status, statusDetails } = await store.fileState(file);
  if (status === "error") {
    const message = `File '${id}' failed validation: ${statusDetails ?? "no details"}`;
    throw new HttpError(400, message, { code: "jsonlValidationFailed", target });
  }
  if (status !== "processed") {
    const message = `File '${id}' is not ready: its status is '${status}'. Wait until it is 'processed'.`;
    throw invalidPayload(target, message);
  }
  return file;
}

function checkSuffix(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const pattern = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_SUFFIX_LENGTH}}$`);
  if (typeof value !== "string" || !pattern.test(value)) {
    const message = `suffix must be 1 to ${MAX_SUFFIX_LENGTH} letters, digits, '-' or '_'.`;
    throw invalidPayload("suffix", message);
  }
  return value;
}

function checkSeed(value: unknown): number {
  if (value === undefined || value === null) return randomInt(0, MAX_SEED);
  if (typeof value !== "number" || !isIntegerIn(value, 0, MAX_SEED)) {
    throw invalidPayload("seed", `seed must be an integer from 0 to ${MAX_SEED}.`);
  }
  return value;
}

/** The values given as numbers; "auto" and absent ones are left for AUTO_HYPERPARAMETERS. */
function checkHyperparameters(value: unknown, target: string): Partial<JobHyperparameters> {
  if (value === undefined || value === null) return {};
  const fields = asObject(value, target);
  const given: Partial<JobHyperparameters> = {};
  for (const [name, rule] of Object.entries(HYPERPARAMETER_RULES)) {
    const field = fields[name];
    if (field === undefined || field === "auto") continue;
    if (typeof field !== "number" || !Number.isFinite(field) || !rule.valid(field)) {
      throw invalidPayload(`${target}.${name}`, `${name} must be "auto" or ${rule.says}.`);
    }
    given[name as HyperparameterName] = field;
  }
  return given;
}

interface CheckedMethod {
  type: JobMethodType;
  hyperparameters: Partial<JobHyperparameters>;
  reinforcement: ReinforcementSettings | undefined;
}

function checkMethod(value: unknown, api: JobRequestApi): CheckedMethod {
  const none = { hyperparameters: {}, reinforcement: undefined };
  if (value === undefined || value === null) return { type: "supervised", ...none };
  const method = asObject(value, "method");
  const type = method.type;
  const types = api.family === "v1" ? V1_JOB_METHOD_TYPES : JOB_METHOD_TYPES;
  if (!types.includes(type as JobMethodType)) {
    const rft =
      type === "reinforcement"
        ? ` (api-version ${api.apiVersion} has no reinforcement fine-tuning; the v1 API has)`
        : "";
    throw invalidPayload("method.type", `method.type must be one of: ${types.join(", ")}${rft}.`);
  }
  const target = `method.${type as string}`;
  const section = method[type as string];
  if (type === "reinforcement") return checkReinforcement(section, target);
  if (section === undefined || section === null) return { type: type as JobMethodType, ...none };
  const hyperparameters = checkHyperparameters(
    asObject(section, target).hyperparameters,
    `${target}.hyperparameters`,
  );
  return { type: type as JobMethodType, hyperparameters, reinforcement: undefined };
}

/** `AzureFineTuneReinforcementMethod`: grader (required), response_format, hyperparameters. */
function checkReinforcement(section: unknown, target: string): CheckedMethod {
  if (section === undefined || section === null) {
    const message = `${target} is required for method.type reinforcement, with its grader.`;
    throw invalidPayload(target, message);
  }
  const fields = asObject(section, target);
  if (fields.grader === undefined || fields.grader === null) {
    throw invalidPayload(`${target}.grader`, `${target}.grader is required.`);
  }
  checkGrader(fields.grader, `${target}.grader`);
  const hasFormat = fields.response_format !== undefined && fields.response_format !== null;
  const responseFormat = hasFormat
    ? checkResponseFormat(fields.response_format, `${target}.response_format`)
    : undefined;
  const hyperTarget = `${target}.hyperparameters`;
  const given = fields.hyperparameters;
  const hyperparameters = checkHyperparameters(given, hyperTarget);
  return {
    type: "reinforcement",
    hyperparameters,
    reinforcement: {
      grader: fields.grader as Record<string, unknown>,
      responseFormat,
      hyperparameters: checkReinforcementHyperparameters(given, hyperTarget),
    },
  };
}

const REINFORCEMENT_RULES: Record<
  Exclude<keyof ReinforcementHyperparameters, "reasoning_effort">,
  { valid(n: number): boolean; says: string }
> = {
  compute_multiplier: { valid: (n) => n > 0 && n <= 10, says: "a number above 0 and at most 10" },
  eval_interval: { valid: (n) => isIntegerIn(n, 1, 1000), says: "an integer from 1 to 1000" },
  eval_samples: { valid: (n) => isIntegerIn(n, 1, 1000), says: "an integer from 1 to 1000" },
};

/** The reinforcement-only hyperparameters, "auto" (and "default" effort) resolved. */
function checkReinforcementHyperparameters(
  value: unknown,
  target: string,
): ReinforcementHyperparameters {
  const resolved = { ...AUTO_REINFORCEMENT_HYPERPARAMETERS };
  if (value === undefined || value === null) return resolved;
  const fields = asObject(value, target);
  const effort = fields.reasoning_effort;
  if (effort !== undefined) {
    if (!(REASONING_EFFORTS as readonly unknown[]).includes(effort)) {
      const message = `reasoning_effort must be one of: ${REASONING_EFFORTS.join(", ")}.`;
      throw invalidPayload(`${target}.reasoning_effort`, message);
    }
    if (effort !== "default") resolved.reasoning_effort = effort as "low" | "medium" | "high";
  }
  for (const [name, rule] of Object.entries(REINFORCEMENT_RULES)) {
    const field = fields[name];
    if (field === undefined || field === "auto") continue;
    if (typeof field !== "number" || !Number.isFinite(field) || !rule.valid(field)) {
      throw invalidPayload(`${target}.${name}`, `${name} must be "auto" or ${rule.says}.`);
    }
    resolved[name as keyof typeof REINFORCEMENT_RULES] = field;
  }
  return resolved;
}

function requiredString(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== "string" || value === "") {
    throw invalidPayload(name, `${name} is required.`);
  }
  return value;
}

function optionalFileId(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || value === "") {
    throw invalidPayload("validation_file", "validation_file must be a file id.");
  }
  return value;
}

function asObject(value: unknown, target?: string): Record<string, unknown> {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return value as Record<string, unknown>;
  }
  if (target) throw invalidPayload(target, `${target} must be a JSON object.`);
  throw new HttpError(400, "The request body must be a JSON object.");
}

/** Lines in the content, streamed: a training file may be large. */
async function countLines(stream: Readable): Promise<number> {
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) lines++;
    if (chunk.length > 0) last = chunk[chunk.length - 1] ?? last;
  }
  return last === 0x0a ? lines : lines + 1;
}

const isIntegerIn = (n: number, min: number, max: number) =>
  Number.isInteger(n) && n >= min && n <= max;
