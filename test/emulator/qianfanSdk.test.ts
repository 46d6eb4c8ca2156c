// The official JS SDK (`@baiducloud/qianfan`, a dev dependency of the tests only; research §6 of
// emulator/qianfan/VENDOR-FACTS.md) against the emulator: its `consoleAction` signs and sends every
// console action, pointed at the emulator by QIANFAN_CONSOLE_API_BASE_URL. The package is loaded by a
// computed name and checked against the little of it the test uses (its typings give consoleAction's
// answer as any, and the package is an ES module with a CommonJS bundle).
import {
  createManualClock,
  DEFAULT_QIANFAN_ACCESS_KEY,
  DEFAULT_QIANFAN_SECRET_KEY,
  type Emulator,
  type ManualClock,
  startEmulator,
} from "../../emulator";
import {
  CREATING_MS,
  DEPLOYING_MS,
  IMPORTING_MS,
  NEW_MS,
  POSTPAID_UNIT,
  PUBLISHING_MS,
  TASK_DONE_MS,
} from "./qianfanConsoleHelpers";
import { TRAINING } from "./qianfanHelpers";

const SDK_PACKAGE = "@baiducloud/qianfan";
const ENV_KEYS = ["QIANFAN_ACCESS_KEY", "QIANFAN_SECRET_KEY", "QIANFAN_CONSOLE_API_BASE_URL"];

/** What the test uses of the SDK (javascript/src/utils.ts). */
interface QianfanSdk {
  consoleAction(args: {
    base_api_route: string;
    data?: Record<string, unknown>;
    action?: string;
  }): Promise<unknown>;
  setEnvVariable(key: string, value: string): void;
}

const isSdk = (value: unknown): value is QianfanSdk =>
  typeof value === "object" &&
  value !== null &&
  "consoleAction" in value &&
  typeof value.consoleAction === "function" &&
  "setEnvVariable" in value &&
  typeof value.setEnvVariable === "function";

/** What consoleAction resolves to on a 2xx JSON answer: the body, with the headers beside it. */
interface SdkAnswer<T> {
  requestId: string;
  result: T;
}

describe("the official JS SDK's consoleAction against the emulator", () => {
  let sdk: QianfanSdk;
  let emulator: Emulator;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    const loaded: unknown = await import(SDK_PACKAGE);
    if (!isSdk(loaded)) throw new Error(`${SDK_PACKAGE} exports no consoleAction.`);
    sdk = loaded;
  });

  beforeEach(async () => {
    for (const key of ENV_KEYS) saved[key] = process.env[key];
    // The SDK signs with the real time: the emulator's clock starts there and moves by seconds,
    // well inside a signature's 1800 s.
    emulator = await startEmulator({ clock: createManualClock(Date.now()) });
    sdk.setEnvVariable("QIANFAN_ACCESS_KEY", DEFAULT_QIANFAN_ACCESS_KEY);
    sdk.setEnvVariable("QIANFAN_SECRET_KEY", DEFAULT_QIANFAN_SECRET_KEY);
    sdk.setEnvVariable("QIANFAN_CONSOLE_API_BASE_URL", emulator.url);
  });

  afterEach(async () => {
    await emulator.close();
    for (const key of ENV_KEYS) {
      const value = saved[key];
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  const advance = (ms: number) => (emulator.clock as ManualClock).advance(ms);
  async function call<T>(route: string, action: string, data?: Record<string, unknown>) {
    const answer = (await sdk.consoleAction({
      base_api_route: route,
      action,
      data,
    })) as SdkAnswer<T>;
    expect(answer.requestId).toEqual(expect.any(String));
    return answer.result;
  }

  it("walks dataset → fine-tuning task → model version → service", async () => {
    const { versionId } = await call<{ versionId: string }>("/v2/dataset", "CreateDataset", {
      datasetName: "sdk_dataset",
      dataFormat: "PromptResponse",
      storageType: "BOS",
      storagePath: "bos:/my-bucket/data/",
    });
    const importId = await call<string>("/v2/dataset", "CreateImportTask", {
      versionId,
      files: ["bos:/my-bucket/data/train.jsonl"],
    });
    advance(IMPORTING_MS);
    const imported = await call<{ importStatus: string }>("/v2/dataset", "DescribeImportTask", {
      taskId: importId,
    });
    expect(imported.importStatus).toBe("ImportFinished");
    expect(await call("/v2/dataset", "PublishDatasetVersion", { versionId })).toBe(true);
    advance(PUBLISHING_MS);
    const version = await call<{ publishStatus: string; entityCount: number }>(
      "/v2/dataset",
      "DescribeDatasetVersion",
      { versionId },
    );
    expect(version).toMatchObject({ publishStatus: "Published", entityCount: 100 });

    const { jobId } = await call<{ jobId: string }>("/v2/finetuning", "CreateFineTuningJob", {
      name: "sdk-job",
      model: "ERNIE-Speed-8K",
      trainMode: "SFT",
    });
    const { taskId } = await call<{ taskId: string }>("/v2/finetuning", "CreateFineTuningTask", {
      jobId,
      hyperParameterConfig: TRAINING.hyperParameterConfig,
      datasetConfig: { sourceType: "Platform", versions: [{ versionId }] },
    });
    advance(TASK_DONE_MS);

    const modelSetId = await call<string>("/v2/model", "CreateCustomModelSet", {
      modelSetName: "sdk-model",
      modelType: "Text2Text",
    });
    const { modelId } = await call<{ modelId: string }>("/v2/model", "CreateCustomModel", {
      modelSetId,
      sourceType: "Train",
      trainMeta: { taskId, checkpointStep: 200 },
    });
    advance(CREATING_MS);
    const model = await call<{ state: string }>("/v2/model", "DescribeModel", { modelId });
    expect(model.state).toBe("Ready");

    const { serviceId } = await call<{ serviceId: string }>("/v2/service", "CreateService", {
      modelSetId,
      modelId,
      name: "sdk-service",
      urlSuffix: "sdk-service",
      ...POSTPAID_UNIT,
    });
    advance(NEW_MS + DEPLOYING_MS);
    const service = await call<{ runStatus: string; url: string }>(
      "/v2/service",
      "DescribeService",
      { serviceId },
    );
    expect(service).toMatchObject({
      runStatus: "Serving",
      url: expect.stringMatching(/sdk-service$/),
    });
    const deactivated = await call("/v2/service", "DeactivateService", { serviceId });
    expect(deactivated).toMatchObject({ operation: true });
    expect(emulator.requests.every((request) => request.status === 200)).toBe(true);
  });

  it("sends an action without data (Content-Length: 0), read as {}", async () => {
    const page = await call<{ datasetList: unknown[] }>("/v2/dataset", "DescribeDatasets");
    expect(page.datasetList).toEqual([]);
  });

  it("throws the vendor's error, its code in the message, as the SDK does for non-2xx", async () => {
    await expect(
      sdk.consoleAction({
        base_api_route: "/v2/dataset",
        action: "DescribeDatasetVersion",
        data: { versionId: "ds-nothing" },
      }),
    ).rejects.toThrow(/status = 404[\s\S]*NotFound/);
  });

  it("is refused with a wrong secret key", async () => {
    sdk.setEnvVariable("QIANFAN_SECRET_KEY", "not-the-secret-key");
    await expect(
      sdk.consoleAction({ base_api_route: "/v2/model", action: "DescribeCustomModelSets" }),
    ).rejects.toThrow(/SignatureDoesNotMatch/);
  });
});
