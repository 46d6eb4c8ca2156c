/** QianfanDataset through the engine protocol against the emulator: import, publish, replace, refresh, faults. */
import { emptyState, StackState } from "../../harness";
import { loseNextAnswer } from "../helpers/lostAnswer";
import { useSharedStack } from "../helpers/sharedStack";

const DATASET_TYPE = "pulumi-nodejs:dynamic/qianfan:Dataset";
const TIMINGS = { qianfanDatasetTimings: { importingMs: 400, publishingMs: 200 } };

// Polls of 1 s (the least a program may give) read every 50 ms, as fast as the emulator's timings above.
const stack = useSharedStack({ program: "qianfanConsole", emulator: TIMINGS, waitDivisor: 20 });
const up = (dataset: object = {}, state: StackState = emptyState()) =>
  stack.engine.up(state, {
    QIANFAN_STAGE: "dataset",
    QIANFAN_DATASET_ARGS: JSON.stringify(dataset),
  });
const logs = () => stack.logs();
const datasets = () => stack.emulator.store.qianfan.listDatasets();
const versions = () => stack.emulator.store.qianfan.listDatasetVersions();
const imports = () => stack.emulator.store.qianfan.listImportTasks();

describe("QianfanDataset through the engine protocol", () => {
  it("previews without a request", async () => {
    const preview = await stack.engine.preview(emptyState(), { QIANFAN_STAGE: "dataset" });
    expect(preview.errors).toEqual([]);
    expect(preview.steps.map((s) => [s.op, s.type])).toEqual([["create", DATASET_TYPE]]);
    expect(stack.emulator.requests).toHaveLength(0);
  });

  it("creates the dataset, imports with progress, publishes, and changes nothing on a second up", async () => {
    const first = await up();

    expect(first.errors).toEqual([]);
    const [dataset] = datasets();
    expect(datasets()).toHaveLength(1);
    expect(first.outputs).toMatchObject({
      datasetId: dataset?.datasetId,
      versionId: expect.stringMatching(/^ds-/),
      importStatus: "ImportFinished",
      publishStatus: "Published",
      sampleCount: 100,
    });
    // The remote name carries the marker, so a killed run's dataset is found again.
    expect(dataset?.datasetName).toMatch(/^faq-train_[0-9a-f]{8}_[0-9a-f]{12}_[0-9a-f]{8}$/);
    expect(first.outputs.remoteName).toBe(dataset?.datasetName);
    expect(dataset).toMatchObject({ dataFormat: "PromptResponse", storageType: "sysStorage" });
    expect(imports().map((i) => i.versionId)).toEqual([first.outputs.versionId]);
    expect(logs()).toMatch(/QianfanDataset ds-\w+ import task-\w+: Importing \d+%/);
    expect(logs()).toMatch(/QianfanDataset ds-\w+ publish: Published/);

    const before = stack.emulator.requests.length;
    const second = await up({}, first.state);
    expect(second.steps.map((s) => s.op)).toEqual(["same"]);
    expect(stack.emulator.requests.length).toBe(before);
  });

  it("normalises bos:// so that writing it either way is no change", async () => {
    const first = await up();
    const second = await up({ sources: ["bos://my-bucket/faq/train.jsonl"] }, first.state);
    expect(second.steps.map((s) => s.op)).toEqual(["same"]);
  });

  it("imports into BOS storage, sending the storage path", async () => {
    const result = await up({ storageType: "BOS", storagePath: "bos:/my-bucket/datasets" });
    expect(result.errors).toEqual([]);
    expect(datasets()[0]).toMatchObject({
      storageType: "BOS",
      storagePath: "bos:/my-bucket/datasets/",
    });
  });

  it("replaces the dataset when its sources change: a new one first, then the old one deleted", async () => {
    const first = await up();
    const second = await up(
      { sources: ["bos:/my-bucket/faq/a.jsonl", "bos:/my-bucket/faq/b.jsonl"] },
      first.state,
    );

    expect(second.errors).toEqual([]);
    expect(second.steps.map((s) => [s.op, s.detail])).toEqual([["replace", "sources"]]);
    expect(datasets().map((d) => d.datasetId)).toEqual([second.outputs.datasetId]);
    expect(second.outputs.datasetId).not.toBe(first.outputs.datasetId);
    expect(second.outputs.sampleCount).toBe(200);
    expect(logs()).toContain(`deleted ${first.outputs.datasetId as string}`);
  });

  it("updates only the waiting settings without a request", async () => {
    const first = await up();
    const before = stack.emulator.requests.length;
    const second = await up({ importTimeoutSeconds: 60 }, first.state);
    expect(second.steps.map((s) => s.op)).toEqual(["update"]);
    expect(stack.emulator.requests.length).toBe(before);
  });

  it("forgets a dataset deleted remotely on refresh, and the next up makes it again", async () => {
    const first = await up();
    stack.emulator.store.qianfan.datasets.remove(first.outputs.datasetId as string);

    const refreshed = await stack.engine.refresh(first.state);
    expect(refreshed.steps.map((s) => s.op)).toEqual(["forget"]);
    const again = await up({}, refreshed.state);
    expect(again.steps.map((s) => s.op)).toEqual(["create"]);
    expect(datasets()).toHaveLength(1);
  });

  it("destroys the version, then the dataset; nothing is left", async () => {
    const first = await up();
    const destroyed = await stack.engine.destroy(first.state);

    expect(destroyed.errors).toEqual([]);
    expect(datasets()).toEqual([]);
    expect(versions()).toEqual([]);
    const deletes = stack.emulator.requests
      .map((r) => r.route)
      .filter((route) => /Action=Delete/.test(route));
    expect(deletes).toEqual([
      "POST /v2/dataset?Action=DeleteDatasetVersion",
      "POST /v2/dataset?Action=DeleteDataset",
    ]);
    // A second destroy (e.g. after one killed halfway) finds it gone.
    await expect(stack.engine.destroy(first.state)).resolves.toMatchObject({ errors: [] });
  });

  it.each([
    ["CreateDataset", () => datasets().length, "the create's answer was lost, but it created dg-"],
    ["CreateImportTask", () => imports().length, "the import's answer was lost, but it created"],
    [
      "PublishDatasetVersion",
      () => versions().length,
      "the publish's answer was lost, but it created ds-",
    ],
  ])(
    "makes one of each when the answer to %s is lost (after: true, drop: true)",
    async (action, count, line) => {
      loseNextAnswer(stack.emulator, `POST /v2/dataset?Action=${action}`);
      const result = await up();

      expect(result.errors).toEqual([]);
      expect(count()).toBe(1);
      expect(result.outputs.publishStatus).toBe("Published");
      expect(logs()).toContain(line);
    },
  );

  it("takes over the dataset a killed run made but never recorded, wherever it got to", async () => {
    const killed = await up();
    // The state the killed run would have left: nothing recorded.
    const next = await up({}, emptyState());

    expect(next.errors).toEqual([]);
    expect(datasets()).toHaveLength(1);
    expect(next.outputs.datasetId).toBe(killed.outputs.datasetId);
    expect(logs()).toMatch(
      /QianfanDataset: taking over dg-\w+ \(Published\), which an earlier run made for this resource/,
    );
  });

  it("reports a failed import with the rows it refused, and deletes the dataset", async () => {
    const result = await up({ sources: ["bos:/my-bucket/faq/fail.jsonl"] });

    const text = result.errors.join("\n");
    expect(text).toMatch(
      /QianfanDataset ds-\w+: the import ended ImportFailed\. The rows it refused: https:/,
    );
    expect(text).toMatch(/The dataset dg-\w+ was deleted, so nothing is left behind/);
    expect(datasets()).toEqual([]);
    expect(result.state.resources.filter((r) => r.type === DATASET_TYPE)).toEqual([]);
  });

  it("reports a bad source at preview, naming the field, before any request", async () => {
    const preview = await stack.engine.preview(emptyState(), {
      QIANFAN_STAGE: "dataset",
      QIANFAN_DATASET_ARGS: JSON.stringify({ sources: ["s3://bucket/a.jsonl"] }),
    });
    expect(preview.errors.join("\n")).toContain(
      'sources[0]: "s3://bucket/a.jsonl" is not a BOS URI',
    );
    expect(stack.emulator.requests).toHaveLength(0);
  });
});
