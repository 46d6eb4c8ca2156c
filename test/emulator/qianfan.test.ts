import {
  DEFAULT_QIANFAN_MODELS,
  type QianfanJobObject,
  type QianfanPageInfo,
  type QianfanTaskObject,
  ROUTE_KEYS,
  startEmulator,
} from "../../emulator";
import { manualClock, START_MS, useEmulator } from "./helpers";
import {
  createdJob,
  createdTask,
  qianfanError,
  qianfanFetch,
  qianfanResult,
  routeKey,
  TRAINING,
} from "./qianfanHelpers";

const ACTIONS = [
  "CreateFineTuningJob",
  "CreateFineTuningTask",
  "DescribeFineTuningTask",
  "DescribeFineTuningJobs",
  "DescribeFineTuningTasks",
  "StopFineTuningTask",
  "DeleteFineTuningTask",
  "DeleteFineTuningJob",
];
/** Default timings, as offsets from create. */
const RUNNING_AT = 2000;
const DONE_AT = 12000;
const JOB_ID = /^job-[a-z0-9]{12}$/;
const TASK_ID = /^task-[a-z0-9]{12}$/;
const INAPPROPRIATE =
  "The JSON you provided was well-formed and valid, but not appropriate for this operation.";

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

async function expectError(res: Response, status: number, code: string, message?: string) {
  expect(res.status).toBe(status);
  const body = await qianfanError(res);
  expect(body.code).toBe(code);
  if (message !== undefined) expect(body.message).toContain(message);
  return body;
}

const describeTask = (emulator: Parameters<typeof qianfanResult>[0], taskId: string) =>
  qianfanResult<QianfanTaskObject>(emulator, "DescribeFineTuningTask", { taskId });

describe("Qianfan fine-tuning: jobs", () => {
  const emulator = useEmulator();

  it("creates a job and answers {requestId, result} with x-bce-request-id", async () => {
    const body = { name: "my-job", description: "d", model: "ERNIE-Speed-8K", trainMode: "SFT" };
    const res = await qianfanFetch(emulator(), "CreateFineTuningJob", body);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("x-bce-error-code")).toBeNull();
    const requestId = res.headers.get("x-bce-request-id");
    expect(await res.json()).toEqual({
      requestId,
      result: { jobId: expect.stringMatching(JOB_ID) },
    });
    expect(emulator().store.qianfan.jobs.list()).toEqual([
      {
        id: expect.stringMatching(JOB_ID),
        name: "my-job",
        description: "d",
        model: "ERNIE-Speed-8K",
        trainMode: "SFT",
        createdAtMs: START_MS,
      },
    ]);
    expect(emulator().requests).toEqual([
      { method: "POST", route: routeKey("CreateFineTuningJob"), status: 200, body },
    ]);
  });

  it.each(["SFT", "PostPretrain", "DPO", "KTO"])("accepts trainMode %s", async (trainMode) => {
    await expect(createdJob(emulator(), { trainMode })).resolves.toMatch(JOB_ID);
  });

  it.each(DEFAULT_QIANFAN_MODELS)("accepts the default model %s", async (model) => {
    await expect(createdJob(emulator(), { model })).resolves.toMatch(JOB_ID);
  });

  it("accepts names of 2 and 20 characters, counting characters not bytes", async () => {
    for (const name of ["ab", "n".repeat(20), "精调作业名称"]) {
      await expect(createdJob(emulator(), { name })).resolves.toMatch(JOB_ID);
    }
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["a missing name", { name: undefined }, "name"],
    ["a name of 1 character", { name: "a" }, "name"],
    ["a name of 21 characters", { name: "n".repeat(21) }, "name"],
    ["a name that is not a string", { name: 42 }, "name"],
    ["a description of 501 characters", { description: "d".repeat(501) }, "description"],
    ["a missing model", { model: undefined }, "model"],
    ["a model that cannot be fine-tuned", { model: "gpt-4o" }, "model"],
    ["a missing trainMode", { trainMode: undefined }, "trainMode"],
    ["an unknown trainMode", { trainMode: "RLHF" }, "trainMode"],
    ["an unknown parameterScale", { parameterScale: "Huge" }, "parameterScale"],
  ])("refuses %s with 400 InappropriateJSON naming it", async (_, change, param) => {
    const body = { name: "my-job", model: "ERNIE-Speed-8K", trainMode: "SFT", ...change };
    const res = await qianfanFetch(emulator(), "CreateFineTuningJob", body);
    const error = await expectError(res, 400, "InappropriateJSON");
    expect(error.message).toMatch(new RegExp(`^${INAPPROPRIATE} param\\[${param}\\] invalid\\. `));
    expect(emulator().store.qianfan.jobs.list()).toEqual([]);
  });
});

describe("Qianfan fine-tuning: configured models", () => {
  const emulator = useEmulator({ qianfanModels: ["My-Base-Model"] });

  it.each([
    ["My-Base-Model", 200],
    ["ERNIE-Speed-8K", 400],
  ])("answers model %s with %i", async (model, status) => {
    const body = { name: "my-job", model, trainMode: "SFT" };
    const res = await qianfanFetch(emulator(), "CreateFineTuningJob", body);
    expect(res.status).toBe(status);
  });
});

describe("Qianfan fine-tuning: creating tasks", () => {
  const emulator = useEmulator();

  it("creates a task under a job", async () => {
    const jobId = await createdJob(emulator());
    const result = await qianfanResult(emulator(), "CreateFineTuningTask", { jobId, ...TRAINING });
    expect(result).toEqual({ jobId, taskId: expect.stringMatching(TASK_ID) });
    const [task] = emulator().store.qianfan.tasks.list();
    expect(task).toMatchObject({
      job: { id: jobId },
      parameterScale: "FullFineTuning",
      hyperParameterConfig: TRAINING.hyperParameterConfig,
      datasetConfig: TRAINING.datasetConfig,
      runStatus: "Waiting",
    });
  });

  it.each<[string, Record<string, unknown>]>([
    ["LoRA with a batch size", { parameterScale: "LoRA", hyperParameterConfig: { batchSize: 8 } }],
    ["PromptTuning", { parameterScale: "PromptTuning" }],
    ["keys the emulator does not know", { hyperParameterConfig: { loraRank: 8, packing: true } }],
    [
      "a BOS dataset",
      { datasetConfig: { sourceType: "Bos", versions: [{ versionBosUri: "bos:/bucket/train/" }] } },
    ],
    [
      "sampling and split at their bounds",
      {
        datasetConfig: {
          sourceType: "Platform",
          versions: [
            { versionId: "ds-1", samplingRate: 0.01 },
            { versionId: "ds-2", samplingRate: 10 },
          ],
          splitRatio: 0,
        },
      },
    ],
    [
      "hyperparameters at their bounds",
      { hyperParameterConfig: { epoch: 50, learningRate: 0.999, maxSeqLen: 512, batchSize: 1 } },
    ],
    ["null optional fields", { parameterScale: null, incrementTaskId: null }],
  ])("accepts %s", async (_, change) => {
    const jobId = await createdJob(emulator());
    await expect(createdTask(emulator(), jobId, change)).resolves.toMatch(TASK_ID);
  });

  const platform = (versions: unknown[], extra: Record<string, unknown> = {}) => ({
    datasetConfig: { sourceType: "Platform", versions, ...extra },
  });
  const bos = (versions: unknown[]) => ({ datasetConfig: { sourceType: "Bos", versions } });
  const hyper = (config: Record<string, unknown>) => ({ hyperParameterConfig: config });

  it.each<[string, Record<string, unknown>, string]>([
    ["a missing jobId", { jobId: undefined }, "jobId"],
    ["a jobId that is not a string", { jobId: 7 }, "jobId"],
    ["an unknown parameterScale", { parameterScale: "Full" }, "parameterScale"],
    ["a missing hyperParameterConfig", { hyperParameterConfig: undefined }, "hyperParameterConfig"],
    ["a hyperParameterConfig array", { hyperParameterConfig: [1] }, "hyperParameterConfig"],
    ["epoch 0", hyper({ epoch: 0 }), "epoch"],
    ["epoch 51", hyper({ epoch: 51 }), "epoch"],
    ["epoch 1.5", hyper({ epoch: 1.5 }), "epoch"],
    ["epoch as text", hyper({ epoch: "3" }), "epoch"],
    ["learningRate 0", hyper({ learningRate: 0 }), "learningRate"],
    ["learningRate 1", hyper({ learningRate: 1 }), "learningRate"],
    ["learningRate as text", hyper({ learningRate: "0.0001" }), "learningRate"],
    ["maxSeqLen 1000", hyper({ maxSeqLen: 1000 }), "maxSeqLen"],
    ["batchSize 0", hyper({ batchSize: 0 }), "batchSize"],
    ["batchSize 2.5", hyper({ batchSize: 2.5 }), "batchSize"],
    ["a missing datasetConfig", { datasetConfig: undefined }, "datasetConfig"],
    ["a datasetConfig string", { datasetConfig: "ds-1" }, "datasetConfig"],
    ["a missing sourceType", { datasetConfig: { versions: [{ versionId: "d" }] } }, "sourceType"],
    ["sourceType Afs", { datasetConfig: { sourceType: "Afs", versions: [] } }, "sourceType"],
    ["missing versions", platform(undefined as unknown as unknown[]), "versions"],
    ["empty versions", platform([]), "versions"],
    ["a version that is not an object", platform(["ds-1"]), "versions"],
    ["a Platform version without versionId", platform([{ samplingRate: 1 }]), "versionId"],
    ["an empty versionId", platform([{ versionId: "" }]), "versionId"],
    ["a Bos version without versionBosUri", bos([{ versionId: "ds-1" }]), "versionBosUri"],
    ["a versionBosUri that is not bos:/", bos([{ versionBosUri: "s3://b/k" }]), "versionBosUri"],
    ["samplingRate 0", platform([{ versionId: "d", samplingRate: 0 }]), "samplingRate"],
    ["samplingRate 11", platform([{ versionId: "d", samplingRate: 11 }]), "samplingRate"],
    ["splitRatio -1", platform([{ versionId: "d" }], { splitRatio: -1 }), "splitRatio"],
    ["splitRatio 21", platform([{ versionId: "d" }], { splitRatio: 21 }), "splitRatio"],
    ["splitRatio as text", platform([{ versionId: "d" }], { splitRatio: "20" }), "splitRatio"],
    ["an unknown incrementTaskId", { incrementTaskId: "task-nothing" }, "incrementTaskId"],
  ])("refuses %s with 400 InappropriateJSON naming it", async (_, change, param) => {
    const jobId = await createdJob(emulator());
    const body = { jobId, ...TRAINING, ...change };
    const res = await qianfanFetch(emulator(), "CreateFineTuningTask", body);
    const error = await expectError(res, 400, "InappropriateJSON");
    expect(error.message).toMatch(new RegExp(`^${INAPPROPRIATE} param\\[${param}\\] invalid\\. `));
    expect(emulator().store.qianfan.tasks.list()).toEqual([]);
  });

  it("words splitRatio's refusal as the SDK's mock server does", async () => {
    const jobId = await createdJob(emulator());
    const body = { jobId, ...TRAINING, ...platform([{ versionId: "d" }], { splitRatio: 101 }) };
    const res = await qianfanFetch(emulator(), "CreateFineTuningTask", body);
    const error = await expectError(res, 400, "InappropriateJSON");
    expect(error.message).toContain(`${INAPPROPRIATE} param[splitRatio] invalid.`);
  });

  it("answers 404 NotFound for a task under an unknown job", async () => {
    const res = await qianfanFetch(emulator(), "CreateFineTuningTask", {
      jobId: "job-unknown00000",
      ...TRAINING,
    });
    await expectError(res, 404, "NotFound", "job-unknown00000");
  });

  it("trains incrementally only from a Done task of the same model", async () => {
    const jobId = await createdJob(emulator());
    const base = await createdTask(emulator(), jobId);
    const otherJob = await createdJob(emulator(), { model: "ERNIE-Lite-8K" });
    const increment = (job: string) =>
      qianfanFetch(emulator(), "CreateFineTuningTask", {
        jobId: job,
        ...TRAINING,
        incrementTaskId: base,
      });

    const early = await expectError(await increment(jobId), 400, "InappropriateJSON", "Waiting");
    expect(early.message).toContain("param[incrementTaskId] invalid.");
    manualClock(emulator()).advance(DONE_AT);
    await expectError(await increment(otherJob), 400, "InappropriateJSON", "ERNIE-Lite-8K");
    const res = await increment(jobId);
    expect(res.status).toBe(200);
    const { taskId } = ((await res.json()) as { result: { taskId: string } }).result;
    expect(emulator().store.qianfan.tasks.get(taskId)?.incrementTaskId).toBe(base);
  });
});

describe("Qianfan fine-tuning: requests", () => {
  const emulator = useEmulator();

  it.each<[string, number, string, Parameters<typeof qianfanFetch>[3]]>([
    ["a body that is not JSON", 400, "MalformedJSON", { rawBody: "{not json" }],
    ["a JSON array", 400, "InappropriateJSON", { rawBody: "[]" }],
    ["a JSON string", 400, "InappropriateJSON", { rawBody: '"x"' }],
    ["a text body", 400, "InvalidHTTPRequest", { headers: { "content-type": "text/plain" } }],
  ])("answers %s with %i %s", async (_, status, code, options) => {
    const res = await qianfanFetch(emulator(), "CreateFineTuningJob", {}, options);
    await expectError(res, status, code);
  });

  it("reads an empty body as {}", async () => {
    const res = await qianfanFetch(emulator(), "DescribeFineTuningJobs", {}, { rawBody: "" });
    expect(res.status).toBe(200);
  });

  it.each([
    ["an unknown Action", "DescribeEverything", "'DescribeEverything' does not exist"],
    ["no Action", null, "Action query parameter is required"],
  ])("answers %s with 400 InvalidURI listing the actions", async (_, action, message) => {
    const res = await qianfanFetch(emulator(), action);
    const error = await expectError(res, 400, "InvalidURI", message);
    expect(error.message).toContain(ACTIONS.join(", "));
  });

  it("answers 405 for another method on an action", async () => {
    const res = await qianfanFetch(emulator(), "DescribeFineTuningJobs", {}, { method: "GET" });
    await expectError(res, 405, "InvalidHTTPRequest");
  });

  it("has one route key per action", () => {
    const keys = ROUTE_KEYS.filter((key) => key.includes(" /v2/finetuning?"));
    expect(keys).toEqual(ACTIONS.map(routeKey));
  });
});

describe("Qianfan fine-tuning: a task's life on the clock", () => {
  const emulator = useEmulator();
  const at = (offsetMs: number) => manualClock(emulator()).set(START_MS + offsetMs);

  it("waits, runs with progress, then is Done with metrics and checkpoints", async () => {
    const jobId = await createdJob(emulator(), { name: "life", description: "about" });
    const taskId = await createdTask(emulator(), jobId);
    const steps: [number, string, string | undefined][] = [
      [0, "Waiting", undefined],
      [RUNNING_AT - 1, "Waiting", undefined],
      [RUNNING_AT, "Running", "0%"],
      [RUNNING_AT + 2500, "Running", "25%"],
      [RUNNING_AT + 9999, "Running", "99%"],
      [DONE_AT, "Done", undefined],
      [DONE_AT + 3_600_000, "Done", undefined],
    ];
    for (const [offset, runStatus, runProgress] of steps) {
      at(offset);
      const task = await describeTask(emulator(), taskId);
      expect({ offset, runStatus: task.runStatus, runProgress: task.runProgress }).toEqual({
        offset,
        runStatus,
        runProgress,
      });
      expect("runProgress" in task).toBe(runProgress !== undefined);
      const finishDate = runStatus === "Done" ? iso(START_MS + DONE_AT) : "0000-00-00T00:00:00Z";
      expect(task.finishDate).toBe(finishDate);
      expect("metrics" in task).toBe(runStatus === "Done");
      expect(emulator().store.qianfan.tasks.get(taskId)?.runStatus).toBe(runStatus);
    }

    expect(await describeTask(emulator(), taskId)).toEqual({
      taskId,
      jobId,
      jobName: "life",
      jobDescription: "about",
      model: "ERNIE-Speed-8K",
      trainMode: "SFT",
      parameterScale: "FullFineTuning",
      runStatus: "Done",
      vdlLink: expect.stringMatching(/^https:\/\/console\.bce\.baidu\.com\/qianfan\/visualdl\//),
      metrics: {
        "BLEU-4": expect.stringMatching(/^\d+\.\d{2}%$/),
        "ROUGE-1": expect.stringMatching(/^\d+\.\d{2}%$/),
        "ROUGE-2": expect.stringMatching(/^\d+\.\d{2}%$/),
        "ROUGE-L": expect.stringMatching(/^\d+\.\d{2}%$/),
      },
      createDate: iso(START_MS),
      finishDate: iso(START_MS + DONE_AT),
      checkpointList: [
        { step: 100, perplexity: expect.any(Number), trainingLoss: expect.any(Number) },
        { step: 200, perplexity: expect.any(Number), trainingLoss: expect.any(Number) },
      ],
    });
  });

  it("adds a checkpoint as each epoch ends", async () => {
    const jobId = await createdJob(emulator());
    const taskId = await createdTask(emulator(), jobId, {
      hyperParameterConfig: { epoch: 4 },
    });
    const steps = async (offset: number) => {
      at(offset);
      return (await describeTask(emulator(), taskId)).checkpointList.map((c) => c.step);
    };
    expect(await steps(RUNNING_AT + 2499)).toEqual([]);
    expect(await steps(RUNNING_AT + 2500)).toEqual([100]);
    expect(await steps(RUNNING_AT + 7500)).toEqual([100, 200, 300]);
    expect(await steps(DONE_AT)).toEqual([100, 200, 300, 400]);
  });

  it("gives the same metrics on every read", async () => {
    const jobId = await createdJob(emulator());
    const taskId = await createdTask(emulator(), jobId);
    at(DONE_AT);
    const first = await describeTask(emulator(), taskId);
    expect(await describeTask(emulator(), taskId)).toEqual(first);
  });
});

describe("Qianfan fine-tuning: configured timings", () => {
  const emulator = useEmulator({ qianfanTaskTimings: { runningMs: 1000 } });

  it("takes the timings given and defaults the rest", async () => {
    const jobId = await createdJob(emulator());
    const taskId = await createdTask(emulator(), jobId);
    manualClock(emulator()).set(START_MS + 2500);
    expect((await describeTask(emulator(), taskId)).runProgress).toBe("50%");
    manualClock(emulator()).set(START_MS + 3000);
    expect((await describeTask(emulator(), taskId)).runStatus).toBe("Done");
  });

  it("refuses negative timings", async () => {
    await expect(startEmulator({ qianfanTaskTimings: { waitingMs: -1 } })).rejects.toThrow(
      "qianfanTaskTimings.waitingMs",
    );
  });
});

describe("Qianfan fine-tuning: scripted failure", () => {
  const emulator = useEmulator({
    failQianfanTasks: (body, job) =>
      JSON.stringify(body).includes("ds-bad") ? `Dataset of ${job.name} is bad.` : undefined,
  });
  const bad = { datasetConfig: { sourceType: "Platform", versions: [{ versionId: "ds-bad" }] } };

  it.each<[string, Record<string, unknown>, Record<string, unknown>, string]>([
    ["a job named with 'fail'", { name: "will-FAIL" }, {}, "too few valid samples"],
    ["failQianfanTasks", { name: "scripted" }, bad, "Dataset of scripted is bad."],
  ])("fails the task at the end of running for %s", async (_, job, task, message) => {
    const jobId = await createdJob(emulator(), job);
    const taskId = await createdTask(emulator(), jobId, task);
    manualClock(emulator()).set(START_MS + DONE_AT - 1);
    expect(await describeTask(emulator(), taskId)).toMatchObject({ runStatus: "Running" });
    manualClock(emulator()).set(START_MS + DONE_AT);
    const failed = await describeTask(emulator(), taskId);
    expect(failed).toMatchObject({
      runStatus: "Failed",
      errorMessage: expect.stringContaining(message),
      finishDate: iso(START_MS + DONE_AT),
      checkpointList: [{ step: 100 }],
    });
    expect(failed).not.toHaveProperty("metrics");
    expect(failed).not.toHaveProperty("runProgress");
  });

  it("lets other tasks succeed", async () => {
    const taskId = await createdTask(emulator(), await createdJob(emulator()));
    manualClock(emulator()).set(START_MS + DONE_AT);
    const done = await describeTask(emulator(), taskId);
    expect(done.runStatus).toBe("Done");
    expect(done).not.toHaveProperty("errorMessage");
  });
});

describe("Qianfan fine-tuning: stop", () => {
  const emulator = useEmulator();
  const stop = (taskId: string) => qianfanResult(emulator(), "StopFineTuningTask", { taskId });
  const at = (offsetMs: number) => manualClock(emulator()).set(START_MS + offsetMs);

  it("stops a Running task where it is, whatever the clock does then", async () => {
    const taskId = await createdTask(emulator(), await createdJob(emulator()));
    at(RUNNING_AT + 5000);
    expect(await stop(taskId)).toBe(true);
    at(DONE_AT + 60_000);
    const task = await describeTask(emulator(), taskId);
    expect(task).toMatchObject({
      runStatus: "Stopped",
      finishDate: iso(START_MS + RUNNING_AT + 5000),
      checkpointList: [{ step: 100 }],
    });
    expect(task).not.toHaveProperty("runProgress");
    expect(task).not.toHaveProperty("metrics");
    expect(await stop(taskId)).toBe(true);
  });

  it.each<[string, number, boolean, string]>([
    ["a Waiting task", 0, true, "Stopped"],
    ["a Done task", DONE_AT, false, "Done"],
  ])("answers %s with %s", async (_, offset, result, status) => {
    const taskId = await createdTask(emulator(), await createdJob(emulator()));
    at(offset);
    expect(await stop(taskId)).toBe(result);
    expect((await describeTask(emulator(), taskId)).runStatus).toBe(status);
  });

  it("answers false for a Failed task and for an unknown id", async () => {
    const jobId = await createdJob(emulator(), { name: "fail-me" });
    const taskId = await createdTask(emulator(), jobId);
    at(DONE_AT);
    expect(await stop(taskId)).toBe(false);
    expect(await stop("task-unknown00000")).toBe(false);
  });

  it("answers 400 naming taskId when it is missing", async () => {
    const res = await qianfanFetch(emulator(), "StopFineTuningTask", {});
    await expectError(res, 400, "InappropriateJSON", "param[taskId] invalid.");
  });
});

describe("Qianfan fine-tuning: delete", () => {
  const emulator = useEmulator();
  const deleteTask = (taskId: string) =>
    qianfanFetch(emulator(), "DeleteFineTuningTask", { taskId });
  const deleteJob = (jobId: string) => qianfanFetch(emulator(), "DeleteFineTuningJob", { jobId });
  const at = (offsetMs: number) => manualClock(emulator()).set(START_MS + offsetMs);

  it.each([
    ["Waiting", 0],
    ["Running", RUNNING_AT],
  ])("refuses to delete a %s task: 409 TaskInProgress, stop it first", async (status, offset) => {
    const taskId = await createdTask(emulator(), await createdJob(emulator()));
    at(offset);
    const res = await deleteTask(taskId);
    await expectError(res, 409, "TaskInProgress", `is ${status}; stop it first`);
    expect(emulator().store.qianfan.tasks.get(taskId)).toBeDefined();
  });

  it.each<[string, () => Promise<string>]>([
    [
      "Stopped",
      async () => {
        const taskId = await createdTask(emulator(), await createdJob(emulator()));
        await qianfanResult(emulator(), "StopFineTuningTask", { taskId });
        return taskId;
      },
    ],
    [
      "Done",
      async () => {
        const taskId = await createdTask(emulator(), await createdJob(emulator()));
        at(DONE_AT);
        return taskId;
      },
    ],
    [
      "Failed",
      async () => {
        const jobId = await createdJob(emulator(), { name: "fail" });
        const taskId = await createdTask(emulator(), jobId);
        at(DONE_AT);
        return taskId;
      },
    ],
  ])("deletes a %s task; it is then gone", async (_, finishedTask) => {
    const taskId = await finishedTask();
    const res = await deleteTask(taskId);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { result: unknown }).result).toBe(true);
    const again = await qianfanFetch(emulator(), "DescribeFineTuningTask", { taskId });
    await expectError(again, 404, "NotFound", taskId);
    await expectError(await deleteTask(taskId), 404, "NotFound", taskId);
  });

  it("refuses to delete a job with tasks, then deletes it once they are gone", async () => {
    const jobId = await createdJob(emulator());
    const tasks = [await createdTask(emulator(), jobId), await createdTask(emulator(), jobId)];
    at(DONE_AT);
    await expectError(await deleteJob(jobId), 409, "JobHasTasks", "still has 2 tasks");
    for (const taskId of tasks) expect((await deleteTask(taskId)).status).toBe(200);
    const res = await deleteJob(jobId);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { result: unknown }).result).toBe(true);
    expect(emulator().store.qianfan.jobs.get(jobId)).toBeUndefined();
    const tasksOfGone = await qianfanFetch(emulator(), "DescribeFineTuningTasks", { jobId });
    await expectError(tasksOfGone, 404, "NotFound", jobId);
  });

  it.each<[string, string, number, string, Record<string, unknown>]>([
    ["an unknown job", "DeleteFineTuningJob", 404, "NotFound", { jobId: "job-unknown00000" }],
    ["an unknown task", "DescribeFineTuningTask", 404, "NotFound", { taskId: "task-unknown0000" }],
    ["a missing jobId", "DeleteFineTuningJob", 400, "InappropriateJSON", {}],
    ["an empty taskId", "DeleteFineTuningTask", 400, "InappropriateJSON", { taskId: "" }],
    ["a taskId number", "DescribeFineTuningTask", 400, "InappropriateJSON", { taskId: 5 }],
  ])("answers %s to %s with %i %s", async (_, action, status, code, body) => {
    await expectError(await qianfanFetch(emulator(), action, body), status, code);
  });

  it("lets tests delete remotely whatever the status, as the console would", async () => {
    const jobId = await createdJob(emulator());
    const running = await createdTask(emulator(), jobId);
    at(RUNNING_AT);
    expect(emulator().store.qianfan.removeTask(running)).toBe(true);
    expect(emulator().store.qianfan.tasks.get(running)).toBeUndefined();
    await createdTask(emulator(), jobId);
    expect(emulator().store.qianfan.removeJob(jobId)).toBe(true);
    expect(emulator().store.qianfan.listJobs()).toEqual([]);
    expect(emulator().store.qianfan.listTasks()).toEqual([]);
  });
});

describe("Qianfan fine-tuning: lists", () => {
  const emulator = useEmulator();
  interface Page<K extends string, T> {
    pageInfo: QianfanPageInfo;
    jobList: K extends "jobList" ? T[] : never;
    taskList: K extends "taskList" ? T[] : never;
  }
  const jobsPage = (body: Record<string, unknown> = {}) =>
    qianfanResult<Page<"jobList", QianfanJobObject>>(emulator(), "DescribeFineTuningJobs", body);
  const tasksPage = (body: Record<string, unknown>) =>
    qianfanResult<Page<"taskList", QianfanTaskObject>>(emulator(), "DescribeFineTuningTasks", body);

  async function jobs(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      ids.push(await createdJob(emulator(), { name: `job-${i}` }));
      manualClock(emulator()).advance(1000);
    }
    return ids;
  }

  it("lists jobs newest first, in the mock's shape, 10 by default", async () => {
    const ids = await jobs(12);
    const page = await jobsPage();
    expect(page.jobList.map((j) => j.jobId)).toEqual(ids.reverse().slice(0, 10));
    expect(page.jobList[0]).toEqual({
      jobId: ids[0],
      name: "job-11",
      description: "",
      model: "ERNIE-Speed-8K",
      trainMode: "SFT",
      createDate: iso(START_MS + 11_000),
    });
    expect(page.pageInfo).toEqual({
      marker: "",
      maxKeys: 10,
      isTruncated: true,
      nextMarker: ids[10],
    });
    expect(emulator().store.qianfan.listJobs()).toEqual((await jobsPage({ maxKeys: 100 })).jobList);
  });

  it.each([
    ["newest first", false],
    ["oldest first with pageReverse", true],
  ])("follows nextMarker page by page, %s", async (_, pageReverse) => {
    const ids = await jobs(5);
    const seen: string[] = [];
    const markers: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await jobsPage({ maxKeys: 2, pageReverse, ...(marker ? { marker } : {}) });
      seen.push(...page.jobList.map((j) => j.jobId));
      markers.push(page.pageInfo.marker);
      if (!page.pageInfo.isTruncated) {
        expect(page.pageInfo.nextMarker).toBe("");
        break;
      }
      marker = page.pageInfo.nextMarker;
    }
    const expected = pageReverse ? ids : [...ids].reverse();
    expect(seen).toEqual(expected);
    expect(markers).toEqual(["", expected[2], expected[4]]);
  });

  it("reads maxKeys above 100 as 100", async () => {
    await jobs(1);
    expect((await jobsPage({ maxKeys: 500 })).pageInfo.maxKeys).toBe(100);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["maxKeys 0", { maxKeys: 0 }, "maxKeys"],
    ["maxKeys 1.5", { maxKeys: 1.5 }, "maxKeys"],
    ["maxKeys as text", { maxKeys: "10" }, "maxKeys"],
    ["pageReverse as text", { pageReverse: "true" }, "pageReverse"],
    ["a marker not in the list", { marker: "job-unknown00000" }, "marker"],
  ])("refuses %s with 400 naming it", async (_, body, param) => {
    await jobs(1);
    const res = await qianfanFetch(emulator(), "DescribeFineTuningJobs", body);
    await expectError(res, 400, "InappropriateJSON", `param[${param}] invalid.`);
  });

  it("lists one job's tasks, newest first, with paging", async () => {
    const jobId = await createdJob(emulator());
    const other = await createdJob(emulator());
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await createdTask(emulator(), jobId));
    await createdTask(emulator(), other);

    const first = await tasksPage({ jobId, maxKeys: 2 });
    expect(first.taskList.map((t) => t.taskId)).toEqual([ids[2], ids[1]]);
    expect(first.pageInfo).toEqual({
      marker: "",
      maxKeys: 2,
      isTruncated: true,
      nextMarker: ids[0],
    });
    expect(first.taskList[0]).toEqual(await describeTask(emulator(), ids[2] ?? ""));
    const second = await tasksPage({ jobId, maxKeys: 2, marker: first.pageInfo.nextMarker });
    expect(second.taskList.map((t) => t.taskId)).toEqual([ids[0]]);
    expect(second.pageInfo.isTruncated).toBe(false);
    expect(
      emulator()
        .store.qianfan.listTasks(jobId)
        .map((t) => t.taskId),
    ).toEqual([...ids].reverse());
  });

  it("answers 400 naming jobId when the task list has none", async () => {
    const res = await qianfanFetch(emulator(), "DescribeFineTuningTasks", {});
    await expectError(res, 400, "InappropriateJSON", "param[jobId] invalid.");
  });
});

describe("Qianfan fine-tuning: faults", () => {
  const emulator = useEmulator({ sleep: async () => undefined });
  const createJob = () =>
    qianfanFetch(emulator(), "CreateFineTuningJob", {
      name: "my-job",
      model: "ERNIE-Speed-8K",
      trainMode: "SFT",
    });

  it("answers an injected 429 in Qianfan's shape without creating, then really", async () => {
    emulator().faults.add({
      route: routeKey("CreateFineTuningJob"),
      status: 429,
      retryAfterSeconds: 2,
    });
    // Another action is not affected.
    expect((await qianfanFetch(emulator(), "DescribeFineTuningJobs")).status).toBe(200);
    const res = await createJob();
    expect(res.headers.get("retry-after")).toBe("2");
    await expectError(res, 429, "TooManyRequests");
    expect(emulator().store.qianfan.jobs.list()).toEqual([]);
    expect((await createJob()).status).toBe(200);
    expect(emulator().store.qianfan.jobs.list()).toHaveLength(1);
  });

  it("performs the operation and loses the answer with `after`", async () => {
    const jobId = await createdJob(emulator());
    emulator().faults.add({ route: routeKey("CreateFineTuningTask"), status: 500, after: true });
    const res = await qianfanFetch(emulator(), "CreateFineTuningTask", { jobId, ...TRAINING });
    await expectError(res, 500, "InternalError");
    expect(emulator().store.qianfan.tasks.list(jobId)).toHaveLength(1);
  });

  it("drops the connection of a faulted delete without deleting", async () => {
    const jobId = await createdJob(emulator());
    emulator().faults.add({ route: routeKey("DeleteFineTuningJob"), drop: true });
    await expect(qianfanFetch(emulator(), "DeleteFineTuningJob", { jobId })).rejects.toThrow();
    expect(emulator().store.qianfan.jobs.get(jobId)).toBeDefined();
  });

  it("checks the signature before any fault", async () => {
    emulator().faults.add({ route: "*", status: 503 });
    const res = await qianfanFetch(emulator(), "DescribeFineTuningJobs", {}, { secretKey: "x" });
    await expectError(res, 403, "SignatureDoesNotMatch");
    expect(emulator().faults.pending).toHaveLength(1);
  });

  it("refuses a rule for an action route that does not exist", () => {
    const rule = { route: routeKey("StartFineTuningTask"), status: 500 };
    expect(() => emulator().faults.add(rule)).toThrow(/Unknown route key/);
  });
});
