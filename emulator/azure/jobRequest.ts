import { randomInt } from "node:crypto";
import type { Readable } from "node:stream";
import { HttpError } from "../errors";
import type { AzureStore } from "./azureStore";
import { invalidPayload } from "./errors";
import type { JobCreateBody, JobHyperparameters, JobMethodType, NewJob } from "./jobStore";

export const MAX_SUFFIX_LENGTH = 64;
export const JOB_METHOD_TYPES: readonly JobMethodType[] = ["supervised", "dpo"];

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
export async function parseJobRequest(store: JobRequestStore, json: unknown): Promise<NewJob> {
  const body = asObject(json);
  const model = requiredString(body, "model");
  if (!store.jobs.isFineTunable(model)) {
    const message =
      `The specified base model does not support fine-tuning. '${model}' is not one of: ` +
      `${store.jobs.fineTunableModels.join(", ")} (nor a model fine-tuned here).`;
    throw invalidPayload("model", message);
  }
  const trainingFile = requiredString(body, "training_file");
  const validationFile = optionalFileId(body.validation_file);
  const suffix = checkSuffix(body.suffix);
  const seed = checkSeed(body.seed);
  const given = checkHyperparameters(body.hyperparameters, "hyperparameters");
  const method = checkMethod(body.method);
  const training = await requireReadyFile(store, trainingFile, "training_file");
  if (validationFile !== null) await requireReadyFile(store, validationFile, "validation_file");
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
    trainingExamples: await countLines(store.fileContentStream(trainingFile)),
    trainingBytes: training.bytes,
  };
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

function checkMethod(value: unknown): {
  type: JobMethodType;
  hyperparameters: Partial<JobHyperparameters>;
} {
  if (value === undefined || value === null) return { type: "supervised", hyperparameters: {} };
  const method = asObject(value, "method");
  const type = method.type;
  if (!JOB_METHOD_TYPES.includes(type as JobMethodType)) {
    throw invalidPayload(
      "method.type",
      `method.type must be one of: ${JOB_METHOD_TYPES.join(", ")}.`,
    );
  }
  const section = method[type as string];
  if (section === undefined || section === null) {
    return { type: type as JobMethodType, hyperparameters: {} };
  }
  const target = `method.${type as string}`;
  const hyperparameters = checkHyperparameters(
    asObject(section, target).hyperparameters,
    `${target}.hyperparameters`,
  );
  return { type: type as JobMethodType, hyperparameters };
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
