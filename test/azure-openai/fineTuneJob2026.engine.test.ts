/**
 * FineTuneJob's 2026 inputs through the engine protocol against the emulator: a declarative pause (update, no-op,
 * resume, a pause from outside seen by refresh), training types, metadata on the v1 routes, and destroy.
 */
import { emptyState, StackState } from "../../harness";
import { createdJob, trainingFileId } from "../emulator/jobHelpers";
import { requestKeys, startTestStack, TestStack } from "../helpers/stack";

const TRAINING = {
  pendingMs: 100,
  validatingMs: 100,
  queuedMs: 100,
  runningMs: 30_000,
  pausingMs: 300,
  resumingMs: 300,
};
const QUEUED = { ...TRAINING, queuedMs: 120_000 };
const JOB_TYPE = "pulumi-nodejs:dynamic/azure-openai:FineTuneJob";

let stack: TestStack;
afterEach(async () => {
  await stack?.close();
});

const start = (jobTimings = TRAINING, config: Record<string, string> = {}) =>
  startTestStack({ program: "fineTuneJob", emulator: { jobTimings }, config });
const env = (args: object) => ({ JOB_ARGS: JSON.stringify(args) });
const up = (args: object, state: StackState = emptyState()) => stack.engine.up(state, env(args));
const job = (id: unknown) => stack.emulator.store.jobs.get(String(id))!;
const logs = () => stack.host.logs.join("\n");
const jobOutputs = (state: StackState) => state.resources.find((r) => r.type === JOB_TYPE)?.outputs;

async function until(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("FineTuneJob paused", () => {
  it("pauses by an update, changes nothing on the next up, resumes by an update, and destroys", async () => {
    stack = await start();
    const args = { hyperparameters: { nEpochs: 1 } };
    const created = await up(args);
    expect(created.errors).toEqual([]);
    const id = created.outputs.jobId;
    await until("a trained step", () => job(id).status === "running" && job(id).trainedSteps >= 1);

    const paused = await up({ ...args, paused: true }, created.state);
    expect(paused.errors).toEqual([]);
    expect(paused.steps.find((s) => s.name === "job")?.op).toBe("update");
    expect(job(id).status).toBe("paused");
    expect(jobOutputs(paused.state)).toMatchObject({ paused: true, status: "paused" });
    expect(logs()).toContain(`FineTuneJob ${String(id)}: pausing (was running)`);

    const before = requestKeys(stack.emulator).length;
    const again = await up({ ...args, paused: true }, paused.state);
    expect(again.steps.map((s) => s.op)).toEqual(["same", "same"]);
    expect(requestKeys(stack.emulator).slice(before)).toEqual([]);

    const resumed = await up(args, again.state);
    expect(resumed.errors).toEqual([]);
    expect(job(id).status).toBe("running");
    expect(jobOutputs(resumed.state)).toMatchObject({ paused: false, status: "running" });
    expect(stack.emulator.store.jobs.list()).toHaveLength(1);

    const destroyed = await stack.engine.destroy(resumed.state);
    expect(destroyed.errors).toEqual([]);
    expect(stack.emulator.store.jobs.list()).toEqual([]);
  });

  it("a pause from outside shows as drift on refresh, and the next up resumes the job the program says runs", async () => {
    stack = await start();
    const created = await up({});
    const id = String(created.outputs.jobId);
    await until("a trained step", () => job(id).status === "running" && job(id).trainedSteps >= 1);
    stack.emulator.store.jobs.pause(id);
    await until("paused", () => job(id).status === "paused");

    const refreshed = await stack.engine.refresh(created.state);
    expect(refreshed.errors).toEqual([]);
    expect(jobOutputs(refreshed.state)).toMatchObject({ paused: true, status: "paused" });

    const next = await up({}, refreshed.state);
    expect(next.errors).toEqual([]);
    expect(next.steps.find((s) => s.name === "job")?.op).toBe("update");
    expect(job(id).status).toBe("running");
    expect(logs()).toContain(`FineTuneJob ${id}: resuming (was paused)`);
    await stack.engine.destroy(next.state);
    expect(stack.emulator.store.jobs.list()).toEqual([]);
  });

  it("pausing a job that is still queued fails naming its status, and leaves it as it was", async () => {
    stack = await start(QUEUED);
    const created = await up({});
    const id = String(created.outputs.jobId);
    await until("queued", () => job(id).status === "queued");
    const refused = await up({ paused: true }, created.state);
    expect(refused.errors.join("\n")).toContain(
      `paused: job ${id} is queued; only a running job that has trained at least one step can be paused.`,
    );
    expect(job(id).status).toBe("queued");
    await stack.engine.destroy(created.state);
  });

  it("a new job cannot start paused: preview says so and sends nothing", async () => {
    stack = await start();
    const preview = await stack.engine.preview(emptyState(), env({ paused: true }));
    expect(preview.errors.join("\n")).toContain("paused: a new job cannot start paused");
    expect(stack.emulator.requests).toHaveLength(0);
  });
});

describe("FineTuneJob trainingType and metadata", () => {
  it("v1: sends metadata and the training type on the v1 routes; no-op second up; destroy deletes through a dated route", async () => {
    stack = await start();
    const args = {
      apiVersion: "v1",
      model: "gpt-4.1-nano-2025-04-14",
      trainingType: "Global Standard",
      metadata: { owner: "ml-team", "cost-center": "42" },
    };
    const created = await up(args);
    expect(created.errors).toEqual([]);
    const id = String(created.outputs.jobId);
    expect(job(id)).toMatchObject({
      trainingType: "globalStandard",
      metadata: { owner: "ml-team", "cost-center": "42" },
    });
    expect(jobOutputs(created.state)).toMatchObject({
      trainingType: "globalStandard",
      metadata: { owner: "ml-team", "cost-center": "42" },
    });
    expect(requestKeys(stack.emulator)).toContain("POST /openai/v1/fine_tuning/jobs");

    const before = requestKeys(stack.emulator).length;
    const again = await up(args, created.state);
    expect(again.steps.map((s) => s.op)).toEqual(["same", "same"]);
    expect(requestKeys(stack.emulator).slice(before)).toEqual([]);

    const destroyed = await stack.engine.destroy(created.state);
    expect(destroyed.errors).toEqual([]);
    expect(requestKeys(stack.emulator)).toContain("DELETE /openai/fine_tuning/jobs/{id}");
    expect(stack.emulator.store.jobs.list()).toEqual([]);
  });

  it("a model offered only with global training, without a training type: the service's error, and nothing left", async () => {
    stack = await start();
    const result = await up({ model: "gpt-4.1-nano-2025-04-14" });
    expect(result.errors.join("\n")).toContain(
      "The specified base model does not support fine-tuning",
    );
    expect(stack.emulator.store.jobs.list()).toEqual([]);
  });

  it("metadata on a dated api-version fails at preview naming it, and sends nothing", async () => {
    stack = await start();
    const preview = await stack.engine.preview(emptyState(), env({ metadata: { owner: "ml" } }));
    expect(preview.errors.join("\n")).toContain(
      "metadata: api-version 2025-04-01-preview has no job metadata",
    );
    expect(stack.emulator.requests).toHaveLength(0);
  });
});

describe("serving a checkpoint", () => {
  it("JobCompletion with checkpoint latest waits for a paused job and serves its newest checkpoint", async () => {
    stack = await startTestStack({
      program: "jobCompletion",
      emulator: { processingMs: 0, jobTimings: TRAINING },
    });
    const fileId = await trainingFileId(stack.emulator);
    const { id } = await createdJob(stack.emulator, {
      training_file: fileId,
      hyperparameters: { n_epochs: 1 },
    });
    await until("a trained step", () => job(id).status === "running" && job(id).trainedSteps >= 1);
    stack.emulator.store.jobs.pause(id);

    const args = {
      COMPLETION_ARGS: JSON.stringify({ jobId: id, checkpoint: "latest", pollIntervalSeconds: 1 }),
    };
    const result = await stack.engine.up(emptyState(), args);
    expect(result.errors).toEqual([]);
    const newest = stack.emulator.store.jobs.checkpoints(id).at(-1)!;
    expect(result.outputs).toMatchObject({
      status: "paused",
      fineTunedModel: newest.modelCheckpoint,
      checkpointStep: newest.stepNumber,
    });
    expect(logs()).toContain(`JobCompletion ${id}: serving checkpoint`);

    const again = await stack.engine.up(result.state, args);
    expect(again.steps.map((s) => s.op)).toEqual(["same"]);
    await stack.engine.destroy(again.state);
    expect(stack.emulator.store.jobs.get(id)).toBeDefined();
    stack.emulator.store.jobs.cancel(id);
  });

  it("a checkpoint that is no checkpoint fails at preview", async () => {
    stack = await startTestStack({ program: "jobCompletion" });
    const preview = await stack.engine.preview(emptyState(), {
      COMPLETION_ARGS: JSON.stringify({ jobId: "ftjob-1", checkpoint: 0 }),
    });
    expect(preview.errors.join("\n")).toContain("checkpoint: 0 is not a checkpoint");
  });
});

describe("waiting on a job the service pauses", () => {
  it("a developer-tier job paused by the system is a progress line, not a failure, and the wait goes on", async () => {
    stack = await startTestStack({
      program: "fineTuneJob",
      emulator: {
        jobTimings: { ...TRAINING, runningMs: 4_000 },
        systemPauseAfterSteps: 2,
        systemPauseMs: 1_500,
      },
    });
    const result = await up({
      trainingType: "developer",
      waitForCompletion: true,
      pollIntervalSeconds: 1,
    });
    expect(result.errors).toEqual([]);
    expect(result.outputs.status).toBe("succeeded");
    expect(logs()).toMatch(/FineTuneJob ftjob-\w+: paused \(\d+ s\); waiting on a paused job/);
    await stack.engine.destroy(result.state);
  });
});
