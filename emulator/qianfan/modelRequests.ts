// Request bodies of the model actions, checked field by field (research §4). Every refusal is 400
// InappropriateJSON naming the field; fields the emulator does not know pass through unchecked.
import { inappropriateJson } from "./errors";
import {
  checkLength,
  type JsonObject,
  nonEmptyString,
  optionalInteger,
  optionalString,
  optionalStringList,
  present,
  requiredObject,
  requiredOneOf,
} from "./fields";

/** CreateCustomModelSet's `modelType`, as the 2026 doc prints them (`VioceGeneration` sic). */
export const QIANFAN_MODEL_TYPES = [
  "Text2Text",
  "Text2Image",
  "Embedding",
  "ImageUnderstanding",
  "VideoGeneration",
  "VioceGeneration",
  "Reasoning",
  "Reranker",
] as const;

export const QIANFAN_MODEL_SOURCE_TYPES = ["Train", "Import"] as const;

/** A validated CreateCustomModelSet request. */
export interface NewQianfanModelSet {
  name: string;
  modelType: string;
  labels: string[];
}

export function parseModelSetRequest(body: JsonObject): NewQianfanModelSet {
  return {
    name: nonEmptyString(body, "modelSetName"),
    modelType: requiredOneOf(body, "modelType", QIANFAN_MODEL_TYPES),
    labels: optionalStringList(body, "labels") ?? [],
  };
}

/** A validated CreateCustomModel request (sourceType Train). */
export interface NewQianfanModel {
  modelSetId: string;
  description: string;
  /** `trainMeta.taskId`: a fine-tuning task (`task-…`), not a job. */
  trainTaskId: string;
  checkpointStep: number | undefined;
  /** Where the step was given: `trainMeta.checkpointStep` (the doc's table) or `.step` (its examples). */
  checkpointPath: string;
}

export function parseModelRequest(body: JsonObject): NewQianfanModel {
  const modelSetId = nonEmptyString(body, "modelSetId");
  const description = optionalString(body, "description") ?? "";
  checkLength(description, 0, 300, "description");
  const sourceType = requiredOneOf(body, "sourceType", QIANFAN_MODEL_SOURCE_TYPES);
  if (sourceType === "Import") {
    const detail =
      "The emulator publishes trained models only (sourceType Train): it has no BOS to import " +
      "a model from.";
    throw inappropriateJson("sourceType", detail);
  }
  if (present(body, "trainMeta") === undefined) {
    throw inappropriateJson("trainMeta", "trainMeta is required when sourceType is Train.");
  }
  const trainMeta = requiredObject(body, "trainMeta");
  const trainTaskId = nonEmptyString(trainMeta, "taskId", "trainMeta.taskId");
  const positive = [1, Infinity] as const;
  const documented = optionalInteger(
    trainMeta,
    "checkpointStep",
    positive,
    "trainMeta.checkpointStep",
  );
  const example = optionalInteger(trainMeta, "step", positive, "trainMeta.step");
  return {
    modelSetId,
    description,
    trainTaskId,
    checkpointStep: documented ?? example,
    checkpointPath:
      documented === undefined && example !== undefined
        ? "trainMeta.step"
        : "trainMeta.checkpointStep",
  };
}

/** DescribeModelSet names a set by id or by name: one of the two, not both. */
export function parseModelSetLookup(body: JsonObject): { id: string } | { name: string } {
  const id = optionalString(body, "modelSetId");
  const name = optionalString(body, "modelSetName");
  if ((id === undefined) === (name === undefined)) {
    const detail = "Give modelSetId or modelSetName, one of the two.";
    throw inappropriateJson(id === undefined ? "modelSetId" : "modelSetName", detail);
  }
  if (id !== undefined) return { id: nonEmptyString(body, "modelSetId") };
  return { name: nonEmptyString(body, "modelSetName") };
}
