import type { FineTuningJobEventObject, JobStatus } from "../../emulator";
import { azureFetch, manualClock, readError, readFile, START_MS, useEmulator } from "./helpers";
import {
  allPages,
  atOffset,
  BASE_MODEL,
  cancelJob,
  checkpoints,
  createdJob,
  deleteJob,
  events,
  getJob,
  JOBS,
  PHASES,
  seconds,
  trainingFileId,
} from "./jobHelpers";

// 12 examples, batch size 1 and 3 epochs (the "auto" values): 36 steps, a checkpoint every 12.
const STEPS = 36;
const SAMPLED_STEPS = [4, 8, 11, 15, 18, 22, 26, 29, 33, 36];

describe("Azure fine-tuning jobs: life cycle", () => {
  const emulator = useEmulator({ processingMs: 0 });
  const at = (offsetMs: number) => manualClock(emulator()).set(atOffset(offsetMs));

  it("creates a pending job with its hyperparameters resolved", async () => {
    const training = await trainingFileId(emulator());
    const job = await createdJob(emulator(), { training_file: training, suffix: "my-model" });
    expect(job).toEqual({
      id: expect.stringMatching(/^ftjob-[0-9a-f]{32}$/),
      object: "fine_tuning.job",
      created_at: START_MS / 1000,
      finished_at: null,
      estimated_finish: null,
      model: BASE_MODEL,
      fine_tuned_model: null,
      organization_id: null,
      result_files: [],
      status: "pending",
      trained_tokens: null,
      training_file: training,
      validation_file: null,
      hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 },
      seed: expect.any(Number),
      suffix: "my-model",
      method: {
        type: "supervised",
        supervised: {
          hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 },
        },
      },
      error: null,
    });
    expect(emulator().store.jobs.get(job.id)).toMatchObject({ status: "pending", seed: job.seed });
    expect(
      emulator()
        .store.jobs.list()
        .map((j) => j.id),
    ).toEqual([job.id]);
  });

  it("moves through each phase as the clock advances, then succeeds", async () => {
    const training = await trainingFileId(emulator());
    const job = await createdJob(emulator(), { training_file: training, suffix: "my-model" });
    const phases: [number, JobStatus][] = [
      [PHASES.validating - 1, "pending"],
      [PHASES.validating, "validating_files"],
      [PHASES.queued, "queued"],
      [PHASES.running, "running"],
      [PHASES.finish - 1, "running"],
      [PHASES.finish, "succeeded"],
    ];
    for (const [offset, status] of phases) {
      at(offset);
      const seen = await getJob(emulator(), job.id);
      expect({ offset, status: seen.status }).toEqual({ offset, status });
      expect(emulator().store.jobs.get(job.id)?.status).toBe(status);
      const running = status === "running";
      expect(seen.estimated_finish).toBe(running ? seconds(atOffset(PHASES.finish)) : null);
      if (status !== "succeeded")
        expect(seen).toMatchObject({ fine_tuned_model: null, result_files: [] });
    }

    const done = await getJob(emulator(), job.id);
    const bytes = emulator().store.getFile(training)?.bytes ?? 0;
    expect(done).toMatchObject({
      status: "succeeded",
      finished_at: seconds(atOffset(PHASES.finish)),
      fine_tuned_model: expect.stringMatching(/^gpt-4o-mini-2024-07-18\.ft-[0-9a-f]{32}-my-model$/),
      result_files: [expect.stringMatching(/^file-[0-9a-f]{32}$/)],
      trained_tokens: Math.ceil(bytes / 4) * 3,
      error: null,
    });

    const resultsId = done.result_files[0] ?? "";
    const results = await readFile(await azureFetch(emulator(), `/openai/files/${resultsId}`));
    expect(results).toMatchObject({
      filename: "results.csv",
      purpose: "fine-tune-results",
      status: "processed",
      created_at: seconds(atOffset(PHASES.finish)),
    });
    const csv = await (await azureFetch(emulator(), `/openai/files/${resultsId}/content`)).text();
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe(
      "step,train_loss,train_mean_token_accuracy,valid_loss,valid_mean_token_accuracy",
    );
    expect(lines.slice(1).map((line) => Number(line.split(",")[0]))).toEqual(SAMPLED_STEPS);
    // Reading the job again does not add a second results file.
    await getJob(emulator(), job.id);
    const resultFiles = emulator().store.listFiles("fine-tune-results");
    expect(resultFiles.map((f) => f.id)).toEqual([resultsId]);
  });

  it("adds events as the clock passes them, newest first, with stable ids", async () => {
    const training = await trainingFileId(emulator());
    const job = await createdJob(emulator(), { training_file: training, suffix: "ev" });
    const messagesAt = async (offset: number) => {
      at(offset);
      return (await events(emulator(), job.id)).data.map((e) => e.message).reverse();
    };
    expect(await messagesAt(0)).toEqual([`Created fine-tuning job: ${job.id}`]);
    expect(await messagesAt(PHASES.validating)).toEqual([
      `Created fine-tuning job: ${job.id}`,
      `Validating training file: ${training}`,
    ]);
    expect((await messagesAt(PHASES.running)).slice(2)).toEqual([
      "Files validated, moving job to queued state",
      "Fine-tuning job started",
    ]);
    at(PHASES.running + 5000);
    const midway = (await events(emulator(), job.id)).data;
    expect(midway[0]).toMatchObject({
      type: "metrics",
      message: expect.stringMatching(/^Step 18\/36: training loss=\d\.\d{4}$/),
    });

    at(PHASES.finish);
    const { data, has_more } = await events(emulator(), job.id);
    expect(has_more).toBe(false);
    const oldestFirst = [...data].reverse();
    const metrics = oldestFirst.filter((e) => e.type === "metrics");
    expect(metrics.map((e) => (e.data as { step: number }).step)).toEqual(SAMPLED_STEPS);
    expect(metrics[0]?.data).toEqual({
      step: 4,
      train_loss: expect.any(Number),
      train_mean_token_accuracy: expect.any(Number),
      valid_loss: expect.any(Number),
      valid_mean_token_accuracy: expect.any(Number),
      total_steps: STEPS,
    });
    const { fine_tuned_model } = await getJob(emulator(), job.id);
    expect(oldestFirst.slice(-2).map((e) => e.message)).toEqual([
      `New fine-tuned model created: ${fine_tuned_model}`,
      "The job has successfully completed",
    ]);
    for (const event of data) {
      expect(event).toEqual({
        id: expect.stringMatching(/^ftevent-[0-9a-f]{32}$/),
        object: "fine_tuning.job.event",
        created_at: expect.any(Number),
        level: "info",
        message: expect.any(String),
        type: expect.stringMatching(/^(message|metrics)$/),
        data: expect.any(Object),
      });
    }
    const times = oldestFirst.map((e) => e.created_at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // Events seen midway keep their ids.
    expect(data.slice(-midway.length)).toEqual(midway);
  });

  it.each([1, 3, 7, 100])("pages the events with after and limit %i", async (limit) => {
    const training = await trainingFileId(emulator());
    const job = await createdJob(emulator(), { training_file: training });
    at(PHASES.finish);
    const all = (await events(emulator(), job.id)).data;
    expect(all).toHaveLength(16);
    const path = `${JOBS}/${job.id}/events`;
    const { items, pages } = await allPages<FineTuningJobEventObject>(emulator(), path, limit);
    expect(items).toEqual(all);
    expect(pages).toBe(Math.max(1, Math.ceil(all.length / limit)));
  });

  it("lists 20 events by default and says when there are more", async () => {
    const training = await trainingFileId(emulator());
    const job = await createdJob(emulator(), { training_file: training });
    at(PHASES.finish);
    const page = await events(emulator(), job.id, "limit=15");
    expect(page).toMatchObject({ object: "list", has_more: true });
    expect(page.data).toHaveLength(15);
    expect((await events(emulator(), job.id, "")).data).toHaveLength(16);
  });

  it("adds a checkpoint per epoch, the last at success", async () => {
    const training = await trainingFileId(emulator());
    const job = await createdJob(emulator(), { training_file: training, suffix: "ck" });
    const epochMs = (PHASES.finish - PHASES.running) / 3;
    const steps = async (offset: number) => {
      at(offset);
      return (await checkpoints(emulator(), job.id)).data.map((c) => c.step_number);
    };
    expect(await steps(PHASES.running + epochMs - 1)).toEqual([]);
    expect(await steps(PHASES.running + epochMs)).toEqual([12]);
    expect(await steps(PHASES.finish - 1)).toEqual([24, 12]);
    expect(await steps(PHASES.finish)).toEqual([36, 24, 12]);

    const { fine_tuned_model } = await getJob(emulator(), job.id);
    const [last] = (await checkpoints(emulator(), job.id)).data;
    expect(last).toEqual({
      id: expect.stringMatching(/^ftchkpt-[0-9a-f]{32}$/),
      object: "fine_tuning.job.checkpoint",
      created_at: seconds(atOffset(PHASES.finish)),
      fine_tuned_model_checkpoint: `${fine_tuned_model}:ckpt-step-36`,
      step_number: 36,
      metrics: {
        step: 36,
        train_loss: expect.any(Number),
        train_mean_token_accuracy: expect.any(Number),
        valid_loss: expect.any(Number),
        valid_mean_token_accuracy: expect.any(Number),
        full_valid_loss: expect.any(Number),
        full_valid_mean_token_accuracy: expect.any(Number),
      },
      fine_tuning_job_id: job.id,
    });
    const second = await checkpoints(emulator(), job.id, `limit=1&after=${last?.id}`);
    expect(second).toMatchObject({ has_more: true, data: [{ step_number: 24 }] });
  });

  it("fails a job whose suffix contains 'fail' at the end of running", async () => {
    const training = await trainingFileId(emulator(), 3);
    const job = await createdJob(emulator(), { training_file: training, suffix: "please-fail" });
    at(PHASES.finish - 1);
    expect((await getJob(emulator(), job.id)).status).toBe("running");
    at(PHASES.finish);
    expect(await getJob(emulator(), job.id)).toMatchObject({
      status: "failed",
      finished_at: seconds(atOffset(PHASES.finish)),
      fine_tuned_model: null,
      result_files: [],
      trained_tokens: null,
      error: {
        code: "invalid_training_file",
        message: "The training file has 3 examples, below the minimum of 10.",
        param: "training_file",
      },
    });
    const [last] = (await events(emulator(), job.id)).data;
    expect(last).toMatchObject({
      level: "error",
      message: expect.stringContaining("below the minimum"),
    });
    expect((await checkpoints(emulator(), job.id)).data.map((c) => c.step_number)).toEqual([6, 3]);
    expect(emulator().store.listFiles("fine-tune-results")).toEqual([]);
  });

  it("cancels a running job, which then stays as it was", async () => {
    const training = await trainingFileId(emulator());
    const job = await createdJob(emulator(), { training_file: training });
    at(PHASES.running + 6000);
    const res = await cancelJob(emulator(), job.id);
    expect(res.status).toBe(200);
    const cancelled = await res.json();
    const cancelledAt = seconds(atOffset(PHASES.running + 6000));
    expect(cancelled).toMatchObject({
      status: "cancelled",
      finished_at: cancelledAt,
      estimated_finish: null,
    });
    const eventsThen = await events(emulator(), job.id);
    expect(eventsThen.data[0]).toMatchObject({
      message: "Fine-tuning job cancelled",
      created_at: cancelledAt,
    });
    const checkpointsThen = await checkpoints(emulator(), job.id);
    expect(checkpointsThen.data).toHaveLength(1);

    at(PHASES.finish + 60_000);
    expect(await getJob(emulator(), job.id)).toEqual(cancelled);
    expect(await events(emulator(), job.id)).toEqual(eventsThen);
    expect(await checkpoints(emulator(), job.id)).toEqual(checkpointsThen);
    expect(emulator().store.jobs.get(job.id)?.status).toBe("cancelled");
    // Cancelling again answers the cancelled job, unchanged.
    const again = await cancelJob(emulator(), job.id);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(cancelled);
  });

  it.each([
    ["succeeded", {}],
    ["failed", { suffix: "x-fail" }],
  ])("refuses to cancel a %s job with 409", async (status, fields) => {
    const training = await trainingFileId(emulator());
    const job = await createdJob(emulator(), { training_file: training, ...fields });
    at(PHASES.finish);
    const res = await cancelJob(emulator(), job.id);
    expect(res.status).toBe(409);
    const error = await readError(res);
    expect(error).toMatchObject({ code: "unexpectedEntityState" });
    expect(error.message).toContain(status);
    expect((await getJob(emulator(), job.id)).status).toBe(status);
  });

  it.each<[string, (id: string) => Promise<unknown>]>([
    ["succeeded", async () => at(PHASES.finish)],
    ["failed", async () => at(PHASES.finish)],
    ["cancelled", async (id) => cancelJob(emulator(), id)],
  ])("deletes a %s job (204, no body), which then answers 404", async (status, end) => {
    const training = await trainingFileId(emulator());
    const suffix = status === "failed" ? "fail" : "ok";
    const job = await createdJob(emulator(), { training_file: training, suffix });
    await end(job.id);
    expect((await getJob(emulator(), job.id)).status).toBe(status);
    const res = await deleteJob(emulator(), job.id);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    for (const path of [`${JOBS}/${job.id}`, `${JOBS}/${job.id}/events`]) {
      const gone = await azureFetch(emulator(), path);
      expect(gone.status).toBe(404);
      expect(await readError(gone)).toMatchObject({
        code: "notFound",
        target: "fine-tuning-job-id",
      });
    }
    expect((await deleteJob(emulator(), job.id)).status).toBe(404);
    expect(emulator().store.jobs.list()).toEqual([]);
  });

  it.each([
    ["pending", 0],
    ["queued", PHASES.queued],
    ["running", PHASES.running],
  ])("refuses to delete a %s job with 409 (cancel it first)", async (status, offset) => {
    const training = await trainingFileId(emulator());
    const job = await createdJob(emulator(), { training_file: training });
    at(offset);
    const res = await deleteJob(emulator(), job.id);
    expect(res.status).toBe(409);
    const error = await readError(res);
    expect(error.code).toBe("unexpectedEntityState");
    expect(error.message).toContain("cancel it first");
    expect(emulator().store.jobs.get(job.id)?.status).toBe(status);
  });

  it.each([
    ["2024-06-01", 404],
    ["2024-07-01-preview", 404],
    ["2024-08-01-preview", 204],
    ["2024-10-21", 204],
    ["2025-04-01-preview", 204],
  ])("with api-version %s, DELETE of a job answers %i", async (apiVersion, status) => {
    const training = await trainingFileId(emulator());
    const job = await createdJob(emulator(), { training_file: training });
    await cancelJob(emulator(), job.id);
    const res = await deleteJob(emulator(), job.id, apiVersion);
    expect(res.status).toBe(status);
    if (status === 404) {
      expect(await res.json()).toEqual({
        error: {
          code: "notFound",
          message: expect.stringContaining(`No route for DELETE ${JOBS}/${job.id}`),
        },
      });
      expect(emulator().store.jobs.get(job.id)).toBeDefined();
    } else {
      expect(emulator().store.jobs.get(job.id)).toBeUndefined();
    }
  });

  it("fine-tunes a model fine-tuned here", async () => {
    const training = await trainingFileId(emulator());
    const first = await createdJob(emulator(), { training_file: training });
    at(PHASES.finish);
    const { fine_tuned_model } = await getJob(emulator(), first.id);
    const second = await createdJob(emulator(), {
      training_file: training,
      model: fine_tuned_model,
    });
    expect(second.model).toBe(fine_tuned_model);
  });
});
