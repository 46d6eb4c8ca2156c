import { type FineTuningJobObject, type JobStatus, startEmulator } from "../../emulator";
import { manualClock, readError, useEmulator } from "./helpers";
import {
  atOffset,
  cancelJob,
  checkpoints,
  createdJob,
  events,
  getJob,
  PHASES,
  seconds,
  trainingFileId,
} from "./jobHelpers";
import {
  DATED_JOBS,
  fileWith,
  jobFetch,
  jobOf,
  postTo,
  rftBody,
  rftJsonl,
  V1_JOBS,
} from "./jobV1Helpers";

// 12 examples, 3 epochs: 36 steps over the 10 s of running (from offset 5000), one every 277.8 ms.
// Pausing and resuming take 1000 ms each by default.
const PREVIEW = "2025-04-01-preview";
const STEP_MS = 10000 / 36;

/** POST .../pause or .../resume on the dated routes with 2025-04-01-preview (or `apiVersion`). */
const act = (
  emulator: Parameters<typeof jobFetch>[0],
  id: string,
  verb: string,
  apiVersion = PREVIEW,
) => jobFetch(emulator, `${DATED_JOBS}/${id}/${verb}`, { method: "POST" }, apiVersion);

describe("Azure fine-tuning jobs: pause and resume", () => {
  const emulator = useEmulator({ processingMs: 0 });
  const at = (offsetMs: number) => manualClock(emulator()).set(atOffset(offsetMs));
  const newJob = async (fields: Record<string, unknown> = {}) =>
    createdJob(emulator(), { training_file: await trainingFileId(emulator()), ...fields });
  const status = async (id: string) => (await getJob(emulator(), id)).status;
  const messages = async (id: string) => (await events(emulator(), id)).data.map((e) => e.message);

  it("goes running → pausing → paused → resuming → running, and finishes later by the pause", async () => {
    const job = await newJob({ suffix: "p" });
    at(7500); // 2500 ms trained: step 9
    const pausing = await jobOf(await act(emulator(), job.id, "pause"));
    expect(pausing).toMatchObject({ id: job.id, status: "pausing", estimated_finish: null });
    const timeline: [number, JobStatus][] = [
      [8499, "pausing"],
      [8500, "paused"],
      [19999, "paused"],
    ];
    for (const [offset, want] of timeline) {
      at(offset);
      expect({ offset, status: await status(job.id) }).toEqual({ offset, status: want });
    }
    // Nothing trains while paused: no step event, no checkpoint but the pause's, no finish.
    const recent = await messages(job.id);
    expect(recent[0]).toMatch(/^Fine-tuning job paused; checkpoint: .*-p:ckpt-step-9$/);
    expect(recent[1]).toBe("Pausing fine-tuning job at step 9/36, as requested");
    expect(recent[2]).toMatch(/^Step 8\/36: training loss=/);
    const paused = await checkpoints(emulator(), job.id);
    expect(paused.data.map((c) => [c.step_number, c.created_at])).toEqual([
      [9, seconds(atOffset(8500))],
    ]);
    expect(paused.data[0]?.fine_tuned_model_checkpoint).toMatch(/\.ft-[0-9a-f]{32}-p:ckpt-step-9$/);
    expect(emulator().store.jobs.get(job.id)).toMatchObject({ status: "paused", trainedSteps: 9 });

    at(20000);
    expect(await jobOf(await act(emulator(), job.id, "resume"))).toMatchObject({
      status: "resuming",
    });
    // Paused from 7500 until resuming ends at 21000: the finish moves from 15000 to 28500.
    const finish = PHASES.finish + 13500;
    const after: [number, JobStatus][] = [
      [20999, "resuming"],
      [21000, "running"],
      [finish - 1, "running"],
      [finish, "succeeded"],
    ];
    for (const [offset, want] of after) {
      at(offset);
      const seen = await getJob(emulator(), job.id);
      expect({ offset, status: seen.status }).toEqual({ offset, status: want });
      if (want === "running") expect(seen.estimated_finish).toBe(seconds(atOffset(finish)));
    }
    const done = await getJob(emulator(), job.id);
    expect(done).toMatchObject({
      finished_at: seconds(atOffset(finish)),
      fine_tuned_model: expect.any(String),
    });
    const all = await messages(job.id);
    expect(all.filter((m) => /paus|resum/i.test(m))).toEqual([
      "Fine-tuning job resumed at step 9/36",
      "Resuming fine-tuning job, as requested",
      expect.stringMatching(/^Fine-tuning job paused; checkpoint: /),
      "Pausing fine-tuning job at step 9/36, as requested",
    ]);
    expect(all[0]).toBe("The job has successfully completed");
    // Steps after the pause come 13.5 s later than they would have.
    const step11 = (await events(emulator(), job.id)).data.find((e) =>
      e.message.startsWith("Step 11/"),
    );
    expect(step11?.created_at).toBe(seconds(atOffset(5000 + 11 * STEP_MS + 13500)));
    const final = await checkpoints(emulator(), job.id);
    expect(final.data.map((c) => c.step_number)).toEqual([36, 24, 12, 9]);
    expect(final.data[2]?.created_at).toBe(seconds(atOffset(5000 + 12 * STEP_MS + 13500)));
  });

  it("adds up two pauses", async () => {
    const job = await newJob();
    at(7500);
    await act(emulator(), job.id, "pause");
    at(9000);
    await act(emulator(), job.id, "resume"); // running again at 10000: 2500 ms paused
    at(12000);
    expect(await jobOf(await act(emulator(), job.id, "pause"))).toMatchObject({
      status: "pausing",
    });
    at(14000);
    await act(emulator(), job.id, "resume"); // running again at 15000: 3000 ms paused
    const finish = PHASES.finish + 5500;
    at(finish - 1);
    expect(await status(job.id)).toBe("running");
    at(finish);
    expect(await status(job.id)).toBe("succeeded");
    expect((await checkpoints(emulator(), job.id)).data.map((c) => c.step_number)).toEqual([
      36, 24, 16, 12, 9,
    ]);
  });

  it("answers a pause of a pausing or paused job, and a resume of a resuming or running one, as it is", async () => {
    const job = await newJob();
    at(7500);
    await act(emulator(), job.id, "pause");
    const repeats: [number, string, JobStatus][] = [
      [8000, "pause", "pausing"],
      [9000, "pause", "paused"],
    ];
    for (const [offset, verb, want] of repeats) {
      at(offset);
      const res = await act(emulator(), job.id, verb);
      expect({ offset, verb, status: res.status, job: (await jobOf(res)).status }).toEqual({
        offset,
        verb,
        status: 200,
        job: want,
      });
    }
    at(10000);
    await act(emulator(), job.id, "resume");
    for (const [offset, want] of [
      [10500, "resuming"],
      [12000, "running"],
    ] as const) {
      at(offset);
      const res = await act(emulator(), job.id, "resume");
      expect({ offset, status: res.status, job: (await jobOf(res)).status }).toEqual({
        offset,
        status: 200,
        job: want,
      });
    }
    // One pause of 7500 → 11000: the repeats changed nothing.
    expect((await messages(job.id)).filter((m) => /paus|resum/i.test(m))).toHaveLength(4);
    at(PHASES.finish + 3500 - 1);
    expect(await status(job.id)).toBe("running");
    at(PHASES.finish + 3500);
    expect(await status(job.id)).toBe("succeeded");
  });

  /** [verb, the job's status, at offset, how to bring it there] */
  const refusals: [string, string, number, (id: string) => Promise<void>][] = [
    ["pause", "pending", 0, async () => undefined],
    ["pause", "validating_files", PHASES.validating, async () => undefined],
    ["pause", "queued", PHASES.queued, async () => undefined],
    ["pause", "running", PHASES.running, async () => undefined],
    ["pause", "running", PHASES.running + STEP_MS - 1, async () => undefined],
    [
      "pause",
      "resuming",
      9500,
      async (id) => {
        at(7500);
        await act(emulator(), id, "pause");
        at(9000);
        await act(emulator(), id, "resume");
      },
    ],
    ["pause", "succeeded", PHASES.finish, async () => undefined],
    ["resume", "pending", 0, async () => undefined],
    ["resume", "queued", PHASES.queued, async () => undefined],
    [
      "resume",
      "pausing",
      8000,
      async (id) => {
        at(7500);
        await act(emulator(), id, "pause");
      },
    ],
    ["resume", "succeeded", PHASES.finish, async () => undefined],
  ];

  it.each(refusals)(
    "refuses %s of a %s job (offset %d) with 409 naming the status",
    async (verb, want, offset, setUp) => {
      const job = await newJob();
      await setUp(job.id);
      at(offset);
      expect(await status(job.id)).toBe(want);
      const before = await messages(job.id);
      const res = await act(emulator(), job.id, verb);
      expect(res.status).toBe(409);
      const error = await readError(res);
      expect(error.code).toBe("unexpectedEntityState");
      expect(error.message).toContain(`is ${want}`);
      expect(error.message).toContain(job.id);
      expect(await messages(job.id)).toEqual(before);
    },
  );

  it("says why a running job that has not trained a step cannot pause", async () => {
    const job = await newJob();
    at(PHASES.running + 100);
    const error = await readError(await act(emulator(), job.id, "pause"));
    expect(error.message).toContain("has not trained a step yet");
    at(PHASES.running + STEP_MS + 1);
    expect(await jobOf(await act(emulator(), job.id, "pause"))).toMatchObject({
      status: "pausing",
    });
  });

  it.each([
    ["cancelled", async (id: string) => void (await cancelJob(emulator(), id))],
    ["failed", async () => undefined],
  ])("refuses pause and resume of a %s job", async (want, setUp) => {
    const job = await newJob({ suffix: want === "failed" ? "fail" : "ok" });
    at(want === "failed" ? PHASES.finish : 6000);
    await setUp(job.id);
    expect(await status(job.id)).toBe(want);
    for (const verb of ["pause", "resume"]) {
      const res = await act(emulator(), job.id, verb);
      expect({ verb, status: res.status }).toEqual({ verb, status: 409 });
      expect((await readError(res)).message).toContain(`is ${want}`);
    }
  });

  it("cancels a paused job, which then stays cancelled with no more events or checkpoints", async () => {
    const job = await newJob();
    at(7500);
    await act(emulator(), job.id, "pause");
    at(9000);
    const cancelled = await jobOf(await cancelJob(emulator(), job.id));
    expect(cancelled).toMatchObject({ status: "cancelled", finished_at: seconds(atOffset(9000)) });
    at(100000);
    expect(await status(job.id)).toBe("cancelled");
    const seen = await messages(job.id);
    expect(seen[0]).toBe("Fine-tuning job cancelled");
    expect(seen[1]).toMatch(/^Fine-tuning job paused; checkpoint/);
    expect((await checkpoints(emulator(), job.id)).data.map((c) => c.step_number)).toEqual([9]);
    expect((await act(emulator(), job.id, "resume")).status).toBe(409);
  });

  it("counts a paused job as active (quota, files in use, delete refused)", async () => {
    const job = await newJob();
    at(7500);
    await act(emulator(), job.id, "pause");
    at(30000);
    expect(emulator().store.jobs.activeJobUsing(job.training_file)?.id).toBe(job.id);
    const del = await jobFetch(
      emulator(),
      `${DATED_JOBS}/${job.id}`,
      { method: "DELETE" },
      PREVIEW,
    );
    expect(del.status).toBe(409);
    expect((await readError(del)).message).toContain("is paused");
  });

  it.each([
    ["2024-10-21", 404],
    ["2024-08-01-preview", 404],
    ["2025-04-01-preview", 200],
    ["2025-07-01-preview", 200],
  ])("has the dated pause and resume routes with api-version %s: %i", async (apiVersion, want) => {
    const job = await newJob();
    at(7500);
    const pause = await act(emulator(), job.id, "pause", apiVersion);
    expect(pause.status).toBe(want);
    if (want === 404) {
      expect((await readError(pause)).message).toContain(
        `api-version ${apiVersion} has no job pause`,
      );
      expect(await status(job.id)).toBe("running");
    }
    at(9000);
    expect((await act(emulator(), job.id, "resume", apiVersion)).status).toBe(want);
  });

  it("has pause and resume on the v1 routes, api-version optional", async () => {
    const job = await newJob();
    at(7500);
    const paused = await jobOf(
      await jobFetch(emulator(), `${V1_JOBS}/${job.id}/pause`, { method: "POST" }),
    );
    expect(paused).toMatchObject({ status: "pausing", metadata: null });
    at(9000);
    const res = await jobFetch(
      emulator(),
      `${V1_JOBS}/${job.id}/resume`,
      { method: "POST" },
      "preview",
    );
    expect(await jobOf(res)).toMatchObject({ status: "resuming" });
  });

  it("answers 404 naming the job for an unknown id", async () => {
    for (const verb of ["pause", "resume"]) {
      const res = await act(emulator(), "ftjob-nope", verb);
      expect(res.status).toBe(404);
      expect(await readError(res)).toMatchObject({
        code: "notFound",
        message: expect.stringContaining("ftjob-nope"),
      });
    }
  });
});

describe("Azure fine-tuning jobs: system pauses", () => {
  const emulator = useEmulator({
    processingMs: 0,
    systemPauseAfterSteps: 12,
    systemPauseMs: 4000,
    reinforcementCostPauseAfterSteps: 6,
  });
  const at = (offsetMs: number) => manualClock(emulator()).set(atOffset(offsetMs));
  const status = async (id: string) => (await getJob(emulator(), id)).status;
  const newJob = async (fields: Record<string, unknown> = {}) =>
    createdJob(emulator(), { training_file: await trainingFileId(emulator()), ...fields });
  // Step 12 is reached at 5000 + 3333.3; the system pause is paused from 8333.3 + 1000 for 4000 ms.
  const PAUSE_AT = 5000 + 12 * STEP_MS;

  it("pauses a developer-tier job after the steps and resumes it by itself", async () => {
    const job = await newJob({ trainingType: "developerTier" });
    expect(job.trainingType).toBe("developer");
    const timeline: [number, JobStatus][] = [
      [PAUSE_AT - 1, "running"],
      [PAUSE_AT + 1, "pausing"],
      [PAUSE_AT + 1001, "paused"],
      [PAUSE_AT + 4999, "paused"],
      [PAUSE_AT + 5001, "resuming"],
      [PAUSE_AT + 6001, "running"],
      [PHASES.finish + 6000 - 1, "running"],
      [PHASES.finish + 6000, "succeeded"],
    ];
    for (const [offset, want] of timeline) {
      at(offset);
      expect({ offset, status: await status(job.id) }).toEqual({ offset, status: want });
    }
    const messages = (await events(emulator(), job.id)).data.map((e) => e.message);
    expect(messages.filter((m) => /paus|resum/i.test(m))).toEqual([
      "Fine-tuning job resumed at step 12/36",
      "The system is resuming the fine-tuning job",
      expect.stringMatching(/^Fine-tuning job paused; checkpoint: .*:ckpt-step-12$/),
      expect.stringMatching(
        /^The system is pausing the fine-tuning job at step 12\/36 \(developer tier/,
      ),
    ]);
    // The pause is at an epoch's end: its checkpoint is that epoch's.
    expect((await checkpoints(emulator(), job.id)).data.map((c) => c.step_number)).toEqual([
      36, 24, 12,
    ]);
  });

  it("leaves standard and global jobs alone", async () => {
    const standard = await newJob();
    const global = await newJob({ trainingType: "GlobalStandard" });
    at(PAUSE_AT + 2000);
    expect(await status(standard.id)).toBe("running");
    expect(await status(global.id)).toBe("running");
    at(PHASES.finish);
    expect(await status(standard.id)).toBe("succeeded");
    expect(await status(global.id)).toBe("succeeded");
  });

  it("lets the owner resume a system pause early", async () => {
    const job = await newJob({ trainingType: "developer" });
    at(PAUSE_AT + 2000);
    expect(await jobOf(await act(emulator(), job.id, "resume"))).toMatchObject({
      status: "resuming",
    });
    // Paused from PAUSE_AT until resuming ends 3000 ms later.
    const finish = PHASES.finish + 3000;
    at(finish - 1);
    expect(await status(job.id)).toBe("running");
    at(finish + 1);
    expect(await status(job.id)).toBe("succeeded");
    const messages = (await events(emulator(), job.id)).data.map((e) => e.message);
    expect(messages).toContain("Resuming fine-tuning job, as requested");
    expect(messages).not.toContain("The system is resuming the fine-tuning job");
  });

  it("pauses a reinforcement job at its cost limit until it is resumed", async () => {
    const training = await fileWith(emulator(), rftJsonl(12));
    const validation = await fileWith(emulator(), rftJsonl(3));
    const job = await jobOf(await postTo(emulator(), V1_JOBS, rftBody(training, validation)));
    const costAt = 5000 + 6 * STEP_MS;
    at(costAt + 1001);
    expect(await status(job.id)).toBe("paused");
    at(1_000_000);
    expect(await status(job.id)).toBe("paused");
    const messages = (await events(emulator(), job.id)).data.map((e) => e.message);
    expect(messages[1]).toBe(
      "Pausing fine-tuning job at step 6/36: it has reached its cost limit; resume it to continue training",
    );
    const v1Resume = await jobFetch(emulator(), `${V1_JOBS}/${job.id}/resume`, { method: "POST" });
    expect(await jobOf(v1Resume)).toMatchObject({ status: "resuming" });
    const finish = 1_001_000 + 10000 - 6 * STEP_MS;
    at(finish - 1);
    expect(await status(job.id)).toBe("running");
    at(finish + 1);
    expect(await status(job.id)).toBe("succeeded");
  });
});

describe("Azure fine-tuning jobs: pause options", () => {
  const emulator = useEmulator({
    processingMs: 0,
    jobTimings: { pausingMs: 300, resumingMs: 200 },
  });
  const at = (offsetMs: number) => manualClock(emulator()).set(atOffset(offsetMs));

  it("takes the pausing and resuming times it is given", async () => {
    const job: FineTuningJobObject = await createdJob(emulator(), {
      training_file: await trainingFileId(emulator()),
    });
    at(7500);
    await act(emulator(), job.id, "pause");
    at(7799);
    expect((await getJob(emulator(), job.id)).status).toBe("pausing");
    at(7800);
    expect((await getJob(emulator(), job.id)).status).toBe("paused");
    at(8000);
    await act(emulator(), job.id, "resume");
    at(8199);
    expect((await getJob(emulator(), job.id)).status).toBe("resuming");
    at(8200);
    expect((await getJob(emulator(), job.id)).status).toBe("running");
    at(PHASES.finish + 700);
    expect((await getJob(emulator(), job.id)).status).toBe("succeeded");
  });

  it.each([
    [{ systemPauseAfterSteps: 0 }, "systemPauseAfterSteps must be a positive integer"],
    [{ reinforcementCostPauseAfterSteps: 1.5 }, "reinforcementCostPauseAfterSteps must be"],
    [{ systemPauseMs: -1 }, "systemPauseMs must be >= 0"],
    [{ jobTimings: { pausingMs: -1 } }, "jobTimings.pausingMs must be >= 0"],
  ])("refuses the options %j", async (options, message) => {
    await expect(startEmulator(options)).rejects.toThrow(message);
  });
});
