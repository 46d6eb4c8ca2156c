/**
 * Qianfan custom models as the `/v2/model` actions answer them (research §4): a model set (`am-…`, the vendor's
 * "model") holds versions (`amv-…`, the vendor's `modelId`). Fields Baidu does not document are optional here.
 */
import { listQianfan, QianfanClient } from "./client";
import { unlessGone } from "./consoleResults";
import type { QianfanModelInputs } from "./modelInputs";

/** DescribeModelSet's `result` (field names from Baidu's SDK mock: `modelIds` is what the SDK reads). */
export interface ModelSetDetail {
  modelSetId: string;
  modelSetName?: string;
  modelIds?: string[];
}

/** DescribeModel's `result`; `sourceInfo.trainTaskId` is what Baidu's SDK reads, `state` is inferred (§7.5). */
export interface ModelVersionDetail {
  modelId: string;
  modelSetId?: string;
  state?: string;
  description?: string;
  sourceInfo?: { trainTaskId?: string; checkpointStep?: number; step?: number };
}

const AREA = "model";

/** A version that is `Ready`, or whose state the service does not report, is done; one whose state says Fail too. */
export const isModelSettled = (state: string | undefined): boolean =>
  state === undefined || state === "Ready" || isModelFailed(state);

export const isModelFailed = (state: string | undefined): boolean =>
  state !== undefined && /fail/i.test(state);

export function listModelSets(client: QianfanClient): AsyncGenerator<ModelSetDetail, void> {
  return listQianfan<ModelSetDetail, "modelSetList">(
    client,
    "DescribeCustomModelSets",
    {},
    "modelSetList",
    "list Qianfan model sets",
    AREA,
  );
}

export function describeModelSet(
  client: QianfanClient,
  modelSetId: string,
): Promise<ModelSetDetail | undefined> {
  return unlessGone(
    client.action<ModelSetDetail>(
      "DescribeModelSet",
      { modelSetId },
      "read Qianfan model set",
      AREA,
    ),
  );
}

export function describeModel(
  client: QianfanClient,
  modelId: string,
): Promise<ModelVersionDetail | undefined> {
  return unlessGone(
    client.action<ModelVersionDetail>(
      "DescribeModel",
      { modelId },
      "read Qianfan model version",
      AREA,
    ),
  );
}

/** Published from this task, at this step (where the service reports one), with this description. */
export function isFromTask(
  version: ModelVersionDetail,
  inputs: Pick<QianfanModelInputs, "taskId" | "checkpointStep" | "description">,
): boolean {
  const source = version.sourceInfo;
  const step = source?.checkpointStep ?? source?.step;
  return (
    source?.trainTaskId === inputs.taskId &&
    (step === undefined || step === inputs.checkpointStep) &&
    (version.description ?? "") === (inputs.description ?? "")
  );
}
