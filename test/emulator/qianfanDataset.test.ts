import {
  type QianfanDatasetObject,
  type QianfanDatasetVersionObject,
  type QianfanImportTaskObject,
  type QianfanPageInfo,
  QIANFAN_DATA_FORMATS,
} from "../../emulator";
import { manualClock, START_MS, useEmulator } from "./helpers";
import {
  advance,
  areaRouteKey,
  areaRouteKeys,
  consoleArea,
  consoleFetch,
  createdDataset,
  createdImport,
  DATASET,
  DATASET_BODY,
  expectConsoleError,
  expectRefusal,
  IMPORTING_MS,
  publishedVersion,
  PUBLISHING_MS,
} from "./qianfanConsoleHelpers";
import { createdJob, createdTask, qianfanFetch, qianfanResult, TRAINING } from "./qianfanHelpers";

const DATASET_ACTIONS = [
  "CreateDataset",
  "DescribeDatasets",
  "DeleteDataset",
  "CreateDatasetVersion",
  "DescribeDatasetVersion",
  "DeleteDatasetVersion",
  "PublishDatasetVersion",
  "DescribeDatasetVersions",
  "CreateImportTask",
  "DescribeImportTask",
];
const DATASET_ID = /^dg-[a-z0-9]{12}$/;
const VERSION_ID = /^ds-[a-z0-9]{16}$/;
const IMPORT_ID = /^task-[a-z0-9]{12}$/;
/** START_MS in Beijing time, as the dataset area writes times. */
const START_DATE = "2025-01-01 08:00:00";

type Emulator = ReturnType<ReturnType<typeof useEmulator>>;

const { call, result } = consoleArea(DATASET);
const describeVersion = (emulator: Emulator, versionId: string) =>
  result<QianfanDatasetVersionObject>(emulator, "DescribeDatasetVersion", { versionId });
const describeImport = (emulator: Emulator, taskId: string) =>
  result<QianfanImportTaskObject>(emulator, "DescribeImportTask", { taskId });

describe("Qianfan datasets: create", () => {
  const emulator = useEmulator();

  it("creates a dataset with its version 1 and answers that version", async () => {
    const res = await call(emulator(), "CreateDataset", DATASET_BODY);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { requestId: string; result: QianfanDatasetVersionObject };
    expect(body).toEqual({
      requestId: res.headers.get("x-bce-request-id"),
      result: {
        datasetId: expect.stringMatching(DATASET_ID),
        versionId: expect.stringMatching(VERSION_ID),
        versionNumber: 1,
        datasetName: "my_dataset",
        dataFormat: "PromptResponse",
        description: "",
        storageType: "BOS",
        storagePath: "bos:/my-bucket/data/",
        creator: "emulator",
        createTime: START_DATE,
        importStatus: "Created",
        publishStatus: "Unpublished",
        entityCount: 0,
      },
    });
    const { datasetId, versionId } = body.result;
    expect(emulator().store.qianfan.listDatasetVersions()).toEqual([body.result]);
    expect(emulator().store.qianfan.datasets.get(datasetId)).toEqual({
      id: datasetId,
      name: "my_dataset",
      dataFormat: "PromptResponse",
      storageType: "BOS",
      storagePath: "bos:/my-bucket/data/",
      createdAtMs: START_MS,
      versionCount: 1,
    });
    expect(emulator().store.qianfan.datasets.versions.get(versionId)?.importTaskIds).toEqual([]);
    expect(emulator().requests).toEqual([
      {
        method: "POST",
        route: areaRouteKey(DATASET, "CreateDataset"),
        status: 200,
        body: DATASET_BODY,
      },
    ]);
  });

  it.each(QIANFAN_DATA_FORMATS)("accepts dataFormat %s", async (dataFormat) => {
    expect((await createdDataset(emulator(), { dataFormat })).dataFormat).toBe(dataFormat);
  });

  it.each<[string, Record<string, unknown>]>([
    ["sysStorage without a path", { storageType: "sysStorage", storagePath: undefined }],
    ["a bucket's root", { storagePath: "bos:/yourBucket/" }],
    ["a deeper directory", { storagePath: "bos:/yourBucket/yourDir/text/" }],
    ["a name in Chinese", { datasetName: "数据集" }],
    ["a long name (no limit is documented)", { datasetName: "d".repeat(200) }],
  ])("accepts %s", async (_, change) => {
    const version = await createdDataset(emulator(), change);
    expect(version.versionNumber).toBe(1);
  });

  it("answers storagePath '' for sysStorage", async () => {
    const version = await createdDataset(emulator(), {
      storageType: "sysStorage",
      storagePath: undefined,
    });
    expect(version).toMatchObject({ storageType: "sysStorage", storagePath: "" });
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ["a missing datasetName", { datasetName: undefined }, "datasetName", "is required"],
    ["an empty datasetName", { datasetName: "" }, "datasetName", "must not be empty"],
    ["a datasetName number", { datasetName: 3 }, "datasetName", "must be a string"],
    ["a missing dataFormat", { dataFormat: undefined }, "dataFormat", "is required"],
    ["a dataFormat in another case", { dataFormat: "promptresponse" }, "dataFormat", "one of"],
    ["the v1 storageType sysBos", { storageType: "sysBos" }, "storageType", "BOS, sysStorage"],
    ["a missing storageType", { storageType: undefined }, "storageType", "is required"],
    ["BOS without storagePath", { storagePath: undefined }, "storagePath", "is required"],
    ["a storagePath without /", { storagePath: "bos:/b/dir" }, "storagePath", "end with /"],
    ["bos:// (two slashes)", { storagePath: "bos://b/dir/" }, "storagePath", "one slash"],
    ["an s3 path", { storagePath: "s3://b/dir/" }, "storagePath", "BOS directory"],
    ["a path with a space", { storagePath: "bos:/b/my dir/" }, "storagePath", "BOS directory"],
    ["a path with //", { storagePath: "bos:/b//dir/" }, "storagePath", "BOS directory"],
    [
      "sysStorage with a storagePath",
      { storageType: "sysStorage" },
      "storagePath",
      "only for storageType BOS",
    ],
  ])("refuses %s with 400 naming it", async (_, change, param, detail) => {
    const res = await call(emulator(), "CreateDataset", { ...DATASET_BODY, ...change });
    await expectRefusal(res, param, detail);
    expect(emulator().store.qianfan.datasets.list()).toEqual([]);
  });
});

describe("Qianfan datasets: versions", () => {
  const emulator = useEmulator();

  it("numbers new versions, never reusing a deleted one's number; each starts empty", async () => {
    const v1 = await createdDataset(emulator());
    await createdImport(emulator(), v1.versionId);
    advance(emulator(), IMPORTING_MS);
    const create = (description?: string) =>
      result<QianfanDatasetVersionObject>(emulator(), "CreateDatasetVersion", {
        datasetId: v1.datasetId,
        description,
      });
    const v2 = await create("second");
    expect(v2).toEqual({
      ...v1,
      versionId: expect.stringMatching(VERSION_ID),
      versionNumber: 2,
      description: "second",
      createTime: "2025-01-01 08:00:03",
    });
    const v3 = await create();
    await result(emulator(), "DeleteDatasetVersion", { versionId: v3.versionId });
    expect((await create()).versionNumber).toBe(4);
    expect(await describeVersion(emulator(), v2.versionId)).toEqual(v2);
    expect((await describeVersion(emulator(), v1.versionId)).entityCount).toBe(100);
  });

  it.each<[string, string, Record<string, unknown>, number, string]>([
    [
      "an unknown dataset",
      "CreateDatasetVersion",
      { datasetId: "dg-unknown0000" },
      404,
      "NotFound",
    ],
    ["a missing datasetId", "CreateDatasetVersion", {}, 400, "InappropriateJSON"],
    ["an unknown version", "DescribeDatasetVersion", { versionId: "ds-x" }, 404, "NotFound"],
    ["an empty versionId", "DescribeDatasetVersion", { versionId: "" }, 400, "InappropriateJSON"],
    ["an unknown dataset", "DescribeDatasetVersions", { datasetId: "dg-x" }, 404, "NotFound"],
    ["an unknown import task", "DescribeImportTask", { taskId: "task-x" }, 404, "NotFound"],
    ["a missing taskId", "DescribeImportTask", {}, 400, "InappropriateJSON"],
    ["an unknown dataset", "DeleteDataset", { datasetId: "dg-x" }, 404, "NotFound"],
    ["an unknown version", "DeleteDatasetVersion", { versionId: "ds-x" }, 404, "NotFound"],
    ["an unknown version", "PublishDatasetVersion", { versionId: "ds-x" }, 404, "NotFound"],
  ])("answers %s to %s with %i %s", async (_, action, body, status, code) => {
    await expectConsoleError(await call(emulator(), action, body), status, code);
  });

  it("names what it cannot find", async () => {
    const res = await call(emulator(), "DescribeDatasetVersion", { versionId: "ds-nothing" });
    await expectConsoleError(
      res,
      404,
      "NotFound",
      "The dataset version 'ds-nothing' does not exist.",
    );
  });

  interface VersionPage {
    versionList: QianfanDatasetVersionObject[];
    pageInfo: QianfanPageInfo;
  }
  const versionsPage = (body: Record<string, unknown>) =>
    result<VersionPage>(emulator(), "DescribeDatasetVersions", body);

  async function fiveVersions(): Promise<{ datasetId: string; ids: string[] }> {
    const { datasetId, versionId } = await createdDataset(emulator());
    const ids = [versionId];
    for (let i = 0; i < 4; i++) {
      advance(emulator(), 1000);
      const version = await result<QianfanDatasetVersionObject>(
        emulator(),
        "CreateDatasetVersion",
        { datasetId },
      );
      ids.push(version.versionId);
    }
    return { datasetId, ids };
  }

  it.each([
    ["oldest first, as documented", false],
    ["newest first with pageReverse", true],
  ])("lists a dataset's versions page by page, %s", async (_, pageReverse) => {
    const { datasetId, ids } = await fiveVersions();
    await createdDataset(emulator()); // another dataset's version is not listed
    const seen: string[] = [];
    const markers: string[] = [];
    let marker = "";
    for (;;) {
      const page = await versionsPage({ datasetId, maxKeys: 2, pageReverse, marker });
      seen.push(...page.versionList.map((v) => v.versionId));
      markers.push(page.pageInfo.marker);
      if (!page.pageInfo.isTruncated) break;
      marker = page.pageInfo.nextMarker;
    }
    const expected = pageReverse ? [...ids].reverse() : ids;
    expect(seen).toEqual(expected);
    expect(markers).toEqual(["", expected[2], expected[4]]);
  });

  it("pages 10 by default, at most 100", async () => {
    const { datasetId } = await fiveVersions();
    expect((await versionsPage({ datasetId })).pageInfo).toEqual({
      marker: "",
      maxKeys: 10,
      isTruncated: false,
      nextMarker: "",
    });
    expect((await versionsPage({ datasetId, maxKeys: 1000 })).pageInfo.maxKeys).toBe(100);
  });

  it("filters by import and publish status", async () => {
    const published = await publishedVersion(emulator());
    const { datasetId } = published;
    const create = () =>
      result<QianfanDatasetVersionObject>(emulator(), "CreateDatasetVersion", { datasetId });
    const importing = await create();
    await createdImport(emulator(), importing.versionId);
    const empty = await create();
    const ids = async (filter: Record<string, unknown>) =>
      (await versionsPage({ datasetId, filter })).versionList.map((v) => v.versionId);
    expect(await ids({ importStatusList: ["Importing", "ImportFailed"] })).toEqual([
      importing.versionId,
    ]);
    expect(await ids({ publishStatusList: ["Unpublished"] })).toEqual([
      importing.versionId,
      empty.versionId,
    ]);
    expect(
      await ids({ importStatusList: ["Created"], publishStatusList: ["Unpublished"] }),
    ).toEqual([empty.versionId]);
    expect(await ids({ publishStatusList: ["Published"] })).toEqual([published.versionId]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["an unknown import status", { filter: { importStatusList: ["Done"] } }, "importStatusList"],
    [
      "a status list that is a string",
      { filter: { publishStatusList: "Published" } },
      "publishStatusList",
    ],
    ["a filter that is not an object", { filter: "Published" }, "filter"],
    ["maxKeys 0", { maxKeys: 0 }, "maxKeys"],
    ["a marker not in the list", { marker: "ds-elsewhere" }, "marker"],
  ])("refuses %s with 400 naming it", async (_, change, param) => {
    const { datasetId } = await createdDataset(emulator());
    const res = await call(emulator(), "DescribeDatasetVersions", { datasetId, ...change });
    await expectRefusal(res, param);
  });
});

describe("Qianfan datasets: imports on the clock", () => {
  const emulator = useEmulator();
  const at = (offsetMs: number) => manualClock(emulator()).set(START_MS + offsetMs);

  it("imports, with progress, then counts a fixed number of samples per source", async () => {
    const { versionId } = await createdDataset(emulator());
    const files = ["bos:/my-bucket/data/a.jsonl", "bos:/other-bucket/b.jsonl"];
    const taskId = await createdImport(emulator(), versionId, files);
    expect(taskId).toMatch(IMPORT_ID);
    const steps: [number, string, string, number][] = [
      [0, "Importing", "0%", 0],
      [1500, "Importing", "50%", 0],
      [IMPORTING_MS - 1, "Importing", "99%", 0],
      [IMPORTING_MS, "ImportFinished", "100%", 200],
      [IMPORTING_MS + 3_600_000, "ImportFinished", "100%", 200],
    ];
    for (const [offset, importStatus, progress, sampleCount] of steps) {
      at(offset);
      const task = await describeImport(emulator(), taskId);
      expect({ offset, ...task }).toMatchObject({ offset, importStatus, progress, sampleCount });
      const version = await describeVersion(emulator(), versionId);
      expect({ offset, status: version.importStatus, count: version.entityCount }).toEqual({
        offset,
        status: importStatus,
        count: sampleCount,
      });
    }
    expect(await describeImport(emulator(), taskId)).toEqual({
      versionId,
      importStatus: "ImportFinished",
      progress: "100%",
      sizeMB: 0.2,
      sampleCount: 200,
      creator: "emulator",
      startTime: START_DATE,
      finishTime: "2025-01-01 08:00:03",
      errDownloadUrl: "",
    });
    expect(emulator().store.qianfan.listImportTasks(versionId)).toEqual([
      { taskId, ...(await describeImport(emulator(), taskId)) },
    ]);
  });

  it("answers finishTime '' while importing", async () => {
    const { versionId } = await createdDataset(emulator());
    const task = await describeImport(emulator(), await createdImport(emulator(), versionId));
    expect(task).toMatchObject({ finishTime: "", sizeMB: 0, errDownloadUrl: "" });
  });

  it.each<[string[], string]>([
    [["bos:/b/dir/fail.jsonl"], "ImportFailed"],
    [["bos:/b/dir/FAIL.JSONL"], "ImportFailed"],
    [["bos:/b/fail"], "ImportFailed"],
    [["bos:/b/fail/"], "ImportFailed"],
    [["bos:/b/fail.tar.gz"], "ImportFailed"],
    [["bos:/b/ok.jsonl", "bos:/b/fail.jsonl"], "ImportFailed"],
    [["bos:/b/dir/failure.jsonl"], "ImportFinished"],
    [["bos:/b/fail/train.jsonl"], "ImportFinished"],
    [["bos:/fail/train.jsonl"], "ImportFinished"],
    [["bos:/fail/"], "ImportFinished"],
  ])("imports %j to %s (the base name `fail` fails)", async (files, status) => {
    const { versionId } = await createdDataset(emulator());
    const taskId = await createdImport(emulator(), versionId, files);
    at(IMPORTING_MS);
    const task = await describeImport(emulator(), taskId);
    expect(task.importStatus).toBe(status);
    expect((await describeVersion(emulator(), versionId)).importStatus).toBe(status);
  });

  it("ends a failed import at 0% with no samples and an error report link", async () => {
    const { versionId } = await createdDataset(emulator());
    const taskId = await createdImport(emulator(), versionId, ["bos:/b/fail.jsonl"]);
    at(IMPORTING_MS);
    expect(await describeImport(emulator(), taskId)).toEqual({
      versionId,
      importStatus: "ImportFailed",
      progress: "0%",
      sizeMB: 0,
      sampleCount: 0,
      creator: "emulator",
      startTime: START_DATE,
      finishTime: "2025-01-01 08:00:03",
      errDownloadUrl: expect.stringMatching(new RegExp(`^https://.*${taskId}`)),
    });
    expect((await describeVersion(emulator(), versionId)).entityCount).toBe(0);
  });

  it("takes another import once one has ended, adding its samples", async () => {
    const { versionId } = await createdDataset(emulator());
    await createdImport(emulator(), versionId, ["bos:/b/fail.jsonl"]);
    at(IMPORTING_MS);
    const second = await createdImport(emulator(), versionId, ["bos:/b/dir/"]);
    at(2 * IMPORTING_MS);
    await createdImport(emulator(), versionId, ["bos:/b/more.jsonl"]);
    at(3 * IMPORTING_MS);
    const version = await describeVersion(emulator(), versionId);
    expect(version).toMatchObject({ importStatus: "ImportFinished", entityCount: 200 });
    expect(emulator().store.qianfan.datasets.versions.get(versionId)?.importTaskIds).toHaveLength(
      3,
    );
    expect((await describeImport(emulator(), second)).sampleCount).toBe(100);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ["missing files", { files: undefined }, "files", "non-empty array"],
    ["no files", { files: [] }, "files", "non-empty array"],
    ["files as a string", { files: "bos:/b/a.jsonl" }, "files", "an array"],
    ["a file that is not a string", { files: [7] }, "files", "files[0] must be a string"],
    ["an s3 file", { files: ["s3://b/a.jsonl"] }, "files", "files[0] must be a BOS path"],
    ["bos:// (two slashes)", { files: ["bos://b/a.jsonl"] }, "files", "files[0] must be a BOS"],
    ["a bucket alone", { files: ["bos:/b"] }, "files", "files[0] must be a BOS path"],
    [
      "a directory beside a file",
      { files: ["bos:/b/a.jsonl", "bos:/b/dir/"] },
      "files",
      "files[1] is a directory: import one directory alone",
    ],
    ["a missing versionId", { versionId: undefined }, "versionId", "is required"],
  ])("refuses an import of %s with 400 naming it", async (_, change, param, detail) => {
    const { versionId } = await createdDataset(emulator());
    const body = { versionId, files: ["bos:/b/a.jsonl"], ...change };
    await expectRefusal(await call(emulator(), "CreateImportTask", body), param, detail);
    expect(emulator().store.qianfan.datasets.imports.list()).toEqual([]);
  });

  it("accepts one directory, and files from several buckets", async () => {
    const { versionId } = await createdDataset(emulator());
    await createdImport(emulator(), versionId, ["bos:/bucketName/some/path/"]);
    at(IMPORTING_MS);
    const files = ["bos:/b1/a.jsonl", "bos:/b2/x/b.zip", "bos:/b3/c.xlsx"];
    await expect(createdImport(emulator(), versionId, files)).resolves.toMatch(IMPORT_ID);
  });

  it("refuses an import while one is importing, then takes it", async () => {
    const { versionId } = await createdDataset(emulator());
    const first = await createdImport(emulator(), versionId);
    const res = await call(emulator(), "CreateImportTask", {
      versionId,
      files: ["bos:/b/a.jsonl"],
    });
    await expectRefusal(res, "versionId", `still importing (import task '${first}')`);
    at(IMPORTING_MS);
    await expect(createdImport(emulator(), versionId)).resolves.toMatch(IMPORT_ID);
  });

  it("answers 404 for an import into an unknown version", async () => {
    const res = await call(emulator(), "CreateImportTask", {
      versionId: "ds-unknown",
      files: ["bos:/b/a.jsonl"],
    });
    await expectConsoleError(res, 404, "NotFound", "ds-unknown");
  });
});

describe("Qianfan datasets: scripted import failures", () => {
  const emulator = useEmulator({
    failQianfanImports: (files) => files.some((file) => file.includes("broken")),
  });

  it("fails the imports failQianfanImports names, and only those", async () => {
    const { versionId } = await createdDataset(emulator());
    const broken = await createdImport(emulator(), versionId, ["bos:/b/broken.jsonl"]);
    advance(emulator(), IMPORTING_MS);
    const named = await createdImport(emulator(), versionId, ["bos:/b/fail.jsonl"]);
    advance(emulator(), IMPORTING_MS);
    expect((await describeImport(emulator(), broken)).importStatus).toBe("ImportFailed");
    expect((await describeImport(emulator(), named)).importStatus).toBe("ImportFinished");
  });
});

describe("Qianfan datasets: configured timings", () => {
  const emulator = useEmulator({ qianfanDatasetTimings: { importingMs: 1000 } });

  it("takes the timings given and defaults the rest", async () => {
    const { versionId } = await createdDataset(emulator());
    const taskId = await createdImport(emulator(), versionId);
    advance(emulator(), 500);
    expect((await describeImport(emulator(), taskId)).progress).toBe("50%");
    advance(emulator(), 500);
    await result(emulator(), "PublishDatasetVersion", { versionId });
    advance(emulator(), PUBLISHING_MS - 1);
    expect((await describeVersion(emulator(), versionId)).publishStatus).toBe("Publishing");
  });
});

describe("Qianfan datasets: publish", () => {
  const emulator = useEmulator();
  const publish = (versionId: string) => call(emulator(), "PublishDatasetVersion", { versionId });

  it("publishes once the import has finished: Publishing, then Published", async () => {
    const { versionId } = await createdDataset(emulator());
    await createdImport(emulator(), versionId);
    advance(emulator(), IMPORTING_MS);
    const res = await publish(versionId);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { result: unknown }).result).toBe(true);
    const status = async () => (await describeVersion(emulator(), versionId)).publishStatus;
    expect(await status()).toBe("Publishing");
    advance(emulator(), PUBLISHING_MS - 1);
    expect(await status()).toBe("Publishing");
    advance(emulator(), 1);
    expect(await status()).toBe("Published");
    expect(emulator().store.qianfan.datasets.versions.get(versionId)?.publishStatus).toBe(
      "Published",
    );
  });

  it.each<[string, string[] | undefined, number, string]>([
    ["with no import yet", undefined, 0, "is Created"],
    ["while importing", ["bos:/b/a.jsonl"], 0, "is Importing"],
    ["after a failed import", ["bos:/b/fail.jsonl"], IMPORTING_MS, "is ImportFailed"],
  ])("refuses to publish a version %s", async (_, files, wait, detail) => {
    const { versionId } = await createdDataset(emulator());
    if (files) await createdImport(emulator(), versionId, files);
    advance(emulator(), wait);
    await expectRefusal(await publish(versionId), "versionId", detail);
    expect((await describeVersion(emulator(), versionId)).publishStatus).toBe("Unpublished");
  });

  it("answers a repeat while Publishing or Published with true, changing nothing", async () => {
    const { versionId } = await createdDataset(emulator());
    await createdImport(emulator(), versionId);
    advance(emulator(), IMPORTING_MS);
    await publish(versionId);
    advance(emulator(), PUBLISHING_MS - 1);
    expect((await publish(versionId)).status).toBe(200);
    advance(emulator(), 1);
    expect((await describeVersion(emulator(), versionId)).publishStatus).toBe("Published");
    expect((await publish(versionId)).status).toBe(200);
    expect((await describeVersion(emulator(), versionId)).publishStatus).toBe("Published");
  });

  it("refuses imports into a version publishing or published", async () => {
    const { versionId } = await createdDataset(emulator());
    await createdImport(emulator(), versionId);
    advance(emulator(), IMPORTING_MS);
    await publish(versionId);
    const body = { versionId, files: ["bos:/b/more.jsonl"] };
    await expectRefusal(
      await call(emulator(), "CreateImportTask", body),
      "versionId",
      "is Publishing",
    );
    advance(emulator(), PUBLISHING_MS);
    await expectRefusal(
      await call(emulator(), "CreateImportTask", body),
      "versionId",
      "is Published",
    );
  });

  it("ends PublishFailed for a version whose description contains 'fail', and may retry", async () => {
    const { datasetId } = await createdDataset(emulator());
    const { versionId } = await result<QianfanDatasetVersionObject>(
      emulator(),
      "CreateDatasetVersion",
      { datasetId, description: "will FAIL" },
    );
    await createdImport(emulator(), versionId);
    advance(emulator(), IMPORTING_MS);
    await publish(versionId);
    advance(emulator(), PUBLISHING_MS);
    expect((await describeVersion(emulator(), versionId)).publishStatus).toBe("PublishFailed");
    expect((await publish(versionId)).status).toBe(200);
    expect((await describeVersion(emulator(), versionId)).publishStatus).toBe("Publishing");
  });
});

describe("Qianfan datasets: a fine-tuning task trains on a published version only", () => {
  const emulator = useEmulator();
  /** A task on the version, second after one the emulator never made when `afterConsoleVersion`. */
  const taskOn = async (versionId: string, afterConsoleVersion = false) =>
    qianfanFetch(emulator(), "CreateFineTuningTask", {
      jobId: await createdJob(emulator()),
      ...TRAINING,
      datasetConfig: {
        sourceType: "Platform",
        versions: [
          ...(afterConsoleVersion ? [{ versionId: "ds-madeintheconsole" }] : []),
          { versionId },
        ],
      },
    });

  it.each<[string, string[] | undefined, number, boolean, string]>([
    ["with no import", undefined, 0, false, "is Unpublished"],
    ["imported, not published", ["bos:/b/a.jsonl"], IMPORTING_MS, false, "is Unpublished"],
    ["publishing", ["bos:/b/a.jsonl"], IMPORTING_MS, true, "is Publishing"],
  ])("refuses a version %s, naming it", async (_, files, wait, publish, detail) => {
    const { versionId } = await createdDataset(emulator());
    if (files) await createdImport(emulator(), versionId, files);
    advance(emulator(), wait);
    if (publish) await call(emulator(), "PublishDatasetVersion", { versionId });
    const tasksBefore = emulator().store.qianfan.listTasks().length;
    await expectRefusal(await taskOn(versionId, true), "versionId", `'${versionId}' ${detail}`);
    expect(emulator().store.qianfan.listTasks()).toHaveLength(tasksBefore);
  });

  it("takes a published version, and one it never made (made in the console)", async () => {
    const { versionId } = await publishedVersion(emulator());
    expect((await taskOn(versionId)).status).toBe(200);
    expect((await taskOn(versionId, true)).status).toBe(200);
  });
});

describe("Qianfan datasets: delete", () => {
  const emulator = useEmulator();
  const trainOn = (versionId: string) => ({
    datasetConfig: { sourceType: "Platform", versions: [{ versionId }] },
  });

  it("deletes a version and its import tasks; they are then unknown", async () => {
    const { datasetId, versionId } = await createdDataset(emulator());
    const taskId = await createdImport(emulator(), versionId);
    const res = await call(emulator(), "DeleteDatasetVersion", { versionId });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { result: unknown }).result).toBe(true);
    await expectConsoleError(
      await call(emulator(), "DescribeDatasetVersion", { versionId }),
      404,
      "NotFound",
    );
    await expectConsoleError(
      await call(emulator(), "DescribeImportTask", { taskId }),
      404,
      "NotFound",
    );
    expect(emulator().store.qianfan.datasets.get(datasetId)?.versionCount).toBe(0);
  });

  it.each<[string, number]>([
    ["Waiting", 0],
    ["Running", 2000],
  ])("refuses to delete a version a %s fine-tuning task trains on", async (_, offset) => {
    const { datasetId, versionId } = await publishedVersion(emulator());
    const taskId = await createdTask(emulator(), await createdJob(emulator()), trainOn(versionId));
    advance(emulator(), offset);
    const detail = `in use by the fine-tuning task '${taskId}'`;
    const version = await call(emulator(), "DeleteDatasetVersion", { versionId });
    await expectRefusal(version, "versionId", detail);
    await expectRefusal(
      await call(emulator(), "DeleteDataset", { datasetId }),
      "datasetId",
      detail,
    );
    expect(emulator().store.qianfan.datasets.versions.get(versionId)).toBeDefined();
  });

  it.each<[string, (emulator: Emulator, taskId: string) => Promise<void>]>([
    ["Done", async (e) => void advance(e, 12_000)],
    [
      "Stopped",
      async (e, taskId) => {
        expect(await qianfanResult(e, "StopFineTuningTask", { taskId })).toBe(true);
      },
    ],
  ])("deletes a version its %s task trained on", async (_, finish) => {
    const { versionId } = await publishedVersion(emulator());
    const taskId = await createdTask(emulator(), await createdJob(emulator()), trainOn(versionId));
    await finish(emulator(), taskId);
    expect((await call(emulator(), "DeleteDatasetVersion", { versionId })).status).toBe(200);
  });

  it("is not held by a running task on another version or a Bos source", async () => {
    const { versionId } = await createdDataset(emulator());
    const jobId = await createdJob(emulator());
    await createdTask(emulator(), jobId, trainOn("ds-someotherversion"));
    await createdTask(emulator(), jobId, {
      datasetConfig: { sourceType: "Bos", versions: [{ versionBosUri: `bos:/b/${versionId}/` }] },
    });
    expect(TRAINING.datasetConfig.sourceType).toBe("Platform");
    expect((await call(emulator(), "DeleteDatasetVersion", { versionId })).status).toBe(200);
  });

  it("deletes a dataset with its versions and their imports", async () => {
    const kept = await createdDataset(emulator(), { datasetName: "kept" });
    const { datasetId, versionId } = await createdDataset(emulator());
    const v2 = await result<QianfanDatasetVersionObject>(emulator(), "CreateDatasetVersion", {
      datasetId,
    });
    const taskId = await createdImport(emulator(), v2.versionId);
    expect((await call(emulator(), "DeleteDataset", { datasetId })).status).toBe(200);
    for (const [action, body] of [
      ["DescribeDatasetVersion", { versionId }],
      ["DescribeDatasetVersion", { versionId: v2.versionId }],
      ["DescribeImportTask", { taskId }],
      ["DescribeDatasetVersions", { datasetId }],
      ["DeleteDataset", { datasetId }],
    ] as const) {
      await expectConsoleError(await call(emulator(), action, body), 404, "NotFound");
    }
    expect(emulator().store.qianfan.listDatasetVersions()).toEqual([kept]);
  });

  it("lets tests delete remotely whatever uses them, as the console would", async () => {
    const { datasetId, versionId } = await publishedVersion(emulator());
    await createdTask(emulator(), await createdJob(emulator()), trainOn(versionId));
    expect(emulator().store.qianfan.datasets.removeVersion(versionId)).toBe(true);
    expect(emulator().store.qianfan.datasets.remove(datasetId)).toBe(true);
    expect(emulator().store.qianfan.listDatasets()).toEqual([]);
  });
});

describe("Qianfan datasets: the list", () => {
  const emulator = useEmulator();
  interface DatasetPage {
    datasetList: QianfanDatasetObject[];
    pageInfo: QianfanPageInfo;
  }

  it("lists datasets oldest first, with their version counts, page by page", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await createdDataset(emulator(), { datasetName: `set-${i}` })).datasetId);
      advance(emulator(), 1000);
    }
    await result(emulator(), "CreateDatasetVersion", { datasetId: ids[0] });
    const first = await result<DatasetPage>(emulator(), "DescribeDatasets", { maxKeys: 2 });
    expect(first.datasetList[0]).toEqual({
      datasetId: ids[0],
      datasetName: "set-0",
      dataFormat: "PromptResponse",
      storageType: "BOS",
      storagePath: "bos:/my-bucket/data/",
      versionCount: 2,
      creator: "emulator",
      createTime: START_DATE,
    });
    expect(first.datasetList.map((d) => d.datasetId)).toEqual(ids.slice(0, 2));
    expect(first.pageInfo).toEqual({
      marker: "",
      maxKeys: 2,
      isTruncated: true,
      nextMarker: ids[2],
    });
    const second = await result<DatasetPage>(emulator(), "DescribeDatasets", {
      maxKeys: 2,
      marker: first.pageInfo.nextMarker,
    });
    expect(second.datasetList.map((d) => d.datasetId)).toEqual([ids[2]]);
    const all = await result<DatasetPage>(emulator(), "DescribeDatasets", { pageReverse: true });
    expect(all.datasetList.map((d) => d.datasetId)).toEqual([...ids].reverse());
    expect(emulator().store.qianfan.listDatasets()).toEqual(
      (await result<DatasetPage>(emulator(), "DescribeDatasets")).datasetList,
    );
  });

  it("takes a filter object (its keys are not documented, so none is applied)", async () => {
    await createdDataset(emulator());
    const page = await result<DatasetPage>(emulator(), "DescribeDatasets", {
      filter: { datasetName: "other" },
    });
    expect(page.datasetList).toHaveLength(1);
    await expectRefusal(await call(emulator(), "DescribeDatasets", { filter: [] }), "filter");
  });
});

describe("Qianfan datasets: requests", () => {
  const emulator = useEmulator();

  it("answers an unknown Action on /v2/dataset with 400 InvalidURI listing its actions", async () => {
    const res = await call(emulator(), "CreateExportTask");
    const error = await expectConsoleError(res, 400, "InvalidURI", "'CreateExportTask'");
    expect(error.message).toContain(`Known actions: ${DATASET_ACTIONS.join(", ")}.`);
    const none = await consoleFetch(emulator(), DATASET, null);
    await expectConsoleError(none, 400, "InvalidURI", "Action query parameter is required");
  });

  it("has one route key per action", () => {
    expect(areaRouteKeys(DATASET)).toEqual(
      DATASET_ACTIONS.map((action) => areaRouteKey(DATASET, action)),
    );
  });

  it.each<[string, number, string, Parameters<typeof consoleFetch>[4]]>([
    ["a body that is not JSON", 400, "MalformedJSON", { rawBody: "{oops" }],
    ["a JSON array", 400, "InappropriateJSON", { rawBody: "[]" }],
    ["a text body", 400, "InvalidHTTPRequest", { headers: { "content-type": "text/plain" } }],
  ])("answers %s with %i %s", async (_, status, code, options) => {
    const res = await consoleFetch(emulator(), DATASET, "CreateDataset", {}, options);
    await expectConsoleError(res, status, code);
  });

  it("reads an empty body as {} for a list", async () => {
    const res = await consoleFetch(emulator(), DATASET, "DescribeDatasets", {}, { rawBody: "" });
    expect(res.status).toBe(200);
  });
});
