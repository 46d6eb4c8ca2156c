// Request bodies of the fine-tuning actions, checked field by field. Every refusal is 400
// InappropriateJSON naming the field; fields the emulator does not know pass through unchecked.
import { inappropriateJson } from "./errors";
import {
  checkLength,
  isInteger,
  isObject,
  type JsonObject,
  list,
  nonEmptyString,
  numberIn,
  oneOf,
  optionalString,
  present,
  requiredObject,
  requiredString,
} from "./fields";
import {
  type NewQianfanJob,
  type NewQianfanTask,
  QIANFAN_PARAMETER_SCALES,
  QIANFAN_TRAIN_MODES,
} from "./qianfanStore";

export const MAX_SEQ_LENS: readonly number[] = [512, 1024, 2048, 4096, 8192, 16384, 32768];

export function parseJobRequest(body: JsonObject, models: readonly string[]): NewQianfanJob {
  const name = requiredString(body, "name");
  checkLength(name, 2, 20, "name");
  const description = optionalString(body, "description") ?? "";
  checkLength(description, 0, 500, "description");
  const model = requiredString(body, "model");
  if (!models.includes(model)) {
    const detail = `model ${model} cannot be fine-tuned; use one of ${list(models)}.`;
    throw inappropriateJson("model", detail);
  }
  const trainMode = oneOf(requiredString(body, "trainMode"), QIANFAN_TRAIN_MODES, "trainMode");
  optionalParameterScale(body);
  return { name, description, model, trainMode };
}

export function parseTaskRequest(body: JsonObject): NewQianfanTask {
  const jobId = requiredString(body, "jobId");
  const parameterScale = optionalParameterScale(body);
  const hyperParameterConfig = requiredObject(body, "hyperParameterConfig", "hyperParameterConfig");
  for (const [key, check] of Object.entries(HYPERPARAMETER_CHECKS)) {
    const value = present(hyperParameterConfig, key);
    const problem = value === undefined ? undefined : check(value);
    if (problem) throw inappropriateJson(`hyperParameterConfig.${key}`, `${key} ${problem}`);
  }
  const datasetConfig = parseDatasetConfig(body);
  const incrementTaskId = optionalString(body, "incrementTaskId");
  return { body, jobId, parameterScale, hyperParameterConfig, datasetConfig, incrementTaskId };
}

/** A required id field (`taskId`, `jobId`). */
export const requiredId = (body: JsonObject, name: string): string => nonEmptyString(body, name);

const HYPERPARAMETER_CHECKS: Record<string, (value: unknown) => string | undefined> = {
  epoch: (v) =>
    isInteger(v) && v >= 1 && v <= 50 ? undefined : "must be an integer from 1 to 50.",
  learningRate: (v) =>
    typeof v === "number" && v > 0 && v < 1 ? undefined : "must be a number above 0 and below 1.",
  maxSeqLen: (v) =>
    MAX_SEQ_LENS.includes(v as number) ? undefined : `must be one of ${list(MAX_SEQ_LENS)}.`,
  batchSize: (v) => (isInteger(v) && v > 0 ? undefined : "must be an integer above 0."),
};

function parseDatasetConfig(body: JsonObject): JsonObject {
  const config = requiredObject(body, "datasetConfig", "datasetConfig");
  const path = (name: string) => `datasetConfig.${name}`;
  const sourceType = oneOf(
    requiredString(config, "sourceType", path("sourceType")),
    ["Platform", "Bos"] as const,
    path("sourceType"),
  );
  const versions = present(config, "versions");
  if (!Array.isArray(versions) || versions.length === 0) {
    throw inappropriateJson(path("versions"), "datasetConfig.versions must be a non-empty array.");
  }
  versions.forEach((version: unknown, i) =>
    checkVersion(version, sourceType, path(`versions[${i}]`)),
  );
  const splitRatio = present(config, "splitRatio");
  if (splitRatio !== undefined && !numberIn(splitRatio, 0, 20)) {
    const detail = "datasetConfig.splitRatio must be a number from 0 to 20.";
    throw inappropriateJson(path("splitRatio"), detail);
  }
  return config;
}

function checkVersion(version: unknown, sourceType: "Platform" | "Bos", path: string): void {
  if (!isObject(version)) throw inappropriateJson(path, `${path} must be an object.`);
  if (sourceType === "Platform") {
    const id = requiredString(version, "versionId", `${path}.versionId`);
    if (id === "") {
      throw inappropriateJson(`${path}.versionId`, `${path}.versionId must not be empty.`);
    }
  } else {
    const uri = requiredString(version, "versionBosUri", `${path}.versionBosUri`);
    if (!/^bos:\/.+/.test(uri)) {
      const detail = `${path}.versionBosUri must be a BOS URI such as bos:/bucket/path/.`;
      throw inappropriateJson(`${path}.versionBosUri`, detail);
    }
  }
  const samplingRate = present(version, "samplingRate");
  if (samplingRate !== undefined && !numberIn(samplingRate, 0.01, 10)) {
    const detail = `${path}.samplingRate must be a number from 0.01 to 10.`;
    throw inappropriateJson(`${path}.samplingRate`, detail);
  }
}

function optionalParameterScale(body: JsonObject): string | undefined {
  const scale = optionalString(body, "parameterScale");
  return scale === undefined ? undefined : oneOf(scale, QIANFAN_PARAMETER_SCALES, "parameterScale");
}
