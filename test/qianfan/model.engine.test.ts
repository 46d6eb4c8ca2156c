/**
 * QianfanModel through the engine protocol against the emulator, on a dataset and a task trained on it: publish,
 * replace, refresh, destroy, lost answers, and a run whose state was lost.
 */
import { emptyState, StackState } from "../../harness";
import { loseNextAnswer } from "../helpers/lostAnswer";
import { useSharedStack } from "../helpers/sharedStack";

const MODEL_TYPE = "pulumi-nodejs:dynamic/qianfan:Model";
const TIMINGS = {
  qianfanDatasetTimings: { importingMs: 200, publishingMs: 100 },
  qianfanTaskTimings: { waitingMs: 100, runningMs: 300 },
  qianfanModelTimings: { creatingMs: 200 },
};

// Polls of 1 s (the least a program may give) read every 50 ms, as fast as the emulator's timings above.
const stack = useSharedStack({ program: "qianfanConsole", emulator: TIMINGS, waitDivisor: 20 });
const up = (model: object = {}, state: StackState = emptyState()) =>
  stack.engine.up(state, { QIANFAN_STAGE: "model", QIANFAN_MODEL_ARGS: JSON.stringify(model) });
const logs = () => stack.logs();
const qianfan = () => stack.emulator.store.qianfan;

describe("QianfanModel through the engine protocol", () => {
  it("trains on the dataset resource, publishes the task into a set it creates, and changes nothing on a second up", async () => {
    const first = await up();

    expect(first.errors).toEqual([]);
    // datasetConfig: { dataset } reached Qianfan as the platform form.
    const [task] = qianfan().listTasks();
    const sent = stack.emulator.requests.find(
      (r) => r.route === "POST /v2/finetuning?Action=CreateFineTuningTask",
    );
    expect(sent?.body).toMatchObject({
      datasetConfig: {
        sourceType: "Platform",
        versions: [{ versionId: first.outputs.versionId }],
        splitRatio: 20,
      },
    });
    expect(task?.runStatus).toBe("Done");

    const [set] = qianfan().listModelSets();
    expect(qianfan().listModelSets()).toHaveLength(1);
    expect(set?.modelSetName).toMatch(/^faq-bot_[0-9a-f]{8}_[0-9a-f]{12}_[0-9a-f]{8}$/);
    expect(first.outputs).toMatchObject({
      modelSetId: set?.modelSetId,
      modelId: expect.stringMatching(/^amv-/),
      modelStatus: "Ready",
    });
    const [version] = qianfan().listModels();
    expect(version).toMatchObject({
      modelId: first.outputs.modelId,
      sourceInfo: { trainTaskId: task?.taskId },
    });
    expect(logs()).toMatch(/QianfanModel amv-\w+: Creating/);
    expect(logs()).toMatch(/QianfanModel amv-\w+: Ready/);

    const before = stack.emulator.requests.length;
    const second = await up({}, first.state);
    expect(second.steps.map((s) => s.op)).toEqual(["same", "same", "same", "same"]);
    expect(stack.emulator.requests.length).toBe(before);
  });

  it("replaces the model when its description changes: a new version in a new set, the old ones deleted", async () => {
    const first = await up();
    const second = await up({ description: "second cut" }, first.state);

    expect(second.errors).toEqual([]);
    expect(second.steps.find((s) => s.type === MODEL_TYPE)).toMatchObject({
      op: "replace",
      detail: "description",
    });
    expect(
      qianfan()
        .listModels()
        .map((m) => m.modelId),
    ).toEqual([second.outputs.modelId]);
    expect(
      qianfan()
        .listModelSets()
        .map((s) => s.modelSetId),
    ).toEqual([second.outputs.modelSetId]);
    expect(logs()).toContain(`deleted model set ${first.outputs.modelSetId as string}`);
  });

  it("forgets a version deleted remotely on refresh", async () => {
    const first = await up();
    qianfan().customModels.remove(first.outputs.modelId as string);

    const refreshed = await stack.engine.refresh(first.state);
    expect(refreshed.steps.find((s) => s.type === MODEL_TYPE)?.op).toBe("forget");
  });

  it("destroys the version, then the set it created, then the task, the job and the dataset: nothing is left", async () => {
    const first = await up();
    const destroyed = await stack.engine.destroy(first.state);

    expect(destroyed.errors).toEqual([]);
    // Dependents first; the job and the dataset were made side by side.
    const names = destroyed.steps.map((s) => s.name);
    expect(names.slice(0, 2)).toEqual(["model", "task"]);
    expect([...names].sort()).toEqual(["dataset", "job", "model", "task"]);
    expect(qianfan().listModels()).toEqual([]);
    expect(qianfan().listModelSets()).toEqual([]);
    expect(qianfan().listTasks()).toEqual([]);
    expect(qianfan().listDatasets()).toEqual([]);
  });

  it("publishes into an existing set, and keeps that set on destroy", async () => {
    const set = qianfan().customModels.createSet({
      name: "shared",
      modelType: "Text2Text",
      labels: [],
    });
    const first = await up({ modelSetName: null, modelSetId: set.id });

    expect(first.errors).toEqual([]);
    expect(first.outputs.modelSetId).toBe(set.id);
    expect(
      qianfan()
        .listModels(set.id)
        .map((m) => m.modelId),
    ).toEqual([first.outputs.modelId]);
    // Giving the set is no change on a second up (modelSetId is an input and an output).
    const second = await up({ modelSetName: null, modelSetId: set.id }, first.state);
    expect(second.steps.find((s) => s.type === MODEL_TYPE)?.op).toBe("same");

    await stack.engine.destroy(second.state);
    expect(
      qianfan()
        .listModelSets()
        .map((s) => s.modelSetId),
    ).toEqual([set.id]);
    expect(qianfan().listModels()).toEqual([]);
  });

  it.each([
    ["CreateCustomModelSet", () => qianfan().listModelSets().length],
    ["CreateCustomModel", () => qianfan().listModels().length],
  ])("makes one when the answer to %s is lost (after: true, drop: true)", async (action, count) => {
    loseNextAnswer(stack.emulator, `POST /v2/model?Action=${action}`);
    const result = await up();

    expect(result.errors).toEqual([]);
    expect(count()).toBe(1);
    expect(logs()).toContain("answer was lost, but it created");
  });

  it("after a run whose state was lost, a second up takes every object over: nothing is made twice", async () => {
    const killed = await up();
    const next = await up({}, emptyState());

    expect(next.errors).toEqual([]);
    expect(next.outputs).toMatchObject({
      datasetId: killed.outputs.datasetId,
      modelSetId: killed.outputs.modelSetId,
      modelId: killed.outputs.modelId,
    });
    expect(qianfan().listDatasets()).toHaveLength(1);
    expect(qianfan().listTasks()).toHaveLength(1);
    expect(qianfan().listModelSets()).toHaveLength(1);
    expect(qianfan().listModels()).toHaveLength(1);
    expect(logs()).toMatch(/QianfanModel: taking over am-\w+/);
    expect(logs()).toMatch(/QianfanModel: taking over amv-\w+ \(Ready\)/);
  });

  it("reports a version that ends Fail, and deletes it and its set", async () => {
    const result = await up({ description: "will fail" });

    expect(result.errors.join("\n")).toMatch(
      /QianfanModel amv-\w+: publishing task-\w+ ended Fail[\s\S]*amv-\w+ and am-\w+ were deleted, so nothing is left behind/,
    );
    expect(qianfan().listModels()).toEqual([]);
    expect(qianfan().listModelSets()).toEqual([]);
  });
});
