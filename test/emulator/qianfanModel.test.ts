import {
  type QianfanModelObject,
  type QianfanModelSetObject,
  type QianfanPageInfo,
  QIANFAN_MODEL_TYPES,
} from "../../emulator";
import { START_MS, useEmulator } from "./helpers";
import {
  advance,
  areaRouteKey,
  areaRouteKeys,
  consoleArea,
  consoleResult,
  createdModel,
  createdModelSet,
  createdService,
  CREATING_MS,
  DEPLOYING_MS,
  doneTask,
  expectConsoleError,
  expectRefusal,
  MODEL,
  NEW_MS,
  readyModel,
  SERVICE,
  TASK_DONE_MS,
} from "./qianfanConsoleHelpers";
import { createdJob, createdTask, qianfanResult } from "./qianfanHelpers";

const MODEL_ACTIONS = [
  "CreateCustomModelSet",
  "DescribeCustomModelSets",
  "DescribeModelSet",
  "DeleteModelSet",
  "CreateCustomModel",
  "DescribeModel",
  "DeleteModel",
];
const SET_ID = /^am-[a-z0-9]{12}$/;
const MODEL_ID = /^amv-[a-z0-9]{12}$/;
/** START_MS in Beijing time with its offset, as the model area writes times. */
const START_TIME = "2025-01-01T08:00:00+08:00";

type Emulator = ReturnType<ReturnType<typeof useEmulator>>;

const { call, result } = consoleArea(MODEL);
const describeSet = (emulator: Emulator, body: Record<string, unknown>) =>
  result<QianfanModelSetObject>(emulator, "DescribeModelSet", body);
const describeModel = (emulator: Emulator, modelId: string) =>
  result<QianfanModelObject>(emulator, "DescribeModel", { modelId });

describe("Qianfan custom models: model sets", () => {
  const emulator = useEmulator();

  it("creates a set, answering its id as a bare string, described by id or by name", async () => {
    const body = { modelSetName: "demo", modelType: "Text2Text", labels: ["label1"] };
    const modelSetId = await result<string>(emulator(), "CreateCustomModelSet", body);
    expect(modelSetId).toMatch(SET_ID);
    const described = await describeSet(emulator(), { modelSetId });
    expect(described).toEqual({
      modelSetId,
      modelSetName: "demo",
      modelType: "Text2Text",
      source: "UserCreate",
      labels: ["label1"],
      createTime: START_TIME,
      modifyTime: START_TIME,
      modelIds: [],
      modelNames: [],
    });
    expect(await describeSet(emulator(), { modelSetName: "demo" })).toEqual(described);
    expect(emulator().store.qianfan.listModelSets()).toEqual([described]);
    expect(emulator().requests[0]?.route).toBe(areaRouteKey(MODEL, "CreateCustomModelSet"));
  });

  it.each(QIANFAN_MODEL_TYPES)("accepts modelType %s", async (modelType) => {
    await expect(createdModelSet(emulator(), { modelType })).resolves.toMatch(SET_ID);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["a missing modelSetName", { modelSetName: undefined }, "modelSetName"],
    ["an empty modelSetName", { modelSetName: "" }, "modelSetName"],
    ["a missing modelType", { modelType: undefined }, "modelType"],
    [
      "the SDK's older modelType TextRepresentation",
      { modelType: "TextRepresentation" },
      "modelType",
    ],
    ["labels that are a string", { labels: "a" }, "labels"],
    ["a label that is a number", { labels: ["a", 2] }, "labels"],
  ])("refuses %s with 400 naming it", async (_, change, param) => {
    const body = { modelSetName: "demo", modelType: "Text2Text", ...change };
    await expectRefusal(await call(emulator(), "CreateCustomModelSet", body), param);
    expect(emulator().store.qianfan.customModels.sets.list()).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, number, string]>([
    ["neither id nor name", {}, 400, "InappropriateJSON"],
    ["both id and name", { modelSetId: "am-x", modelSetName: "x" }, 400, "InappropriateJSON"],
    ["an unknown id", { modelSetId: "am-unknown0000" }, 404, "NotFound"],
    ["an unknown name", { modelSetName: "nothing" }, 404, "NotFound"],
  ])("answers DescribeModelSet with %s: %i %s", async (_, body, status, code) => {
    await createdModelSet(emulator());
    await expectConsoleError(await call(emulator(), "DescribeModelSet", body), status, code);
  });

  it("allows two sets of one name; the name finds the older", async () => {
    const first = await createdModelSet(emulator(), { modelSetName: "twin" });
    advance(emulator(), 1000);
    await createdModelSet(emulator(), { modelSetName: "twin" });
    expect((await describeSet(emulator(), { modelSetName: "twin" })).modelSetId).toBe(first);
  });

  it("lists sets oldest first, page by page", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(await createdModelSet(emulator(), { modelSetName: `set-${i}` }));
      advance(emulator(), 1000);
    }
    interface Page {
      modelSetList: QianfanModelSetObject[];
      pageInfo: QianfanPageInfo;
    }
    const first = await result<Page>(emulator(), "DescribeCustomModelSets", { maxKeys: 2 });
    expect(first.modelSetList.map((s) => s.modelSetId)).toEqual(ids.slice(0, 2));
    expect(first.pageInfo).toEqual({
      marker: "",
      maxKeys: 2,
      isTruncated: true,
      nextMarker: ids[2],
    });
    expect(first.modelSetList[1]).toEqual(await describeSet(emulator(), { modelSetId: ids[1] }));
    const rest = await result<Page>(emulator(), "DescribeCustomModelSets", {
      marker: ids[2],
    });
    expect(rest.modelSetList.map((s) => s.modelSetId)).toEqual([ids[2]]);
    const reversed = await result<Page>(emulator(), "DescribeCustomModelSets", {
      pageReverse: true,
    });
    expect(reversed.modelSetList.map((s) => s.modelSetId)).toEqual([...ids].reverse());
  });
});

describe("Qianfan custom models: versions on the clock", () => {
  const emulator = useEmulator();

  it("publishes a Done task: Creating, then Ready, described as DescribeModel answers", async () => {
    const taskId = await doneTask(emulator());
    const job = emulator().store.qianfan.tasks.get(taskId)?.job;
    const modelSetId = await createdModelSet(emulator());
    const created = await result(emulator(), "CreateCustomModel", {
      modelSetId,
      sourceType: "Train",
      trainMeta: { taskId },
    });
    expect(created).toEqual({ modelSetId, modelId: expect.stringMatching(MODEL_ID) });
    const { modelId } = created as { modelId: string };
    const createTime = "2025-01-01T08:00:12+08:00";
    expect(await describeModel(emulator(), modelId)).toEqual({
      modelSetId,
      modelId,
      state: "Creating",
      version: "V1",
      baseModel: "ERNIE-Speed-8K",
      sourceInfo: { sourceType: "Train", trainTaskId: taskId, trainJobId: job?.id },
      createTime,
      modifyTime: createTime,
      ioMode: "chat",
      isSupportModelComp: false,
    });
    advance(emulator(), CREATING_MS - 1);
    expect((await describeModel(emulator(), modelId)).state).toBe("Creating");
    advance(emulator(), 1);
    const ready = await describeModel(emulator(), modelId);
    expect(ready).toMatchObject({ state: "Ready", modifyTime: "2025-01-01T08:00:17+08:00" });
    expect(await describeSet(emulator(), { modelSetId })).toMatchObject({
      modelIds: [modelId],
      modelNames: ["V1"],
      modifyTime: createTime,
    });
    expect(emulator().store.qianfan.customModels.versions.get(modelId)).toMatchObject({
      state: "Ready",
      trainTaskId: taskId,
      createdAtMs: START_MS + TASK_DONE_MS,
    });
    expect(emulator().store.qianfan.listModels(modelSetId)).toEqual([ready]);
  });

  it("returns a description only when there is one, and ends Fail when it says 'fail'", async () => {
    const taskId = await doneTask(emulator());
    const modelSetId = await createdModelSet(emulator());
    const described = await createdModel(emulator(), modelSetId, taskId, {
      description: "first try",
    });
    const failing = await createdModel(emulator(), modelSetId, taskId, {
      description: "this will FAIL",
    });
    advance(emulator(), CREATING_MS);
    expect(await describeModel(emulator(), described)).toMatchObject({
      state: "Ready",
      description: "first try",
    });
    expect((await describeModel(emulator(), failing)).state).toBe("Fail");
  });

  it("names versions V1, V2… and never reuses a deleted one's name", async () => {
    const taskId = await doneTask(emulator());
    const modelSetId = await createdModelSet(emulator());
    const v1 = await createdModel(emulator(), modelSetId, taskId);
    const v2 = await createdModel(emulator(), modelSetId, taskId);
    await result(emulator(), "DeleteModel", { modelId: v2 });
    const v3 = await createdModel(emulator(), modelSetId, taskId);
    expect((await describeModel(emulator(), v3)).version).toBe("V3");
    expect(await describeSet(emulator(), { modelSetId })).toMatchObject({
      modelIds: [v1, v3],
      modelNames: ["V1", "V3"],
    });
  });

  it.each<[string, Record<string, unknown>, number | undefined]>([
    ["checkpointStep (the documented field)", { checkpointStep: 100 }, 100],
    ["step (the docs' examples)", { step: 200 }, 200],
    ["both, checkpointStep winning", { checkpointStep: 100, step: 200 }, 100],
    ["neither: the last checkpoint", {}, undefined],
  ])("publishes at %s", async (_, meta, step) => {
    const taskId = await doneTask(emulator());
    const modelSetId = await createdModelSet(emulator());
    const modelId = await createdModel(emulator(), modelSetId, taskId, {
      trainMeta: { taskId, ...meta },
    });
    const { sourceInfo } = await describeModel(emulator(), modelId);
    expect(sourceInfo.checkpointStep).toBe(step);
    expect("checkpointStep" in sourceInfo).toBe(step !== undefined);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ["a checkpointStep the task lacks", { checkpointStep: 150 }, "checkpointStep", "has 100, 200"],
    ["a step the task lacks", { step: 300 }, "step", "no checkpoint at step 300"],
    ["checkpointStep 0", { checkpointStep: 0 }, "checkpointStep", "integer of 1 or more"],
    ["checkpointStep 1.5", { checkpointStep: 1.5 }, "checkpointStep", "integer"],
    ["checkpointStep as text", { checkpointStep: "100" }, "checkpointStep", "integer"],
  ])("refuses %s with 400 naming it", async (_, meta, param, detail) => {
    const taskId = await doneTask(emulator());
    const modelSetId = await createdModelSet(emulator());
    const body = { modelSetId, sourceType: "Train", trainMeta: { taskId, ...meta } };
    await expectRefusal(await call(emulator(), "CreateCustomModel", body), param, detail);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ["a missing modelSetId", { modelSetId: undefined }, "modelSetId", "is required"],
    [
      "a description of 301 characters",
      { description: "d".repeat(301) },
      "description",
      "0 to 300",
    ],
    ["a missing sourceType", { sourceType: undefined }, "sourceType", "is required"],
    ["sourceType train", { sourceType: "train" }, "sourceType", "Train, Import"],
    ["sourceType Import", { sourceType: "Import" }, "sourceType", "trained models only"],
    [
      "a missing trainMeta",
      { trainMeta: undefined },
      "trainMeta",
      "required when sourceType is Train",
    ],
    ["a trainMeta string", { trainMeta: "task-x" }, "trainMeta", "must be an object"],
    ["a missing taskId", { trainMeta: {} }, "taskId", "trainMeta.taskId is required"],
    ["an unknown task", { trainMeta: { taskId: "task-nothing" } }, "taskId", "does not exist"],
  ])("refuses %s with 400 naming it", async (_, change, param, detail) => {
    const taskId = await doneTask(emulator());
    const modelSetId = await createdModelSet(emulator());
    const body = { modelSetId, sourceType: "Train", trainMeta: { taskId }, ...change };
    await expectRefusal(await call(emulator(), "CreateCustomModel", body), param, detail);
    expect(emulator().store.qianfan.customModels.versions.list()).toEqual([]);
  });

  it("refuses a job id where the task id goes", async () => {
    const jobId = await createdJob(emulator());
    await createdTask(emulator(), jobId);
    advance(emulator(), TASK_DONE_MS);
    const modelSetId = await createdModelSet(emulator());
    const body = { modelSetId, sourceType: "Train", trainMeta: { taskId: jobId } };
    await expectRefusal(await call(emulator(), "CreateCustomModel", body), "taskId", jobId);
  });

  it("answers 404 for a version in an unknown set", async () => {
    const taskId = await doneTask(emulator());
    const body = { modelSetId: "am-unknown0000", sourceType: "Train", trainMeta: { taskId } };
    const res = await call(emulator(), "CreateCustomModel", body);
    await expectConsoleError(
      res,
      404,
      "NotFound",
      "The model set 'am-unknown0000' does not exist.",
    );
  });

  it.each<[string, (emulator: Emulator) => Promise<string>, string]>([
    ["Waiting", async (e) => createdTask(e, await createdJob(e)), "is Waiting"],
    [
      "Running",
      async (e) => {
        const taskId = await createdTask(e, await createdJob(e));
        advance(e, 2000);
        return taskId;
      },
      "is Running",
    ],
    [
      "Stopped",
      async (e) => {
        const taskId = await createdTask(e, await createdJob(e));
        await qianfanResult(e, "StopFineTuningTask", { taskId });
        return taskId;
      },
      "is Stopped",
    ],
    [
      "Failed",
      async (e) => {
        const taskId = await createdTask(e, await createdJob(e, { name: "will-fail" }));
        advance(e, TASK_DONE_MS);
        return taskId;
      },
      "is Failed",
    ],
  ])("refuses to publish a %s task", async (_, task, detail) => {
    const taskId = await task(emulator());
    const modelSetId = await createdModelSet(emulator());
    const body = { modelSetId, sourceType: "Train", trainMeta: { taskId } };
    const error = await expectRefusal(await call(emulator(), "CreateCustomModel", body), "taskId");
    expect(error.message).toContain(`The fine-tuning task '${taskId}' ${detail}; only a Done task`);
  });
});

describe("Qianfan custom models: configured timings", () => {
  const emulator = useEmulator({ qianfanModelTimings: { creatingMs: 0 } });

  it("is Ready at once with creatingMs 0", async () => {
    const taskId = await doneTask(emulator());
    const modelId = await createdModel(emulator(), await createdModelSet(emulator()), taskId);
    expect((await describeModel(emulator(), modelId)).state).toBe("Ready");
  });
});

describe("Qianfan custom models: delete", () => {
  const emulator = useEmulator();

  it("deletes a version, then the set once it has none", async () => {
    const { modelSetId, modelId, taskId } = await readyModel(emulator());
    const other = await createdModel(emulator(), modelSetId, taskId);
    const refused = await call(emulator(), "DeleteModelSet", { modelSetId });
    await expectRefusal(refused, "modelSetId", `still has 2 versions (${modelId}, ${other})`);
    for (const id of [modelId, other]) {
      const res = await call(emulator(), "DeleteModel", { modelId: id });
      expect(((await res.json()) as { result: unknown }).result).toBe(true);
      await expectConsoleError(
        await call(emulator(), "DescribeModel", { modelId: id }),
        404,
        "NotFound",
      );
    }
    expect((await describeSet(emulator(), { modelSetId })).modelIds).toEqual([]);
    const res = await call(emulator(), "DeleteModelSet", { modelSetId });
    expect(((await res.json()) as { result: unknown }).result).toBe(true);
    await expectConsoleError(
      await call(emulator(), "DescribeModelSet", { modelSetId }),
      404,
      "NotFound",
    );
  });

  it.each([
    ["New", 0],
    ["Deploying", NEW_MS],
    ["Serving", NEW_MS + DEPLOYING_MS],
  ])("refuses to delete a version a %s service runs", async (status, offset) => {
    const model = await readyModel(emulator());
    const serviceId = await createdService(emulator(), model);
    advance(emulator(), offset);
    const res = await call(emulator(), "DeleteModel", { modelId: model.modelId });
    await expectRefusal(
      res,
      "modelId",
      `deployed by the service '${serviceId}', which is ${status}`,
    );
  });

  it("deletes a version once its service is deactivated, or Failed", async () => {
    const model = await readyModel(emulator());
    const serviceId = await createdService(emulator(), model);
    await consoleResult(emulator(), SERVICE, "DeactivateService", { serviceId });
    expect((await call(emulator(), "DeleteModel", { modelId: model.modelId })).status).toBe(200);

    const failing = await readyModel(emulator());
    await createdService(emulator(), failing, { name: "will-fail", urlSuffix: "other" });
    advance(emulator(), NEW_MS + DEPLOYING_MS);
    expect((await call(emulator(), "DeleteModel", { modelId: failing.modelId })).status).toBe(200);
  });

  it.each<[string, Record<string, unknown>, number, string]>([
    ["DeleteModel", { modelId: "amv-unknown000" }, 404, "NotFound"],
    ["DeleteModel", {}, 400, "InappropriateJSON"],
    ["DeleteModelSet", { modelSetId: "am-unknown0000" }, 404, "NotFound"],
    ["DescribeModel", { modelId: "amv-unknown000" }, 404, "NotFound"],
    ["DescribeModel", { modelId: 7 }, 400, "InappropriateJSON"],
  ])("answers %s %j with %i %s", async (action, body, status, code) => {
    await expectConsoleError(await call(emulator(), action, body), status, code);
  });

  it("lets tests delete remotely, as the console would", async () => {
    const { modelSetId, modelId } = await readyModel(emulator());
    await createdService(emulator(), { modelSetId, modelId });
    expect(emulator().store.qianfan.customModels.remove(modelId)).toBe(true);
    expect(emulator().store.qianfan.customModels.removeSet(modelSetId)).toBe(true);
    expect(emulator().store.qianfan.listModelSets()).toEqual([]);
  });
});

describe("Qianfan custom models: requests", () => {
  const emulator = useEmulator();

  it("answers an unknown Action on /v2/model with 400 InvalidURI listing its actions", async () => {
    const res = await call(emulator(), "DescribeSystemModelSets");
    const error = await expectConsoleError(res, 400, "InvalidURI", "'DescribeSystemModelSets'");
    expect(error.message).toContain(`Known actions: ${MODEL_ACTIONS.join(", ")}.`);
  });

  it("has one route key per action", () => {
    expect(areaRouteKeys(MODEL)).toEqual(
      MODEL_ACTIONS.map((action) => areaRouteKey(MODEL, action)),
    );
  });
});
