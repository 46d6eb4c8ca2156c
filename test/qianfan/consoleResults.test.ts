/** The console areas of the Qianfan client, and the lenient readings of answers Baidu does not document. */
import {
  ApiError,
  BadRequestError,
  NotFoundError,
  ServerError,
  type ApiErrorDetails,
} from "../../provider/core/errors";
import { isIdempotentQianfanRequest, QianfanClient } from "../../provider/qianfan/client";
import { idFromResult, isGone } from "../../provider/qianfan/consoleResults";
import { percentOf } from "../../provider/qianfan/datasetObjects";
import { isFromTask } from "../../provider/qianfan/modelObjects";

const settings = {
  endpoint: "https://qianfan.example.com",
  accessKey: "ak-0123",
  secretKey: "sk-0123",
};

describe("the Qianfan client's areas", () => {
  it.each(["dataset", "model", "service", "finetuning"] as const)(
    "posts %s actions to /v2/<area>",
    async (area) => {
      const urls: string[] = [];
      const client = new QianfanClient(settings, {
        fetch: async (input) => {
          urls.push(input instanceof Request ? input.url : input.toString());
          return new Response(JSON.stringify({ requestId: "r", result: true }), {
            headers: { "content-type": "application/json" },
          });
        },
        policy: { maxAttempts: 1 },
      });
      await client.action("DescribeSomething", {}, "read", area);
      expect(urls).toEqual([`https://qianfan.example.com/v2/${area}?Action=DescribeSomething`]);
    },
  );

  it.each([
    ["DescribeDatasetVersion", true],
    ["DeleteDatasetVersion", true],
    ["DeactivateService", true],
    ["ModifyService", true],
    ["CreateDataset", false],
    ["CreateImportTask", false],
    ["PublishDatasetVersion", false],
    ["CreateCustomModel", false],
    ["CreateService", false],
  ])("%s can be repeated safely: %s", (action, idempotent) => {
    expect(isIdempotentQianfanRequest("POST", new URL(`https://x/v2/a?Action=${action}`))).toBe(
      idempotent,
    );
  });
});

const details = (status: number, code: string): ApiErrorDetails => ({
  vendor: "qianfan",
  status,
  code,
  vendorMessage: "m",
  operation: "op",
});

describe("lenient readings", () => {
  it.each<[unknown, string, string | undefined]>([
    ["amv-1", "modelId", "amv-1"],
    [{ modelSetId: "am-1", modelId: "amv-1" }, "modelId", "amv-1"],
    [{ serviceId: "svco-1", instanceId: "x" }, "serviceId", "svco-1"],
    [{ datasetId: "dg-1", versionId: "ds-1" }, "datasetId", "dg-1"],
    [{}, "modelId", undefined],
    ["", "modelId", undefined],
    [true, "modelId", undefined],
    [{ modelId: 5 }, "modelId", undefined],
  ])("idFromResult(%j, %s) = %s", (result, key, want) =>
    expect(idFromResult(result, key)).toBe(want),
  );

  it.each<[string, unknown, boolean]>([
    ["404 NotFound", new NotFoundError(details(404, "NotFound"), ""), true],
    ["400 DatasetNotExist", new BadRequestError(details(400, "DatasetNotExist"), ""), true],
    ["400 ModelNotFound", new BadRequestError(details(400, "ModelNotFound"), ""), true],
    ["400 InappropriateJSON", new BadRequestError(details(400, "InappropriateJSON"), ""), false],
    ["500 InternalError", new ServerError(details(500, "InternalError"), ""), false],
    ["200 ResourceNotExist", new ApiError(details(200, "ResourceNotExist"), ""), true],
    ["a plain Error", new Error("NotFound"), false],
  ])("isGone(%s) = %s", (_name, error, want) => expect(isGone(error)).toBe(want));

  it.each<[string | undefined, number | undefined]>([
    ["45%", 45],
    ["45 %", 45],
    ["0", 0],
    ["100%", 100],
    ["", undefined],
    [undefined, undefined],
    ["n/a", undefined],
  ])("percentOf(%j) = %s", (progress, want) => expect(percentOf(progress)).toBe(want));
});

describe("which model version a task published", () => {
  const inputs = { taskId: "task-1", readyTimeoutSeconds: 1, pollIntervalSeconds: 1 };
  it.each<[string, object, object, boolean]>([
    ["same task", { sourceInfo: { trainTaskId: "task-1" } }, {}, true],
    ["another task", { sourceInfo: { trainTaskId: "task-2" } }, {}, false],
    ["no source", {}, {}, false],
    [
      "same step",
      { sourceInfo: { trainTaskId: "task-1", checkpointStep: 50 } },
      { checkpointStep: 50 },
      true,
    ],
    ["another step", { sourceInfo: { trainTaskId: "task-1", checkpointStep: 50 } }, {}, false],
    [
      "the examples' step field",
      { sourceInfo: { trainTaskId: "task-1", step: 50 } },
      { checkpointStep: 50 },
      true,
    ],
    [
      "a step not reported",
      { sourceInfo: { trainTaskId: "task-1" } },
      { checkpointStep: 50 },
      true,
    ],
    ["another description", { sourceInfo: { trainTaskId: "task-1" }, description: "x" }, {}, false],
  ])("%s: %s", (_name, version, extra, want) =>
    expect(isFromTask({ modelId: "amv-1", ...version }, { ...inputs, ...extra })).toBe(want),
  );
});
