import { DEFAULT_AZURE_API_KEY, type FineTuningJobObject } from "../../emulator";
import { azureFetch, manualClock, readError, uploadFile, readFile, useEmulator } from "./helpers";
import {
  allPages,
  atOffset,
  cancelJob,
  createdJob,
  createJob,
  JOBS,
  listOf,
  PHASES,
  trainingFileId,
} from "./jobHelpers";

interface Files {
  training: string;
  batch: string;
  broken: string;
}

describe("Azure fine-tuning jobs: create requests", () => {
  const emulator = useEmulator({ processingMs: 0 });

  async function files(): Promise<Files> {
    const training = await trainingFileId(emulator());
    const batch = (
      await readFile(await uploadFile(emulator(), { purpose: "batch", content: "{}" }))
    ).id;
    const broken = (await readFile(await uploadFile(emulator(), { content: "not json\n" }))).id;
    return { training, batch, broken };
  }

  // Stand-ins for the ids of files uploaded in each test.
  const TRAINING = "<training file>";
  const BATCH = "<batch file>";
  const withIds = (fields: Record<string, unknown>, f: Files) =>
    Object.fromEntries(
      Object.entries({ training_file: TRAINING, ...fields }).map(([name, value]) => [
        name,
        value === TRAINING ? f.training : value === BATCH ? f.batch : value,
      ]),
    );
  const supervised = (hyperparameters: object) => ({
    type: "supervised",
    supervised: { hyperparameters },
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["model", { model: undefined }, ""],
    ["model", { model: "gpt-5" }, "does not support fine-tuning"],
    ["training_file", { training_file: undefined }, ""],
    ["training_file", { training_file: "file-nope" }, "was not found"],
    ["validation_file", { validation_file: "file-nope" }, "was not found"],
    ["training_file", { training_file: BATCH }, "purpose 'batch'"],
    ["validation_file", { validation_file: BATCH }, "purpose 'batch'"],
    ["suffix", { suffix: "a".repeat(65) }, ""],
    ["suffix", { suffix: "v1.2" }, ""],
    ["suffix", { suffix: "" }, ""],
    ["seed", { seed: -1 }, ""],
    ["hyperparameters", { hyperparameters: 3 }, ""],
    ["hyperparameters.n_epochs", { hyperparameters: { n_epochs: 0 } }, ""],
    ["hyperparameters.n_epochs", { hyperparameters: { n_epochs: 51 } }, ""],
    ["hyperparameters.n_epochs", { hyperparameters: { n_epochs: 2.5 } }, ""],
    ["hyperparameters.n_epochs", { hyperparameters: { n_epochs: "three" } }, ""],
    ["hyperparameters.batch_size", { hyperparameters: { batch_size: 257 } }, ""],
    [
      "hyperparameters.learning_rate_multiplier",
      { hyperparameters: { learning_rate_multiplier: 0 } },
      "",
    ],
    ["method.type", { method: { type: "reinforcement" } }, ""],
    ["method.supervised.hyperparameters.n_epochs", { method: supervised({ n_epochs: 0 }) }, ""],
    [
      "method.dpo.hyperparameters.beta",
      { method: { type: "dpo", dpo: { hyperparameters: { beta: 3 } } } },
      "",
    ],
  ])("answers 400 invalidPayload naming %s for %j", async (target, fields, message) => {
    const res = await createJob(emulator(), withIds(fields, await files()));
    expect(res.status).toBe(400);
    const error = await readError(res);
    expect(error).toMatchObject({ code: "invalidPayload", target });
    expect(error.message).toContain(message);
    expect(emulator().store.jobs.list()).toEqual([]);
  });

  it.each(["training_file", "validation_file"])(
    "answers 400 jsonlValidationFailed naming %s for a file that ended in error",
    async (target) => {
      const f = await files();
      const body =
        target === "training_file"
          ? { training_file: f.broken }
          : { training_file: f.training, validation_file: f.broken };
      const res = await createJob(emulator(), body);
      expect(res.status).toBe(400);
      expect(await readError(res)).toMatchObject({ code: "jsonlValidationFailed", target });
    },
  );

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    [
      "auto everywhere",
      {
        hyperparameters: { n_epochs: "auto", batch_size: "auto", learning_rate_multiplier: "auto" },
      },
      { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 },
    ],
    [
      "numbers",
      { hyperparameters: { n_epochs: 2, batch_size: 4, learning_rate_multiplier: 0.5 } },
      { n_epochs: 2, batch_size: 4, learning_rate_multiplier: 0.5 },
    ],
    [
      "the method's over the top-level ones",
      {
        hyperparameters: { n_epochs: 2 },
        method: { type: "supervised", supervised: { hyperparameters: { n_epochs: 5 } } },
      },
      { n_epochs: 5, batch_size: 1, learning_rate_multiplier: 1 },
    ],
  ])("resolves hyperparameters: %s", async (_, fields, resolved) => {
    const training = await trainingFileId(emulator());
    const job = await createdJob(emulator(), { training_file: training, ...fields });
    expect(job.hyperparameters).toEqual(resolved);
    expect(job.method).toEqual({ type: "supervised", supervised: { hyperparameters: resolved } });
  });

  it("keeps a DPO job's beta in its method", async () => {
    const training = await trainingFileId(emulator());
    const method = { type: "dpo", dpo: { hyperparameters: { beta: 0.2, n_epochs: 1 } } };
    const job = await createdJob(emulator(), { training_file: training, method, seed: 42 });
    expect(job).toMatchObject({
      seed: 42,
      hyperparameters: { n_epochs: 1, batch_size: 1, learning_rate_multiplier: 1 },
      method: {
        type: "dpo",
        dpo: {
          hyperparameters: { n_epochs: 1, batch_size: 1, learning_rate_multiplier: 1, beta: 0.2 },
        },
      },
    });
  });

  it("answers 429 quotaExceeded past maxActiveJobs, until a job ends", async () => {
    const training = await trainingFileId(emulator());
    const jobs: FineTuningJobObject[] = [];
    for (let i = 0; i < 3; i++)
      jobs.push(await createdJob(emulator(), { training_file: training }));
    const refused = await createJob(emulator(), { training_file: training });
    expect(refused.status).toBe(429);
    expect(await readError(refused)).toMatchObject({ code: "quotaExceeded" });
    expect(emulator().store.jobs.list()).toHaveLength(3);

    await cancelJob(emulator(), jobs[0]?.id ?? "");
    await createdJob(emulator(), { training_file: training });
    expect((await createJob(emulator(), { training_file: training })).status).toBe(429);
    manualClock(emulator()).set(atOffset(PHASES.finish));
    await createdJob(emulator(), { training_file: training });
  });

  it("refuses to delete a file an active job uses (409), until the job is cancelled", async () => {
    const training = await trainingFileId(emulator());
    const validation = await trainingFileId(emulator());
    const job = await createdJob(emulator(), {
      training_file: training,
      validation_file: validation,
    });
    for (const id of [training, validation]) {
      const res = await azureFetch(emulator(), `/openai/files/${id}`, { method: "DELETE" });
      expect(res.status).toBe(409);
      const error = await readError(res);
      expect(error.code).toBe("conflict");
      expect(error.message).toContain(job.id);
    }
    await cancelJob(emulator(), job.id);
    for (const id of [training, validation]) {
      const res = await azureFetch(emulator(), `/openai/files/${id}`, { method: "DELETE" });
      expect(res.status).toBe(200);
    }
  });

  it("answers 404 notFound for an unknown job on every job route", async () => {
    for (const [method, path] of [
      ["GET", `${JOBS}/ftjob-nope`],
      ["POST", `${JOBS}/ftjob-nope/cancel`],
      ["GET", `${JOBS}/ftjob-nope/events`],
      ["GET", `${JOBS}/ftjob-nope/checkpoints`],
      ["DELETE", `${JOBS}/ftjob-nope`],
    ] as const) {
      const res = await azureFetch(emulator(), path, { method });
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(await readError(res)).toMatchObject({
        code: "notFound",
        message: expect.stringContaining("ftjob-nope"),
      });
    }
  });
});

describe("Azure fine-tuning jobs: list and options", () => {
  const failure = { code: "scripted", message: "Told to fail.", param: null };
  const emulator = useEmulator({
    processingMs: 0,
    maxActiveJobs: 5,
    fineTunableModels: ["my-base"],
    jobTimings: { pendingMs: 0, validatingMs: 0, queuedMs: 0, runningMs: 100 },
    failJobs: (body) => (body.seed === 7 ? failure : undefined),
  });

  it("lists jobs newest first and pages them with after and limit", async () => {
    const training = await trainingFileId(emulator());
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await createdJob(emulator(), { model: "my-base", training_file: training })).id);
    const newestFirst = [...ids].reverse();
    const first = await listOf<FineTuningJobObject>(emulator(), `${JOBS}?limit=2`);
    expect(first).toMatchObject({ object: "list", has_more: true });
    expect(first.data.map((j) => j.id)).toEqual(newestFirst.slice(0, 2));
    const { items, pages } = await allPages<FineTuningJobObject>(emulator(), JOBS, 2);
    expect(items.map((j) => j.id)).toEqual(newestFirst);
    expect(pages).toBe(3);
    const all = await listOf<FineTuningJobObject>(emulator(), JOBS);
    expect(all.data.map((j) => j.id)).toEqual(newestFirst);
    expect(all.has_more).toBe(false);
  });

  it("needs credentials and an api-version like the other routes", async () => {
    const url = `${emulator().url}${JOBS}`;
    expect((await fetch(`${url}?api-version=2024-10-21`)).status).toBe(401);
    const res = await fetch(url, { headers: { "api-key": DEFAULT_AZURE_API_KEY } });
    expect(res.status).toBe(400);
    expect(await readError(res)).toMatchObject({ target: "api-version" });
  });

  it.each([
    ["limit", "limit=0"],
    ["limit", "limit=101"],
    ["limit", "limit=ten"],
    ["after", "after=ftjob-nope"],
  ])("answers 400 naming %s for ?%s", async (target, query) => {
    const res = await azureFetch(emulator(), `${JOBS}?${query}`);
    expect(res.status).toBe(400);
    expect(await readError(res)).toMatchObject({ code: "invalidPayload", target });
  });

  it("takes the models, timings and failures it is given", async () => {
    const training = await trainingFileId(emulator());
    const refused = await createJob(emulator(), { training_file: training });
    expect(await readError(refused)).toMatchObject({ target: "model" });
    const job = await createdJob(emulator(), {
      model: "my-base",
      training_file: training,
      seed: 7,
    });
    expect(job.status).toBe("running");
    manualClock(emulator()).advance(100);
    const failed = await listOf<FineTuningJobObject>(emulator(), JOBS);
    expect(failed.data[0]).toMatchObject({ status: "failed", error: failure });
  });
});

describe("Azure fine-tuning jobs: files still processing", () => {
  const emulator = useEmulator({ processingMs: 2000 });

  it.each([
    [0, "pending"],
    [1000, "running"],
  ])("answers 400 naming training_file for a file %i ms old (%s)", async (ageMs, status) => {
    const file = await readFile(await uploadFile(emulator()));
    manualClock(emulator()).advance(ageMs);
    const res = await createJob(emulator(), { training_file: file.id });
    expect(res.status).toBe(400);
    const error = await readError(res);
    expect(error).toMatchObject({ code: "invalidPayload", target: "training_file" });
    expect(error.message).toContain(`not ready: its status is '${status}'`);
  });
});
