/** QianfanModel inputs, validated offline (research §4.1, §4.2). */
import { MODEL_TYPES } from "./valueLists";
import {
  checkNumber,
  checkWaitSettings,
  failureCollector,
  givenOnly,
  isKnown,
} from "../core/validation";
import type { Checked } from "../core/lifecycle";
import { checkId, checkLength, checkOneOf, checkRequiredString, isMissing } from "./fieldChecks";

export const MODEL_DEFAULTS = {
  modelType: "Text2Text",
  readyTimeoutSeconds: 3600,
  pollIntervalSeconds: 5,
} as const;

export interface QianfanModelInputs {
  /** The Done fine-tuning task to publish (`task-…`, not the job). */
  taskId: string;
  /** Publish this checkpoint's step instead of the final model. */
  checkpointStep?: number;
  /** Publish into this existing model set (`am-…`)… */
  modelSetId?: string;
  /** …or into a set this resource creates, of this name (the remote name adds the marker). */
  modelSetName?: string;
  /** The type of a set this resource creates (default Text2Text then). */
  modelType?: (typeof MODEL_TYPES)[number];
  /** Up to 300 characters. */
  description?: string;
  readyTimeoutSeconds: number;
  pollIntervalSeconds: number;
}

export function checkQianfanModel(news: Record<string, unknown>): Checked {
  const { failures, fail } = failureCollector();
  if (isMissing(news.taskId))
    fail("taskId", "is required: a Done QianfanFineTuneTask's taskId (task-…).");
  checkId(news.taskId, "taskId", "task-", "a Qianfan fine-tuning task id", fail);
  checkNumber(news.checkpointStep, "checkpointStep", { integer: true, min: 1, max: 1e9 }, fail);
  checkId(news.modelSetId, "modelSetId", "am-", "a Qianfan model set id", fail);
  if (isMissing(news.modelSetId) && isMissing(news.modelSetName))
    fail(
      "modelSetName",
      "is required unless modelSetId is given: the name of the model set this resource creates; or give " +
        "modelSetId (am-…) to publish into an existing one.",
    );
  else if (!isMissing(news.modelSetId) && !isMissing(news.modelSetName))
    fail(
      "modelSetName",
      "give modelSetId (an existing model set) or modelSetName (a set this resource creates), not both.",
    );
  else if (!isMissing(news.modelSetName))
    checkRequiredString(news.modelSetName, "modelSetName", 'a name such as "faq-bot".', fail);
  checkOneOf(news.modelType, "modelType", MODEL_TYPES, "a Qianfan model type", fail);
  checkLength(news.description, "description", 0, 300, fail);
  checkWaitSettings(news, ["readyTimeoutSeconds"], 7, fail);
  if (isKnown(news.modelType) && !isMissing(news.modelSetId))
    fail("modelType", "is only for a model set this resource creates; remove it with modelSetId.");
  const { modelType, ...waits } = MODEL_DEFAULTS;
  const inputs = {
    ...waits,
    ...(isMissing(news.modelSetId) ? { modelType } : {}),
    ...givenOnly(news),
  };
  return { inputs, failures };
}
