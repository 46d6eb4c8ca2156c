/** FineTuneJob through the engine protocol against the emulator's fine-tuning jobs, on its wall clock. */
import { emptyState, StackState } from "../../harness";
import { requestKeys, startTestStack, TestStack } from "../helpers/stack";

const FAST = { pendingMs: 100, validatingMs: 100, queuedMs: 100, runningMs: 1200 };
const SLOW = { pendingMs: 100, validatingMs: 100, queuedMs: 100, runningMs: 120_000 };
const JOB_TYPE = "pulumi-nodejs:dynamic/azure-openai:FineTuneJob";

let stack: TestStack;
afterEach(async () => {
  await stack?.close();
});

const start = (jobTimings = FAST) =>
  startTestStack({ program: "fineTuneJob", emulator: { jobTimings } });
const env = (args: object) => ({ JOB_ARGS: JSON.stringify(args) });
const up = (args: object, state: StackState = emptyState()) => stack.engine.up(state, env(args));
const jobs = () => stack.emulator.store.jobs.list();
const logs = () => stack.host.logs.join("\n");
const jobState = (state: StackState) => state.resources.find((r) => r.type === JOB_TYPE);

describe("FineTuneJob through the engine protocol", () => {
  it("previews with the training file's id still unknown, and sends nothing", async () => {
    stack = await start();
    const preview = await stack.engine.preview(emptyState(), env({ suffix: "faq" }));
    expect(preview.errors).toEqual([]);
    expect(preview.steps.map((s) => [s.op, s.name])).toEqual([
      ["create", "training"],
      ["create", "job"],
    ]);
    expect(stack.emulator.requests).toHaveLength(0);
  });

  it("creates the job without waiting, then changes nothing on a second up", async () => {
    stack = await start(SLOW);
    const first = await up({ suffix: "faq" });
    expect(first.errors).toEqual([]);
    expect(jobs().map((j) => j.id)).toEqual([first.outputs.jobId]);
    expect(["pending", "validating_files", "queued", "running"]).toContain(first.outputs.status);
    expect(logs()).toContain(`FineTuneJob: created ${first.outputs.jobId as string}`);

    const before = requestKeys(stack.emulator).length;
    const second = await up({ suffix: "faq" }, first.state);
    expect(second.steps.map((s) => s.op)).toEqual(["same", "same"]);
    expect(requestKeys(stack.emulator).slice(before)).toEqual([]);
  });

  it("waits for training with progress lines, and outputs the fine-tuned model and checkpoints", async () => {
    stack = await start();
    const result = await up({ suffix: "faq", waitForCompletion: true, pollIntervalSeconds: 1 });

    expect(result.errors).toEqual([]);
    expect(result.outputs).toMatchObject({
      status: "succeeded",
      fineTunedModel: expect.stringMatching(/^gpt-4o-mini-2024-07-18\.ft-\w+-faq$/),
    });
    expect((result.outputs.resultFiles as string[]).length).toBe(1);
    expect((result.outputs.checkpoints as unknown[]).length).toBeGreaterThan(0);
    const lines = logs();
    expect(lines).toMatch(/FineTuneJob ftjob-\w+: running \(\d+ s\)/);
    expect(lines).toMatch(/FineTuneJob ftjob-\w+: succeeded \(\d+ s\)/);
    expect(lines).toMatch(/FineTuneJob ftjob-\w+: \[info\] /);
    const printed = lines.split("\n").filter((l) => l.includes("[info]"));
    expect(new Set(printed).size).toBe(printed.length);
    expect(lines).toMatch(
      /FineTuneJob ftjob-\w+: step \d+\/\d+: train loss \d\.\d{4}, valid loss \d\.\d{4} [▁-█]+/,
    );
    expect(lines).toMatch(
      /FineTuneJob ftjob-\w+: succeeded: \d+ steps, \d+ tokens, final train loss \d\.\d{4}/,
    );
    expect(result.outputs).toHaveProperty("metrics.train_loss");
  });

  it("updates only the waiting settings without a request", async () => {
    stack = await start(SLOW);
    const first = await up({ suffix: "faq" });
    const before = requestKeys(stack.emulator).length;
    const second = await up(
      { suffix: "faq", completionTimeoutSeconds: 600, pollIntervalSeconds: 10 },
      first.state,
    );

    expect(second.steps.map((s) => s.op)).toEqual(["same", "update"]);
    expect(requestKeys(stack.emulator).slice(before)).toEqual([]);
    expect(jobState(second.state)!.outputs).toMatchObject({
      jobId: first.outputs.jobId,
      completionTimeoutSeconds: 600,
    });
  });

  it("replaces a job whose training inputs change: the old one is cancelled and deleted before the new one starts", async () => {
    stack = await start(SLOW);
    const first = await up({ suffix: "faq" });
    const second = await up({ suffix: "faq2" }, first.state);

    expect(second.errors).toEqual([]);
    expect(second.steps.map((s) => [s.op, s.detail])).toEqual([
      ["same", undefined],
      ["replace", "suffix"],
    ]);
    expect(jobs().map((j) => j.id)).toEqual([second.outputs.jobId]);
    const keys = requestKeys(stack.emulator);
    expect(keys.lastIndexOf("DELETE /openai/fine_tuning/jobs/{id}")).toBeLessThan(
      keys.lastIndexOf("POST /openai/fine_tuning/jobs"),
    );
    expect(logs()).toContain(`FineTuneJob: cancelling ${first.outputs.jobId as string}`);
  });

  it("forgets a job deleted remotely on refresh, and destroys cleanly after a remote deletion", async () => {
    stack = await start(FAST);
    const result = await up({ waitForCompletion: true, pollIntervalSeconds: 1 });
    stack.emulator.store.jobs.delete(result.outputs.jobId as string);

    const refreshed = await stack.engine.refresh(result.state);
    expect(refreshed.steps.map((s) => [s.op, s.name])).toEqual([
      ["same", "training"],
      ["forget", "job"],
    ]);
    const destroyed = await stack.engine.destroy(result.state);
    expect(destroyed.errors).toEqual([]);
    expect(stack.emulator.store.listFiles().filter((f) => f.purpose === "fine-tune")).toEqual([]);
  });

  it("stops a destroy at the first delete that fails, as pulumi destroy does: the job and its file stay, for the next destroy", async () => {
    stack = await start(FAST);
    const result = await up({ waitForCompletion: true, pollIntervalSeconds: 1 });
    stack.emulator.faults.add({
      route: "DELETE /openai/fine_tuning/jobs/{id}",
      status: 400,
      times: 1,
    });

    const failed = await stack.engine.destroy(result.state);
    expect(failed.errors).toEqual([expect.stringContaining("::job: ")]);
    expect(failed.steps).toEqual([]);
    expect(failed.state.resources.map((r) => r.name)).toEqual(["training", "job"]);
    // The training file the job used was not deleted after the job's delete failed.
    expect(stack.emulator.store.getFile(result.outputs.trainingFileId as string)).toBeDefined();

    const finished = await stack.engine.destroy(failed.state);
    expect(finished.errors).toEqual([]);
    expect(finished.steps.map((s) => s.name)).toEqual(["job", "training"]);
    expect(jobs()).toEqual([]);
    expect(stack.emulator.store.listFiles()).toEqual([]);
  });

  it("deletes a succeeded job together with its result files", async () => {
    stack = await start(FAST);
    const result = await up({ waitForCompletion: true, pollIntervalSeconds: 1 });
    const [resultFile] = result.outputs.resultFiles as string[];
    expect(stack.emulator.store.getFile(resultFile!)).toBeDefined();

    const destroyed = await stack.engine.destroy(result.state);
    expect(destroyed.errors).toEqual([]);
    expect(jobs()).toEqual([]);
    expect(stack.emulator.store.listFiles()).toEqual([]);
  });

  it("destroys a running job: cancels it, waits, deletes it, then deletes its training file", async () => {
    stack = await start(SLOW);
    const result = await up({});
    const destroyed = await stack.engine.destroy(result.state);

    expect(destroyed.errors).toEqual([]);
    expect(destroyed.steps.map((s) => s.name)).toEqual(["job", "training"]);
    expect(jobs()).toEqual([]);
    expect(stack.emulator.store.listFiles().filter((f) => f.purpose === "fine-tune")).toEqual([]);
    expect(logs()).toMatch(/cancelling ftjob-\w+[\s\S]*deleted ftjob-\w+ \(cancelled\)/);
  });

  it("destroys through throttling on every delete route, saying what it removed", async () => {
    stack = await start(SLOW);
    const result = await up({});
    for (const route of [
      "POST /openai/fine_tuning/jobs/{id}/cancel",
      "DELETE /openai/fine_tuning/jobs/{id}",
      "DELETE /openai/files/{id}",
    ]) {
      stack.emulator.faults.add({ route, status: 429, retryAfterMs: 20, times: 2 });
    }
    const destroyed = await stack.engine.destroy(result.state);

    expect(destroyed.errors).toEqual([]);
    expect(jobs()).toEqual([]);
    expect(stack.emulator.store.listFiles()).toEqual([]);
    const lines = logs();
    expect(lines).toContain(`FineTuneJob: deleted ${result.outputs.jobId as string} (cancelled)`);
    expect(lines).toContain(`TrainingFile: deleted ${result.outputs.trainingFileId as string}`);
    expect(lines.match(/got HTTP 429; retrying/g)?.length).toBe(6);
  });

  it("surfaces a failed job with the service's message, and leaves no job behind", async () => {
    stack = await start(FAST);
    const result = await up({
      suffix: "please-fail",
      waitForCompletion: true,
      pollIntervalSeconds: 1,
    });

    const text = result.errors.join("\n");
    expect(text).toMatch(
      /FineTuneJob ftjob-\w+ ended failed: .+\. The job was deleted, so nothing is left behind/,
    );
    expect(jobs()).toEqual([]);
    expect(jobState(result.state)).toBeUndefined();
  });

  it("on timeout, fails saying the job still runs and keeps it in the state, so destroy can cancel it", async () => {
    stack = await start(SLOW);
    const result = await up({
      waitForCompletion: true,
      completionTimeoutSeconds: 1,
      pollIntervalSeconds: 1,
    });

    expect(result.errors.join("\n")).toContain(
      "is still running remotely and is recorded in the stack's state",
    );
    const kept = jobState(result.state);
    expect(kept?.id).toMatch(/^ftjob-/);
    expect(jobs().map((j) => j.id)).toEqual([kept!.id]);

    const destroyed = await stack.engine.destroy(result.state);
    expect(destroyed.errors).toEqual([]);
    expect(jobs()).toEqual([]);
  });

  it.each([
    ["answered 500 after creating the job", { status: 500, after: true }],
    ["dropped after creating the job", { drop: true, after: true }],
  ])("creates exactly one job when the create is %s", async (_name, fault) => {
    stack = await start(SLOW);
    stack.emulator.faults.add({ route: "POST /openai/fine_tuning/jobs", times: 1, ...fault });
    const result = await up({ suffix: "faq" });

    expect(result.errors).toEqual([]);
    expect(jobs().map((j) => j.id)).toEqual([result.outputs.jobId]);
    expect(logs()).toContain("the create's answer was lost, but it created");
  });

  it("says clearly what stays when the api-version has no DELETE for jobs", async () => {
    stack = await startTestStack({
      program: "fineTuneJob",
      emulator: { jobTimings: SLOW },
      config: { "azure-openai:apiVersion": "2024-06-01" },
    });
    const result = await up({});
    const destroyed = await stack.engine.destroy(result.state);

    expect(destroyed.errors).toEqual([]);
    expect(jobs().map((j) => j.status)).toEqual(["cancelled"]);
    expect(logs()).toMatch(
      /is cancelled but was not deleted: api-version 2024-06-01 has no DELETE for fine-tuning jobs/,
    );
  });

  it("refuses bad inputs at preview by field name", async () => {
    stack = await start();
    const preview = await stack.engine.preview(
      emptyState(),
      env({ suffix: "bad suffix", hyperparameters: { nEpochs: 0 } }),
    );
    const text = preview.errors.join("\n");
    expect(text).toContain('suffix: "bad suffix" must be 1 to 64 characters');
    expect(text).toContain(
      'hyperparameters.nEpochs: must be "auto" or a whole number from 1 to 50 (got 0)',
    );
    expect(stack.emulator.requests).toHaveLength(0);
  });
});
