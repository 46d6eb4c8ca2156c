// Signed calls to any area of the Qianfan console (/v2/dataset, /v2/model, /v2/service), signed
// as the JS SDK signs, with the test-only signer of qianfanHelpers.ts; and the objects most tests
// start from (a published dataset version, a Done task, a Ready model version, a Serving service).
import {
  type Emulator,
  type QianfanDatasetVersionObject,
  type QianfanErrorBody,
  ROUTE_KEYS,
} from "../../emulator";
import { manualClock } from "./helpers";
import {
  type CallOptions,
  createdJob,
  createdTask,
  qianfanError,
  qianfanFetch,
  resultOf,
} from "./qianfanHelpers";

export const DATASET = "/v2/dataset";
export const MODEL = "/v2/model";
export const SERVICE = "/v2/service";
export const areaRouteKey = (path: string, action: string) => `POST ${path}?Action=${action}`;
/** The route keys the emulator serves on one area, in the order it lists them. */
export const areaRouteKeys = (path: string) =>
  ROUTE_KEYS.filter((key) => key.includes(` ${path}?`));

export const INAPPROPRIATE =
  "The JSON you provided was well-formed and valid, but not appropriate for this operation.";

/** Default timings, in ms from the start of each. */
export const TASK_DONE_MS = 12_000;
export const IMPORTING_MS = 3000;
export const PUBLISHING_MS = 2000;
export const CREATING_MS = 5000;
export const NEW_MS = 2000;
export const DEPLOYING_MS = 10_000;

/** POST <path>?Action=<action>, signed as the JS SDK does (unless `options` say otherwise). */
export const consoleFetch = (
  emulator: Emulator,
  path: string,
  action: string | null,
  body: unknown = {},
  options: Omit<CallOptions, "path"> = {},
): Promise<Response> => qianfanFetch(emulator, action, body, { ...options, path });

/** The `result` of a call that must succeed. */
export async function consoleResult<T = unknown>(
  emulator: Emulator,
  path: string,
  action: string,
  body: unknown = {},
): Promise<T> {
  const res = await consoleFetch(emulator, path, action, body);
  const result = await resultOf<T>(res, action);
  expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
  return result;
}

/** One area's calls, for the tests of that area: the response (`call`) or the result of a success. */
export function consoleArea(path: string) {
  return {
    call: (emulator: Emulator, action: string, body: unknown = {}) =>
      consoleFetch(emulator, path, action, body),
    result: <T>(emulator: Emulator, action: string, body: unknown = {}) =>
      consoleResult<T>(emulator, path, action, body),
  };
}

/** The error of a call that must fail with `status` and `code`, in Qianfan's shape. */
export async function expectConsoleError(
  res: Response,
  status: number,
  code: string,
  message?: string,
): Promise<QianfanErrorBody> {
  expect({ status: res.status }).toEqual({ status });
  const body = await qianfanError(res);
  expect(body.code).toBe(code);
  if (message !== undefined) expect(body.message).toContain(message);
  return body;
}

/** A 400 InappropriateJSON naming `param` as the SDK's mock words it. */
export async function expectRefusal(res: Response, param: string, detail?: string) {
  const body = await expectConsoleError(res, 400, "InappropriateJSON");
  expect(body.message).toMatch(new RegExp(`^${INAPPROPRIATE} param\\[${param}\\] invalid\\. `));
  if (detail !== undefined) expect(body.message).toContain(detail);
  return body;
}

export const advance = (emulator: Emulator, ms: number) => manualClock(emulator).advance(ms);

export const DATASET_BODY = {
  datasetName: "my_dataset",
  dataFormat: "PromptResponse",
  storageType: "BOS",
  storagePath: "bos:/my-bucket/data/",
};

export async function createdDataset(
  emulator: Emulator,
  body: Record<string, unknown> = {},
): Promise<QianfanDatasetVersionObject> {
  const request = { ...DATASET_BODY, ...body };
  return consoleResult<QianfanDatasetVersionObject>(emulator, DATASET, "CreateDataset", request);
}

export const createdImport = (
  emulator: Emulator,
  versionId: string,
  files: string[] = ["bos:/my-bucket/data/train.jsonl"],
) => consoleResult<string>(emulator, DATASET, "CreateImportTask", { versionId, files });

/** A dataset's version 1, imported and published; the clock moved past both. */
export async function publishedVersion(emulator: Emulator): Promise<QianfanDatasetVersionObject> {
  const version = await createdDataset(emulator);
  await createdImport(emulator, version.versionId);
  advance(emulator, IMPORTING_MS);
  await consoleResult(emulator, DATASET, "PublishDatasetVersion", { versionId: version.versionId });
  advance(emulator, PUBLISHING_MS);
  return version;
}

/** A fine-tuning task that is Done (2 epochs: checkpoints at steps 100 and 200). */
export async function doneTask(
  emulator: Emulator,
  task: Record<string, unknown> = {},
): Promise<string> {
  const taskId = await createdTask(emulator, await createdJob(emulator), task);
  advance(emulator, TASK_DONE_MS);
  return taskId;
}

export const createdModelSet = async (emulator: Emulator, body: Record<string, unknown> = {}) =>
  consoleResult<string>(emulator, MODEL, "CreateCustomModelSet", {
    modelSetName: "my-model",
    modelType: "Text2Text",
    ...body,
  });

export async function createdModel(
  emulator: Emulator,
  modelSetId: string,
  taskId: string,
  body: Record<string, unknown> = {},
): Promise<string> {
  const request = { modelSetId, sourceType: "Train", trainMeta: { taskId }, ...body };
  const result = await consoleResult<{ modelSetId: string; modelId: string }>(
    emulator,
    MODEL,
    "CreateCustomModel",
    request,
  );
  expect(result.modelSetId).toBe(modelSetId);
  return result.modelId;
}

/** A model version that is Ready, from a Done task. */
export async function readyModel(
  emulator: Emulator,
): Promise<{ modelSetId: string; modelId: string; taskId: string }> {
  const taskId = await doneTask(emulator);
  const modelSetId = await createdModelSet(emulator);
  const modelId = await createdModel(emulator, modelSetId, taskId);
  advance(emulator, CREATING_MS);
  return { modelSetId, modelId, taskId };
}

/** New resources paid after use: one GPU unit, charged by the unit. */
export const POSTPAID_UNIT = {
  resourceConfig: { type: "GPU-1-1", replicasCount: 1 },
  billing: { paymentTiming: "Postpaid", chargeType: "ComputingUnit" },
} as const;

/** CreateService on new Prepaid resources. */
export const serviceBody = (model: { modelSetId: string; modelId: string }) => ({
  modelSetId: model.modelSetId,
  modelId: model.modelId,
  name: "my-service",
  urlSuffix: "my-service",
  resourceConfig: { type: "GPU-1-1", replicasCount: 1, qps: 10 },
  billing: {
    paymentTiming: "Prepaid",
    reservation: { reservationTimeUnit: "Month", reservationLength: 1 },
  },
});

export async function createdService(
  emulator: Emulator,
  model: { modelSetId: string; modelId: string },
  body: Record<string, unknown> = {},
): Promise<string> {
  const request = { ...serviceBody(model), ...body };
  const result = await consoleResult<{ serviceId: string }>(
    emulator,
    SERVICE,
    "CreateService",
    request,
  );
  return result.serviceId;
}
