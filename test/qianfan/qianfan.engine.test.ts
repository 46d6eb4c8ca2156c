/** Qianfan job and task through the engine protocol against the emulator, which verifies every signature. */
import { emptyState, StackState } from "../../harness";
import { startTestStack, TestStack } from "../helpers/stack";
import { qianfanJobs, qianfanTasks } from "../helpers/qianfanState";

const FAST = { waitingMs: 150, runningMs: 1500 };
const SLOW = { waitingMs: 100, runningMs: 120_000 };
const TASK_TYPE = "pulumi-nodejs:dynamic/qianfan:FineTuneTask";

let stack: TestStack;
afterEach(async () => {
  await stack?.close();
});

const start = (qianfanTaskTimings = SLOW, config: Record<string, string> = {}) =>
  startTestStack({ program: "qianfan", emulator: { qianfanTaskTimings }, config });
const env = (task: object = {}, job: object = {}) => ({
  QIANFAN_TASK_ARGS: JSON.stringify(task),
  QIANFAN_JOB_ARGS: JSON.stringify(job),
});
const up = (task: object, state: StackState = emptyState(), job: object = {}) =>
  stack.engine.up(state, env(task, job));
const logs = () => stack.host.logs.join("\n");

describe("Qianfan resources through the engine protocol", () => {
  it("previews with the job id unknown and sends nothing", async () => {
    stack = await start();
    const preview = await stack.engine.preview(emptyState(), env());
    expect(preview.errors).toEqual([]);
    expect(preview.steps.map((s) => [s.op, s.name])).toEqual([
      ["create", "job"],
      ["create", "task"],
    ]);
    expect(stack.emulator.requests).toHaveLength(0);
  });

  it("creates the job and the task, and changes nothing on a second up", async () => {
    stack = await start();
    const first = await up({});
    expect(first.errors).toEqual([]);
    expect(qianfanJobs(stack).map((j) => j.jobId)).toEqual([first.outputs.jobId]);
    expect(qianfanTasks(stack).map((t) => t.taskId)).toEqual([first.outputs.taskId]);
    expect(["Waiting", "Running"]).toContain(first.outputs.runStatus);

    const before = stack.emulator.requests.length;
    const second = await up({}, first.state);
    expect(second.steps.map((s) => s.op)).toEqual(["same", "same"]);
    expect(stack.emulator.requests.length).toBe(before);
  });

  it("waits for the task with status and percentage lines", async () => {
    stack = await start(FAST);
    const result = await up({ waitForCompletion: true, pollIntervalSeconds: 1 });
    expect(result.errors).toEqual([]);
    expect(result.outputs.runStatus).toBe("Done");
    expect(logs()).toMatch(/QianfanFineTuneTask task-\w+: Running \d+%/);
    expect(logs()).toMatch(/QianfanFineTuneTask task-\w+: Done/);
    expect(logs()).toMatch(/QianfanFineTuneTask task-\w+: Done in \d+ s(; metrics: .+)?$/m);
  });

  it("replaces the task when its training inputs change: the old one is stopped and deleted first", async () => {
    stack = await start();
    const first = await up({});
    const second = await up(
      { hyperParameterConfig: { epoch: 2, learningRate: 0.00003, maxSeqLen: 4096 } },
      first.state,
    );

    expect(second.errors).toEqual([]);
    expect(second.steps.map((s) => [s.op, s.detail])).toEqual([
      ["same", undefined],
      ["replace", "hyperParameterConfig"],
    ]);
    expect(qianfanTasks(stack).map((t) => t.taskId)).toEqual([second.outputs.taskId]);
    expect(logs()).toContain(`stopping ${first.outputs.taskId as string}`);
  });

  it("updates only the waiting settings without a request", async () => {
    stack = await start();
    const first = await up({});
    const before = stack.emulator.requests.length;
    const second = await up({ pollIntervalSeconds: 20 }, first.state);
    expect(second.steps.map((s) => s.op)).toEqual(["same", "update"]);
    expect(stack.emulator.requests.length).toBe(before);
  });

  it("forgets a task deleted remotely on refresh", async () => {
    stack = await start(FAST);
    const result = await up({ waitForCompletion: true, pollIntervalSeconds: 1 });
    stack.emulator.store.qianfan.removeTask(result.outputs.taskId as string);

    const refreshed = await stack.engine.refresh(result.state);
    expect(refreshed.steps.map((s) => [s.op, s.name])).toEqual([
      ["same", "job"],
      ["forget", "task"],
    ]);
    expect(refreshed.state.resources.find((r) => r.type === TASK_TYPE)).toBeUndefined();
  });

  it("destroys a running task: stopped, then deleted, then the job; nothing left", async () => {
    stack = await start();
    const result = await up({});
    const destroyed = await stack.engine.destroy(result.state);

    expect(destroyed.errors).toEqual([]);
    expect(destroyed.steps.map((s) => s.name)).toEqual(["task", "job"]);
    expect(qianfanTasks(stack)).toEqual([]);
    expect(qianfanJobs(stack)).toEqual([]);
    expect(logs()).toMatch(/stopping task-\w+[\s\S]*deleted task-\w+[\s\S]*deleted job-\w+/);
  });

  it.each([
    ["the job's create", "POST /v2/finetuning?Action=CreateFineTuningJob", "drop"],
    ["the task's create", "POST /v2/finetuning?Action=CreateFineTuningTask", "500"],
  ])("creates exactly one of each when the answer to %s is lost", async (_name, route, kind) => {
    stack = await start();
    stack.emulator.faults.add({
      route,
      times: 1,
      after: true,
      ...(kind === "drop" ? { drop: true } : { status: 500 }),
    });
    const result = await up({});

    expect(result.errors).toEqual([]);
    expect(qianfanJobs(stack)).toHaveLength(1);
    expect(qianfanTasks(stack)).toHaveLength(1);
    expect(logs()).toContain("the create's answer was lost, but it created");
  });

  it.each([
    ["the job's create", "POST /v2/finetuning?Action=CreateFineTuningJob"],
    ["the task's create", "POST /v2/finetuning?Action=CreateFineTuningTask"],
  ])(
    "sends %s again when its connection broke before anything was made (e.g. a stale keep-alive socket)",
    async (_name, route) => {
      stack = await start();
      stack.emulator.faults.add({ route, times: 2, drop: true });
      const result = await up({});

      expect(result.errors).toEqual([]);
      expect(qianfanJobs(stack)).toHaveLength(1);
      expect(qianfanTasks(stack)).toHaveLength(1);
      expect(logs()).toContain("failed before creating anything");
    },
  );

  it("surfaces a failed task and deletes it, leaving the job", async () => {
    stack = await start(FAST);
    const result = await up({ waitForCompletion: true, pollIntervalSeconds: 1 }, emptyState(), {
      name: "will-fail",
    });

    expect(result.errors.join("\n")).toMatch(
      /QianfanFineTuneTask task-\w+ ended Failed\. The task was deleted/,
    );
    expect(qianfanTasks(stack)).toEqual([]);
    expect(qianfanJobs(stack)).toHaveLength(1);
  });

  it("reports a wrong secret key clearly, without the key", async () => {
    stack = await start(SLOW, { "qianfan:secretKey": "wrong-secret-0123456789" });
    const result = await up({});
    const text = result.errors.join("\n");
    expect(text).toContain("SignatureDoesNotMatch");
    expect(text).toContain("qianfan:secretKey");
    expect(text + logs()).not.toContain("wrong-secret-0123456789");
    expect(qianfanJobs(stack)).toEqual([]);
  });

  it("reports a skewed clock as an expired request", async () => {
    const { createManualClock } = await import("../../emulator");
    stack = await startTestStack({
      program: "qianfan",
      emulator: { clock: createManualClock(Date.now() + 2 * 3600_000) },
    });
    const result = await up({});
    expect(result.errors.join("\n")).toMatch(/RequestExpired[\s\S]*machine clock/);
  });
});
