// Signature checks and fault rules on every dataset, model and service action.
import { type Emulator, ROUTE_KEYS } from "../../emulator";
import { useEmulator } from "./helpers";
import {
  advance,
  consoleFetch,
  consoleResult,
  createdDataset,
  createdImport,
  createdModelSet,
  createdService,
  DATASET,
  DATASET_BODY,
  doneTask,
  expectConsoleError,
  IMPORTING_MS,
  MODEL,
  readyModel,
  SERVICE,
  serviceBody,
} from "./qianfanConsoleHelpers";

/** The new areas' route keys, as `[key, path, action]`. */
const CONSOLE_ROUTES = ROUTE_KEYS.filter((key) =>
  /^POST \/v2\/(dataset|model|service)\?/.test(key),
).map((key): [string, string, string] => {
  const url = new URL(`http://x${key.slice("POST ".length)}`);
  return [key, url.pathname, url.searchParams.get("Action") ?? ""];
});

/** Everything the new areas hold, to show a refused request changed nothing. */
const consoleState = (emulator: Emulator) => ({
  datasets: emulator.store.qianfan.listDatasetVersions(),
  imports: emulator.store.qianfan.listImportTasks(),
  modelSets: emulator.store.qianfan.listModelSets(),
  models: emulator.store.qianfan.listModels(),
  services: emulator.store.qianfan.listServices(),
});

describe("Qianfan console: every action is signed", () => {
  const emulator = useEmulator();

  it("covers the 22 dataset, model and service actions", () => {
    expect(CONSOLE_ROUTES).toHaveLength(22);
  });

  it.each(CONSOLE_ROUTES)(
    "refuses %s unsigned or wrongly signed, in Qianfan's shape, doing nothing",
    async (_, path, action) => {
      const before = consoleState(emulator());
      const body = path === DATASET ? DATASET_BODY : {};
      const unsigned = await consoleFetch(emulator(), path, action, body, { authorization: null });
      await expectConsoleError(unsigned, 400, "InvalidHTTPAuthHeader");
      const wrong = await consoleFetch(emulator(), path, action, body, { secretKey: "not-the-sk" });
      await expectConsoleError(wrong, 403, "SignatureDoesNotMatch");
      expect(wrong.headers.get("x-bce-error-code")).toBe("SignatureDoesNotMatch");
      expect(consoleState(emulator())).toEqual(before);
    },
  );
});

describe("Qianfan console: fault rules", () => {
  const slept: number[] = [];
  const emulator = useEmulator({
    sleep: async (ms) => void slept.push(ms),
    routeLatencyMs: { "POST /v2/service?Action=DescribeServices": 250 },
  });

  it.each(CONSOLE_ROUTES)(
    "answers an injected 503 on %s in Qianfan's shape",
    async (key, path, action) => {
      emulator().faults.add({ route: key, status: 503, retryAfterSeconds: 3 });
      const res = await consoleFetch(emulator(), path, action, {});
      expect(res.headers.get("retry-after")).toBe("3");
      const error = await expectConsoleError(res, 503, "ServiceUnavailable", key);
      expect(error.requestId).toBe(res.headers.get("x-bce-request-id"));
      expect(emulator().faults.pending).toEqual([]);
      expect(emulator().requests.at(-1)).toMatchObject({ route: key, status: 503 });
    },
  );

  it("creates nothing when a create is answered by a fault, then creates", async () => {
    const key = "POST /v2/dataset?Action=CreateDataset";
    emulator().faults.add({ route: key, status: 429 });
    const res = await consoleFetch(emulator(), DATASET, "CreateDataset", DATASET_BODY);
    await expectConsoleError(res, 429, "TooManyRequests");
    expect(emulator().store.qianfan.listDatasets()).toEqual([]);
    await createdDataset(emulator());
    expect(emulator().store.qianfan.listDatasets()).toHaveLength(1);
  });

  it.each<[string, (e: Emulator) => Promise<[string, string, unknown, (e: Emulator) => number]>]>([
    [
      "CreateDataset",
      async () => [
        DATASET,
        "CreateDataset",
        DATASET_BODY,
        (e) => e.store.qianfan.listDatasets().length,
      ],
    ],
    [
      "CreateImportTask",
      async (e) => {
        const { versionId } = await createdDataset(e);
        const body = { versionId, files: ["bos:/b/a.jsonl"] };
        return [DATASET, "CreateImportTask", body, (x) => x.store.qianfan.listImportTasks().length];
      },
    ],
    [
      "PublishDatasetVersion",
      async (e) => {
        const { versionId } = await createdDataset(e);
        await createdImport(e, versionId);
        advance(e, IMPORTING_MS);
        const published = (x: Emulator) =>
          x.store.qianfan.listDatasetVersions().filter((v) => v.publishStatus !== "Unpublished")
            .length;
        return [DATASET, "PublishDatasetVersion", { versionId }, published];
      },
    ],
    [
      "CreateCustomModelSet",
      async () => [
        MODEL,
        "CreateCustomModelSet",
        { modelSetName: "lost", modelType: "Text2Text" },
        (e) => e.store.qianfan.listModelSets().length,
      ],
    ],
    [
      "CreateCustomModel",
      async (e) => {
        const taskId = await doneTask(e);
        const modelSetId = await createdModelSet(e);
        const body = { modelSetId, sourceType: "Train", trainMeta: { taskId } };
        return [MODEL, "CreateCustomModel", body, (x) => x.store.qianfan.listModels().length];
      },
    ],
    [
      "CreateService",
      async (e) => [
        SERVICE,
        "CreateService",
        serviceBody(await readyModel(e)),
        (x) => x.store.qianfan.listServices().length,
      ],
    ],
    [
      "DeactivateService",
      async (e) => {
        const serviceId = await createdService(e, await readyModel(e));
        const stopped = (x: Emulator) =>
          x.store.qianfan.listServices().filter((s) => s.runStatus === "Stopped").length;
        return [SERVICE, "DeactivateService", { serviceId }, stopped];
      },
    ],
  ])("performs %s and loses the answer with `after`", async (_, setUp) => {
    const [path, action, body, count] = await setUp(emulator());
    const before = count(emulator());
    emulator().faults.add({ route: `POST ${path}?Action=${action}`, status: 500, after: true });
    await expectConsoleError(
      await consoleFetch(emulator(), path, action, body),
      500,
      "InternalError",
    );
    expect(count(emulator())).toBe(before + 1);
  });

  it("drops the connection of a faulted delete without deleting", async () => {
    const { datasetId } = await createdDataset(emulator());
    emulator().faults.add({ route: "POST /v2/dataset?Action=DeleteDataset", drop: true });
    await expect(
      consoleFetch(emulator(), DATASET, "DeleteDataset", { datasetId }),
    ).rejects.toThrow();
    expect(emulator().store.qianfan.datasets.get(datasetId)).toBeDefined();
    expect(emulator().requests.at(-1)).toMatchObject({ status: 0 });
  });

  it("delays answers by the route's latency", async () => {
    slept.length = 0;
    await consoleResult(emulator(), SERVICE, "DescribeServices");
    await consoleResult(emulator(), DATASET, "DescribeDatasets");
    expect(slept).toEqual([250]);
  });

  it("refuses a rule for an action Baidu does not have", () => {
    const rule = { route: "POST /v2/service?Action=DeleteService", status: 500 };
    expect(() => emulator().faults.add(rule)).toThrow(/Unknown route key/);
  });
});
