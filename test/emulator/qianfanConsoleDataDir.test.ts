// With a data directory, the Qianfan datasets, import tasks, custom models and services survive a
// restart: what a client sees before it, a client sees after it.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  DataDirError,
  type Emulator,
  type QianfanDatasetVersionObject,
  startEmulator,
  createManualClock,
} from "../../emulator";
import {
  clockOf,
  itServesEachKindAgain,
  type RestartKind,
  stateOf,
  useDataDir,
} from "./dataDirHelpers";
import { START_MS } from "./helpers";
import {
  advance,
  consoleFetch,
  consoleResult,
  createdDataset,
  createdImport,
  createdModel,
  createdModelSet,
  createdService,
  CREATING_MS,
  DATASET,
  DEPLOYING_MS,
  doneTask,
  IMPORTING_MS,
  MODEL,
  NEW_MS,
  publishedVersion,
  PUBLISHING_MS,
  readyModel,
  SERVICE,
} from "./qianfanConsoleHelpers";
import { qianfanError } from "./qianfanHelpers";

const describe_ = <T>(e: Emulator, path: string, action: string, body: unknown) =>
  consoleResult<T>(e, path, action, body);

/** A dataset as a client sees it: the list, its versions, each version and import described. */
async function datasetAsSeen(e: Emulator, datasetId: string) {
  const versions = await describe_<{ versionList: QianfanDatasetVersionObject[] }>(
    e,
    DATASET,
    "DescribeDatasetVersions",
    { datasetId },
  );
  const imports = e.store.qianfan.datasets.imports.list().map((task) => task.id);
  return {
    datasets: await describe_(e, DATASET, "DescribeDatasets", {}),
    versions,
    imports: await Promise.all(
      imports.map((taskId) => describe_(e, DATASET, "DescribeImportTask", { taskId })),
    ),
  };
}

async function modelAsSeen(e: Emulator, modelSetId: string) {
  const set = await describe_<{ modelIds: string[] }>(e, MODEL, "DescribeModelSet", {
    modelSetId,
  });
  return {
    sets: await describe_(e, MODEL, "DescribeCustomModelSets", {}),
    set,
    models: await Promise.all(
      set.modelIds.map((modelId) => describe_(e, MODEL, "DescribeModel", { modelId })),
    ),
  };
}

const servicesAsSeen = (e: Emulator) => describe_(e, SERVICE, "DescribeServices", {});

/** The status and code of a call that must fail. */
async function failure(e: Emulator, path: string, action: string, body: unknown) {
  const res = await consoleFetch(e, path, action, body);
  return `${res.status} ${(await qianfanError(res)).code}`;
}

/**
 * Each kind: `make` builds it on the first emulator (and may move its clock) and returns what a
 * client sees of it; a second emulator on the same directory must show the same.
 */
const KINDS: RestartKind[] = [
  [
    "a dataset with a published version, a version importing and an empty one",
    async (e) => {
      const { datasetId } = await publishedVersion(e);
      const v2 = await describe_<QianfanDatasetVersionObject>(e, DATASET, "CreateDatasetVersion", {
        datasetId,
        description: "second",
      });
      await createdImport(e, v2.versionId, ["bos:/b/a.jsonl", "bos:/b/b.jsonl"]);
      advance(e, IMPORTING_MS / 2);
      await describe_(e, DATASET, "CreateDatasetVersion", { datasetId });
      return async (x) => datasetAsSeen(x, datasetId);
    },
  ],
  [
    "a failed import and a version that failed to publish",
    async (e) => {
      const { datasetId, versionId } = await createdDataset(e);
      await createdImport(e, versionId, ["bos:/b/fail.jsonl"]);
      const v2 = await describe_<QianfanDatasetVersionObject>(e, DATASET, "CreateDatasetVersion", {
        datasetId,
        description: "will fail",
      });
      await createdImport(e, v2.versionId);
      advance(e, IMPORTING_MS);
      await describe_(e, DATASET, "PublishDatasetVersion", { versionId: v2.versionId });
      advance(e, PUBLISHING_MS);
      return async (x) => datasetAsSeen(x, datasetId);
    },
  ],
  [
    "a deleted version and dataset (siblings kept)",
    async (e) => {
      const kept = await createdDataset(e, { datasetName: "kept" });
      const gone = await describe_<QianfanDatasetVersionObject>(
        e,
        DATASET,
        "CreateDatasetVersion",
        {
          datasetId: kept.datasetId,
        },
      );
      await describe_(e, DATASET, "DeleteDatasetVersion", { versionId: gone.versionId });
      const goneSet = await createdDataset(e, { datasetName: "gone" });
      await describe_(e, DATASET, "DeleteDataset", { datasetId: goneSet.datasetId });
      return async (x) => ({
        seen: await datasetAsSeen(x, kept.datasetId),
        goneVersion: await failure(x, DATASET, "DescribeDatasetVersion", gone),
        goneDataset: await failure(x, DATASET, "DescribeDatasetVersions", goneSet),
      });
    },
  ],
  [
    "a model set with a Ready version at a checkpoint and one Creating",
    async (e) => {
      const { modelSetId, taskId } = await readyModel(e);
      await createdModel(e, modelSetId, taskId, {
        description: "at step 100",
        trainMeta: { taskId, checkpointStep: 100 },
      });
      advance(e, CREATING_MS / 2);
      return async (x) => modelAsSeen(x, modelSetId);
    },
  ],
  [
    "a deleted model version and set (siblings kept)",
    async (e) => {
      const { modelSetId, modelId, taskId } = await readyModel(e);
      const gone = await createdModel(e, modelSetId, taskId);
      await describe_(e, MODEL, "DeleteModel", { modelId: gone });
      const goneSet = await createdModelSet(e, { modelSetName: "gone" });
      await describe_(e, MODEL, "DeleteModelSet", { modelSetId: goneSet });
      return async (x) => ({
        seen: await modelAsSeen(x, modelSetId),
        kept: modelId,
        goneModel: await failure(x, MODEL, "DescribeModel", { modelId: gone }),
        goneSet: await failure(x, MODEL, "DescribeModelSet", { modelSetId: goneSet }),
      });
    },
  ],
  [
    "a Serving service switched to another version, one Deploying and one Stopped",
    async (e) => {
      const model = await readyModel(e);
      const next = await createdModel(e, model.modelSetId, model.taskId);
      const serving = await createdService(e, model, { urlSuffix: "serving" });
      advance(e, NEW_MS + DEPLOYING_MS);
      await describe_(e, SERVICE, "ModifyService", { serviceId: serving, ...model, modelId: next });
      await createdService(e, model, {
        urlSuffix: "tokens",
        billing: { paymentTiming: "Postpaid", chargeType: "Tokens" },
        resourceConfig: undefined,
      });
      advance(e, NEW_MS);
      const stopped = await createdService(e, model, { urlSuffix: "stopped" });
      await describe_(e, SERVICE, "DeactivateService", { serviceId: stopped });
      advance(e, 60_000);
      return servicesAsSeen;
    },
  ],
];

describe("a data directory keeps the Qianfan console's objects across a restart", () => {
  const emulators = useDataDir();

  itServesEachKindAgain(emulators, KINDS);

  it("goes on where it was: imports finish, versions and names continue, ids stay unique", async () => {
    const first = await emulators.start();
    const { datasetId, versionId } = await createdDataset(first);
    const importId = await createdImport(first, versionId);
    const taskId = await doneTask(first);
    const modelSetId = await createdModelSet(first);
    const v1 = await createdModel(first, modelSetId, taskId);
    await describe_(first, MODEL, "DeleteModel", { modelId: v1 });

    const second = await emulators.restart(IMPORTING_MS); // down while the import ran
    const task = await describe_<{ importStatus: string }>(second, DATASET, "DescribeImportTask", {
      taskId: importId,
    });
    expect(task.importStatus).toBe("ImportFinished");
    const v2 = await describe_<QianfanDatasetVersionObject>(
      second,
      DATASET,
      "CreateDatasetVersion",
      {
        datasetId,
      },
    );
    expect(v2.versionNumber).toBe(2);
    const model = await createdModel(second, modelSetId, taskId);
    const described = await describe_<{ version: string }>(second, MODEL, "DescribeModel", {
      modelId: model,
    });
    expect(described.version).toBe("V2");
    expect(model).not.toBe(v1);
  });

  it("writes each kind under stores.qianfan, restored in order", async () => {
    const first = await emulators.start();
    const { versionId } = await createdDataset(first);
    await createdImport(first, versionId);
    await createdService(first, await readyModel(first));
    await first.close();
    const qianfan = stateOf(emulators.dir()).stores.qianfan ?? {};
    expect(Object.keys(qianfan)).toEqual([
      "jobs",
      "tasks",
      "datasets",
      "datasetVersions",
      "importTasks",
      "modelSets",
      "models",
      "services",
    ]);
    expect(Object.values(qianfan).map((kind) => kind.length)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it("reads a state written before these kinds existed: they start empty", async () => {
    const first = await emulators.start();
    await createdDataset(first);
    await createdService(first, await readyModel(first));
    await first.close();
    const state = stateOf(emulators.dir());
    // The file as an emulator that had only jobs and tasks wrote it.
    const { jobs = [], tasks = [] } = state.stores.qianfan ?? {};
    state.stores.qianfan = { jobs, tasks };
    writeFileSync(join(emulators.dir(), "state.json"), JSON.stringify(state));
    const second = await emulators.start(clockOf(first).now());
    expect(second.store.qianfan.listDatasets()).toEqual([]);
    expect(second.store.qianfan.listServices()).toEqual([]);
    expect(second.store.qianfan.listJobs()).toHaveLength(1);
  });

  it.each<[string, string, string]>([
    [
      "a version whose dataset is missing",
      "datasets",
      "datasetVersions[0].datasetId names dataset",
    ],
    [
      "an import whose version is missing",
      "datasetVersions",
      "importTasks[0].versionId names dataset version",
    ],
    ["a model version whose set is missing", "modelSets", "models[0].modelSetId names model set"],
  ])("refuses %s, naming the field", async (_, emptied, message) => {
    const first = await emulators.start();
    const { versionId } = await createdDataset(first);
    await createdImport(first, versionId);
    await readyModel(first);
    await first.close();
    const state = stateOf(emulators.dir());
    const qianfan = state.stores.qianfan ?? {};
    qianfan[emptied] = [];
    writeFileSync(join(emulators.dir(), "state.json"), JSON.stringify(state));
    const started = startEmulator({ clock: createManualClock(START_MS), dataDir: emulators.dir() });
    await expect(started).rejects.toThrow(DataDirError);
    await expect(started).rejects.toThrow(`stores.qianfan.${message}`);
  });
});
