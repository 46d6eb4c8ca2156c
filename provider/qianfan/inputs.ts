/** Qianfan job and task inputs, validated offline by type and range; every message names the field. */
import { PARAMETER_SCALES, TRAIN_MODES } from "./valueLists";
import { isUnknown } from "../core/unknown";
import {
  checkCompletionWait,
  checkNumber,
  Fail,
  failureCollector,
  givenOnly,
  isKnown,
  NumberRange,
  shown,
} from "../core/validation";
import type { Checked } from "../core/lifecycle";

export const DATASET_SOURCES = ["Platform", "Bos"] as const;
export const TASK_STATUSES = ["Waiting", "Running", "Done", "Stopped", "Failed"] as const;
export const MAX_SEQ_LENS = [512, 1024, 2048, 4096, 8192, 16384, 32768] as const;

export interface QianfanJobInputs {
  name: string;
  description?: string;
  model: string;
  trainMode: (typeof TRAIN_MODES)[number];
}

export interface QianfanTaskInputs {
  jobId: string;
  parameterScale?: (typeof PARAMETER_SCALES)[number];
  hyperParameterConfig: Record<string, unknown>;
  datasetConfig: {
    sourceType: (typeof DATASET_SOURCES)[number];
    versions: { versionId?: string; versionBosUri?: string; samplingRate?: number }[];
    splitRatio?: number;
  };
  incrementTaskId?: string;
  incrementCheckpointStep?: number;
  waitForCompletion: boolean;
  completionTimeoutSeconds: number;
  pollIntervalSeconds: number;
}

export function checkQianfanJob(news: Record<string, unknown>): Checked {
  const { failures, fail } = failureCollector();
  if (!isKnown(news.name) && !isUnknown(news.name))
    fail("name", "is required: 2 to 20 characters.");
  else if (
    isKnown(news.name) &&
    (typeof news.name !== "string" || [...news.name].length < 2 || [...news.name].length > 20)
  ) {
    fail("name", `must be 2 to 20 characters (got ${JSON.stringify(news.name)}).`);
  }
  if (
    isKnown(news.description) &&
    (typeof news.description !== "string" || [...news.description].length > 500)
  ) {
    fail("description", "must be a string of at most 500 characters.");
  }
  if (!isKnown(news.model) && !isUnknown(news.model))
    fail("model", "is required: the base model version, e.g. ERNIE-Speed-8K.");
  else if (isKnown(news.model) && typeof news.model !== "string")
    fail("model", "must be a string.");
  const trainMode = news.trainMode ?? "SFT";
  if (isKnown(trainMode) && !TRAIN_MODES.includes(trainMode as (typeof TRAIN_MODES)[number])) {
    fail(
      "trainMode",
      `${shown(trainMode)} is not a training mode; use one of ${TRAIN_MODES.join(", ")}.`,
    );
  }
  return { inputs: { ...news, trainMode }, failures };
}

const HYPERPARAMETERS: Record<
  string,
  NumberRange | "string" | "boolean" | "string[]" | "maxSeqLen"
> = {
  epoch: { integer: true, min: 1, max: 50 },
  batchSize: { integer: true, min: 1, max: 4096 },
  learningRate: { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true },
  maxSeqLen: "maxSeqLen",
  loggingSteps: { integer: true, min: 1, max: 100000 },
  warmupRatio: { min: 0, max: 1 },
  weightDecay: { min: 0, max: 1 },
  schedulerName: "string",
  loraRank: { integer: true, min: 1, max: 512 },
  loraAlpha: { integer: true, min: 1, max: 1024 },
  loraDropout: { min: 0, max: 1 },
  loraAllLinear: "boolean",
  loraTargetModules: "string[]",
};

export function checkQianfanTask(news: Record<string, unknown>): Checked {
  const { failures, fail } = failureCollector();
  if (!isKnown(news.jobId) && !isUnknown(news.jobId))
    fail("jobId", "is required: a QianfanFineTuneJob's jobId.");
  else if (
    isKnown(news.jobId) &&
    (typeof news.jobId !== "string" || !/^job-[A-Za-z0-9]+$/.test(news.jobId))
  ) {
    fail("jobId", `${shown(news.jobId)} is not a Qianfan job id (job-…).`);
  }
  if (
    isKnown(news.parameterScale) &&
    !PARAMETER_SCALES.includes(news.parameterScale as (typeof PARAMETER_SCALES)[number])
  ) {
    fail(
      "parameterScale",
      `${shown(news.parameterScale)} is not a parameter scale; use one of ${PARAMETER_SCALES.join(", ")}.`,
    );
  }
  checkHyperParameters(news.hyperParameterConfig, fail);
  checkDataset(news.datasetConfig, fail);
  if (
    isKnown(news.incrementTaskId) &&
    (typeof news.incrementTaskId !== "string" || !/^task-[A-Za-z0-9]+$/.test(news.incrementTaskId))
  ) {
    fail("incrementTaskId", `${shown(news.incrementTaskId)} is not a Qianfan task id (task-…).`);
  }
  checkNumber(
    news.incrementCheckpointStep,
    "incrementCheckpointStep",
    { integer: true, min: 1, max: 1e9 },
    fail,
  );
  checkCompletionWait(news, fail);
  const inputs = {
    waitForCompletion: false,
    completionTimeoutSeconds: 24 * 3600,
    pollIntervalSeconds: 10,
    ...givenOnly(news),
  };
  return { inputs, failures };
}

function checkHyperParameters(value: unknown, fail: Fail): void {
  if (isUnknown(value)) return;
  if (!isKnown(value) || typeof value !== "object" || Array.isArray(value)) {
    fail(
      "hyperParameterConfig",
      "is required: an object such as { epoch: 1, learningRate: 0.00003, maxSeqLen: 4096 }.",
    );
    return;
  }
  for (const [key, setting] of Object.entries(value as Record<string, unknown>)) {
    const field = `hyperParameterConfig.${key}`;
    const rule = HYPERPARAMETERS[key];
    if (rule === undefined || isUnknown(setting)) continue;
    if (rule === "string" && typeof setting !== "string") fail(field, "must be a string.");
    else if (rule === "boolean" && typeof setting !== "boolean")
      fail(field, "must be true or false.");
    else if (
      rule === "string[]" &&
      !(Array.isArray(setting) && setting.every((s) => typeof s === "string"))
    )
      fail(field, "must be a list of strings.");
    else if (
      rule === "maxSeqLen" &&
      !MAX_SEQ_LENS.includes(setting as (typeof MAX_SEQ_LENS)[number])
    ) {
      fail(field, `must be one of ${MAX_SEQ_LENS.join(", ")} (got ${JSON.stringify(setting)}).`);
    } else if (typeof rule === "object") checkNumber(setting, field, rule, fail);
  }
}

function checkDataset(value: unknown, fail: Fail): void {
  if (isUnknown(value)) return;
  if (!isKnown(value) || typeof value !== "object" || Array.isArray(value)) {
    fail(
      "datasetConfig",
      'is required: { dataset: aQianfanDataset }, or { sourceType: "Platform", versions: [{ versionId: "ds-…" }], splitRatio: 20 }.',
    );
    return;
  }
  const dataset = value as Record<string, unknown>;
  if ("dataset" in dataset) {
    // The resource class turns a QianfanDataset into versions; anything else under `dataset` reaches here.
    fail(
      "datasetConfig.dataset",
      `${shown(dataset.dataset)} is not a QianfanDataset resource; pass the resource itself ` +
        '(datasetConfig: { dataset: myDataset }), or give { sourceType: "Platform", versions: [{ versionId }] }.',
    );
    return;
  }
  const source = dataset.sourceType;
  if (isKnown(source) && !DATASET_SOURCES.includes(source as (typeof DATASET_SOURCES)[number])) {
    fail(
      "datasetConfig.sourceType",
      `${shown(source)} is not a source; use one of ${DATASET_SOURCES.join(", ")}.`,
    );
  } else if (!isKnown(source) && !isUnknown(source))
    fail("datasetConfig.sourceType", `is required; use one of ${DATASET_SOURCES.join(", ")}.`);
  const versions = dataset.versions;
  if (!isUnknown(versions)) {
    if (!Array.isArray(versions) || versions.length === 0)
      fail("datasetConfig.versions", "must be a non-empty list of dataset versions.");
    else {
      versions.forEach((version: Record<string, unknown>, i) => {
        const at = `datasetConfig.versions[${i}]`;
        if (
          source === "Platform" &&
          isKnown(version?.versionId) === false &&
          !isUnknown(version?.versionId)
        ) {
          fail(
            `${at}.versionId`,
            "is required for sourceType Platform: a published dataset version id (ds-…).",
          );
        }
        if (
          source === "Bos" &&
          !(typeof version?.versionBosUri === "string" && version.versionBosUri.startsWith("bos:/"))
        ) {
          if (!isUnknown(version?.versionBosUri))
            fail(
              `${at}.versionBosUri`,
              'is required for sourceType Bos: a BOS URI such as "bos:/bucket/path/".',
            );
        }
        checkNumber(version?.samplingRate, `${at}.samplingRate`, { min: 0.01, max: 10 }, fail);
      });
    }
  }
  checkNumber(
    dataset.splitRatio,
    "datasetConfig.splitRatio",
    { integer: true, min: 0, max: 20 },
    fail,
  );
}
