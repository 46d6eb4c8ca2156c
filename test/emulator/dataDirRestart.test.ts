import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  createManualClock,
  type Emulator,
  type FileObject,
  type QianfanTaskObject,
  startEmulator,
  type UploadObject,
} from "../../emulator";
import {
  clockOf,
  itServesEachKindAgain,
  type RestartKind,
  stateOf,
  useDataDir,
} from "./dataDirHelpers";
import { azureFetch, readFile, START_MS, uploadFile } from "./helpers";
import {
  atOffset,
  cancelJob,
  checkpoints,
  createdJob,
  deleteJob,
  events,
  getJob,
  JOBS,
  listOf,
  PHASES,
} from "./jobHelpers";
import { fileWith, jobFetch, jobOf, postTo, rftBody, rftJsonl, V1_JOBS } from "./jobV1Helpers";
import {
  createdJob as createdQianfanJob,
  createdTask,
  qianfanError,
  qianfanFetch,
  qianfanResult,
} from "./qianfanHelpers";
import {
  addedPartId,
  cancelUpload,
  completeUpload,
  createdUpload,
  md5Hex,
  readUpload,
  trainingJsonl,
} from "./uploadHelpers";

const TRAINING = trainingJsonl(12).toString();

/** What a user sees of a file through the API: the object and its bytes. */
async function fileAsSeen(emulator: Emulator, id: string) {
  const res = await azureFetch(emulator, `/openai/files/${id}`);
  if (res.status !== 200) return { status: res.status };
  const content = await azureFetch(emulator, `/openai/files/${id}/content`);
  return { file: (await res.json()) as FileObject, content: await content.text() };
}

const fileIds = async (emulator: Emulator) =>
  (await listOf<FileObject>(emulator, "/openai/files")).data.map((file) => file.id);

const jobIds = async (emulator: Emulator) =>
  (await listOf<{ id: string }>(emulator, JOBS)).data.map((job) => job.id);

/** A job, its events and checkpoints, and the jobs list, as the dated routes answer them. */
async function jobAsSeen(emulator: Emulator, id: string) {
  return {
    job: await getJob(emulator, id),
    events: (await events(emulator, id)).data,
    checkpoints: (await checkpoints(emulator, id)).data,
    jobs: await jobIds(emulator),
  };
}

const describeTask = (emulator: Emulator, taskId: string) =>
  qianfanResult<QianfanTaskObject>(emulator, "DescribeFineTuningTask", { taskId });

/** What a Qianfan client sees: the jobs, one job's tasks, and a task described. */
async function qianfanAsSeen(emulator: Emulator, jobId: string, taskId: string) {
  return {
    jobs: await qianfanResult(emulator, "DescribeFineTuningJobs"),
    tasks: await qianfanResult(emulator, "DescribeFineTuningTasks", { jobId }),
    task: await describeTask(emulator, taskId),
  };
}

/** The code of a Qianfan call that must fail. */
async function qianfanCode(emulator: Emulator, action: string, body: unknown): Promise<string> {
  const res = await qianfanFetch(emulator, action, body);
  return `${res.status} ${(await qianfanError(res)).code}`;
}

async function newJob(emulator: Emulator, fields: Record<string, unknown> = {}) {
  const training_file = await fileWith(emulator, TRAINING);
  return createdJob(emulator, { training_file, suffix: "kept", ...fields });
}

/**
 * Each kind of object: `make` creates it on the first emulator (and may move its clock) and returns
 * what a user sees of it; the same look, on a second emulator on the same data directory, must
 * see the same. Rows that delete keep a sibling, so an emulator that forgot everything fails too.
 */
const KINDS: RestartKind[] = [
  [
    "an Azure training file, processed, with its content",
    async (emulator) => {
      const file = await readFile(await uploadFile(emulator, { content: TRAINING }));
      return async (e) => ({ ...(await fileAsSeen(e, file.id)), files: await fileIds(e) });
    },
  ],
  [
    "an Azure file whose content check failed, with its status_details",
    async (emulator) => {
      const file = await readFile(await uploadFile(emulator, { content: "{oops}\n" }));
      return async (e) => fileAsSeen(e, file.id);
    },
  ],
  [
    "an Azure file of another purpose",
    async (emulator) => {
      const content = "a,b\n1,2\n";
      const res = await uploadFile(emulator, { purpose: "batch", content, filename: "b.jsonl" });
      const file = await readFile(res);
      return async (e) => fileAsSeen(e, file.id);
    },
  ],
  [
    "a deleted Azure file (its sibling kept)",
    async (emulator) => {
      const kept = await fileWith(emulator, TRAINING);
      const gone = await fileWith(emulator, TRAINING);
      const res = await azureFetch(emulator, `/openai/files/${gone}`, { method: "DELETE" });
      expect(res.status).toBe(200);
      return async (e) => ({
        files: await fileIds(e),
        kept: await fileAsSeen(e, kept),
        gone: await fileAsSeen(e, gone),
      });
    },
  ],
  [
    "a running Azure job with its events and checkpoints",
    async (emulator) => {
      const job = await newJob(emulator);
      clockOf(emulator).set(atOffset(PHASES.running + 4000)); // past epoch 1 of 3
      return async (e) => jobAsSeen(e, job.id);
    },
  ],
  [
    "a succeeded Azure job, its fine-tuned model and its results file",
    async (emulator) => {
      const job = await newJob(emulator);
      clockOf(emulator).set(atOffset(PHASES.finish));
      const results = (await getJob(emulator, job.id)).result_files[0] ?? "";
      return async (e) => ({
        ...(await jobAsSeen(e, job.id)),
        results: await fileAsSeen(e, results),
      });
    },
  ],
  [
    "a failed Azure job with its error",
    async (emulator) => {
      const job = await newJob(emulator, { suffix: "will-fail" });
      clockOf(emulator).set(atOffset(PHASES.finish));
      return async (e) => jobAsSeen(e, job.id);
    },
  ],
  [
    "a cancelled Azure job, stopped where it was",
    async (emulator) => {
      const job = await newJob(emulator);
      clockOf(emulator).set(atOffset(PHASES.running + 2000));
      expect((await cancelJob(emulator, job.id)).status).toBe(200);
      clockOf(emulator).set(atOffset(PHASES.finish + 5000));
      return async (e) => jobAsSeen(e, job.id);
    },
  ],
  [
    "a paused Azure job and its pause checkpoint",
    async (emulator) => {
      const job = await newJob(emulator);
      clockOf(emulator).set(atOffset(PHASES.running + 2000));
      const paused = await jobOf(await postTo(emulator, `${V1_JOBS}/${job.id}/pause`, {}));
      expect(paused.status).toBe("pausing");
      clockOf(emulator).set(atOffset(PHASES.finish + 5000));
      return async (e) => jobAsSeen(e, job.id);
    },
  ],
  [
    "a deleted Azure job (its sibling kept)",
    async (emulator) => {
      const kept = await newJob(emulator);
      const gone = await newJob(emulator);
      clockOf(emulator).set(atOffset(PHASES.finish));
      expect((await deleteJob(emulator, gone.id)).status).toBe(204);
      return async (e) => ({
        jobs: await jobIds(e),
        kept: await getJob(e, kept.id),
        gone: (await azureFetch(e, `${JOBS}/${gone.id}`)).status,
      });
    },
  ],
  [
    "a reinforcement job with its grader and metadata (v1)",
    async (emulator) => {
      const training = await fileWith(emulator, rftJsonl(12));
      const validation = await fileWith(emulator, rftJsonl(4));
      const body = rftBody(training, validation, { metadata: { team: "ci", run: "42" } });
      const job = await jobOf(await postTo(emulator, V1_JOBS, body));
      return async (e) => jobOf(await jobFetch(e, `${V1_JOBS}/${job.id}`));
    },
  ],
  [
    "a completed Azure upload and the file it made",
    async (emulator) => {
      const upload = await createdUpload(emulator, { bytes: TRAINING.length });
      const part = await addedPartId(emulator, upload.id, TRAINING);
      const done = await readUpload(
        await completeUpload(emulator, upload.id, { part_ids: [part] }),
      );
      const again = async (e: Emulator) => {
        const res = await completeUpload(e, upload.id, { part_ids: [part] });
        return { status: res.status, body: await res.text() };
      };
      return async (e) => ({
        again: await again(e),
        file: await fileAsSeen(e, done.file?.id ?? ""),
      });
    },
  ],
  [
    "a cancelled Azure upload",
    async (emulator) => {
      const upload = await createdUpload(emulator, { bytes: 10 });
      await addedPartId(emulator, upload.id, "01234");
      expect((await cancelUpload(emulator, upload.id)).status).toBe(200);
      return async (e) => {
        const cancelled = await readUpload(await cancelUpload(e, upload.id));
        const part = await azureFetch(e, `/openai/uploads/${upload.id}/parts`, {
          method: "POST",
          body: (() => {
            const form = new FormData();
            form.set("data", new Blob(["56789"]), "part");
            return form;
          })(),
        });
        return { cancelled, part: part.status };
      };
    },
  ],
  [
    "a Qianfan job and its running task, with checkpoints",
    async (emulator) => {
      const jobId = await createdQianfanJob(emulator);
      const taskId = await createdTask(emulator, jobId);
      clockOf(emulator).set(START_MS + 2000 + 6000); // waiting 2 s, then past epoch 1 of 2
      return async (e) => qianfanAsSeen(e, jobId, taskId);
    },
  ],
  [
    "a Done Qianfan task with its metrics, and a Failed one with its message",
    async (emulator) => {
      const jobId = await createdQianfanJob(emulator);
      const done = await createdTask(emulator, jobId);
      const failJob = await createdQianfanJob(emulator, { name: "will-fail" });
      const failed = await createdTask(emulator, failJob);
      clockOf(emulator).set(START_MS + 12_000);
      return async (e) => ({
        done: await describeTask(e, done),
        failed: await describeTask(e, failed),
      });
    },
  ],
  [
    "a stopped Qianfan task, stopped where it was",
    async (emulator) => {
      const jobId = await createdQianfanJob(emulator);
      const taskId = await createdTask(emulator, jobId);
      clockOf(emulator).set(START_MS + 8000);
      expect(await qianfanResult(emulator, "StopFineTuningTask", { taskId })).toBe(true);
      clockOf(emulator).set(START_MS + 60_000);
      return async (e) => qianfanAsSeen(e, jobId, taskId);
    },
  ],
  [
    "a deleted Qianfan task and job (siblings kept)",
    async (emulator) => {
      const jobId = await createdQianfanJob(emulator);
      const kept = await createdTask(emulator, jobId);
      const gone = await createdTask(emulator, jobId);
      const goneJob = await createdQianfanJob(emulator, { name: "gone-job" });
      clockOf(emulator).set(START_MS + 12_000);
      await qianfanResult(emulator, "DeleteFineTuningTask", { taskId: gone });
      await qianfanResult(emulator, "DeleteFineTuningJob", { jobId: goneJob });
      return async (e) => ({
        seen: await qianfanAsSeen(e, jobId, kept),
        goneTask: await qianfanCode(e, "DescribeFineTuningTask", { taskId: gone }),
        goneJob: await qianfanCode(e, "DescribeFineTuningTasks", { jobId: goneJob }),
      });
    },
  ],
];

describe("a data directory keeps the whole state across a restart", () => {
  const emulators = useDataDir();

  itServesEachKindAgain(emulators, KINDS);

  it("takes more parts of a pending upload after a restart and completes it", async () => {
    const content = trainingJsonl(40, 30);
    const half = Math.floor(content.length / 2);
    const first = await emulators.start();
    const upload = await createdUpload(first, { bytes: content.length });
    const head = await addedPartId(first, upload.id, content.subarray(0, half));

    const second = await emulators.restart(1000);
    const tail = await addedPartId(second, upload.id, content.subarray(half));
    const res = await completeUpload(second, upload.id, {
      part_ids: [head, tail],
      md5: md5Hex(content),
    });
    expect(res.status).toBe(200);
    const done = await readUpload(res);
    expect(done).toMatchObject({ id: upload.id, status: "completed", bytes: content.length });
    const file = await fileAsSeen(second, done.file?.id ?? "");
    expect(file).toMatchObject({ file: { status: "processed" }, content: content.toString() });
    expect(existsSync(join(emulators.dir(), "parts", upload.id))).toBe(false);
  });

  it("keeps an upload's expiry: one restarted after it expired refuses parts", async () => {
    const first = await emulators.start(START_MS, { uploadExpirySeconds: 60 });
    const upload: UploadObject = await createdUpload(first, { bytes: 10 });
    const part = await addedPartId(first, upload.id, "01234");
    // The second emulator's expiry is the default 7200 s; the upload keeps the 60 s it was given.
    const second = await emulators.restart(61_000);
    const res = await completeUpload(second, upload.id, { part_ids: [part] });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain(`Upload '${upload.id}' is expired`);
  });

  it.each([
    ["at once", 0, "running", undefined],
    ["after the rest of its training time", 10_000, "succeeded", "step,train_loss,"],
  ])(
    "goes on with a running job by the clock when restarted %s (times are the clock's, not uptime)",
    async (_, downMs, status, results) => {
      const first = await emulators.start();
      const job = await newJob(first);
      clockOf(first).set(atOffset(PHASES.running + 1000));
      const second = await emulators.restart(downMs);
      const got = await getJob(second, job.id);
      // The results file was written at create, kept unlisted, and is listed once the job succeeds.
      const resultsId = got.result_files[0];
      const content = resultsId && (await fileAsSeen(second, resultsId)).content;
      expect({ status: got.status, results: content?.slice(0, 16) }).toEqual({ status, results });
    },
  );

  it("checks again a file whose content check had not finished when the emulator closed", async () => {
    const never = () => new Promise<string | undefined>(() => undefined);
    const first = await emulators.start(START_MS, { validateTrainingData: never });
    const file = await readFile(await uploadFile(first, { content: TRAINING }));
    expect(file.status).toBe("pending");
    // Stopped (as close does) and settled, then saved with a later change: not kept as an outcome.
    first.store.stopProcessing();
    expect(await first.store.getFile(file.id)?.validation).toContain("Processing stopped");
    await createdQianfanJob(first);
    const second = await emulators.restart();
    expect((await fileAsSeen(second, file.id)).file).toMatchObject({
      status: "processed",
      status_details: null,
    });
  });

  it("never gives a new object the id of a kept one, and lists old and new together", async () => {
    const make = async (emulator: Emulator) => {
      const files = [await fileWith(emulator, TRAINING), await fileWith(emulator, TRAINING)];
      const upload = (await createdUpload(emulator)).id;
      const job = (await newJob(emulator)).id;
      const qianfanJob = await createdQianfanJob(emulator);
      const task = await createdTask(emulator, qianfanJob);
      return { files, upload, job, qianfanJob, task };
    };
    const first = await emulators.start();
    const before = await make(first);
    const second = await emulators.restart();
    const after = await make(second);

    const ids = (made: typeof before) => [
      ...made.files,
      made.upload,
      made.job,
      made.qianfanJob,
      made.task,
    ];
    const all = [...ids(before), ...ids(after)];
    expect(new Set(all).size).toBe(all.length);
    const listed = await fileIds(second);
    for (const id of [...before.files, ...after.files]) expect(listed).toContain(id);
    const jobs = await jobIds(second);
    expect(jobs.indexOf(after.job)).toBeLessThan(jobs.indexOf(before.job)); // newest first
    const qianfanJobs = await qianfanResult<{ jobList: { jobId: string }[] }>(
      second,
      "DescribeFineTuningJobs",
    );
    expect(qianfanJobs.jobList.map((job) => job.jobId)).toEqual([
      after.qianfanJob,
      before.qianfanJob,
    ]);
  });

  it("has a change on disk before its answer, and removes deleted content before answering", async () => {
    const emulator = await emulators.start();
    const id = await fileWith(emulator, TRAINING);
    const files = () => stateOf(emulators.dir()).stores.azure?.files ?? [];
    expect(files().map((file) => file.id)).toEqual([id]);

    const jobId = await createdQianfanJob(emulator);
    expect(stateOf(emulators.dir()).stores.qianfan?.jobs?.map((job) => job.id)).toEqual([jobId]);

    expect((await azureFetch(emulator, `/openai/files/${id}`, { method: "DELETE" })).status).toBe(
      200,
    );
    expect(files()).toEqual([]);
    expect(existsSync(join(emulators.dir(), "files", id))).toBe(false);
  });

  it("reads a state written before a kind existed: that kind starts empty", async () => {
    const first = await emulators.start();
    const jobId = await createdQianfanJob(first);
    await createdTask(first, jobId);
    await first.close();
    const state = stateOf(emulators.dir());
    delete state.stores.qianfan?.tasks;
    writeFileSync(join(emulators.dir(), "state.json"), JSON.stringify(state));

    const second = await emulators.start();
    const jobs = await qianfanResult<{ jobList: { jobId: string }[] }>(
      second,
      "DescribeFineTuningJobs",
    );
    expect(jobs.jobList.map((job) => job.jobId)).toEqual([jobId]);
    const tasks = await qianfanResult<{ taskList: unknown[] }>(second, "DescribeFineTuningTasks", {
      jobId,
    });
    expect(tasks.taskList).toEqual([]);
  });

  it("removes at start content no object names and a state write that was cut short", async () => {
    const first = await emulators.start();
    const kept = await fileWith(first, TRAINING);
    await first.close();
    const dir = emulators.dir();
    writeFileSync(join(dir, "files", "file-left-by-a-request-that-never-answered"), "x");
    mkdirSync(join(dir, "parts", "upload-gone"), { recursive: true });
    writeFileSync(join(dir, "parts", "upload-gone", "part_gone"), "y");
    writeFileSync(join(dir, "state.json.tmp"), "{ cut sh");

    const second = await emulators.start();
    expect(readdirSync(join(dir, "files"))).toEqual([kept]);
    expect(existsSync(join(dir, "parts", "upload-gone"))).toBe(false);
    expect(existsSync(join(dir, "state.json.tmp"))).toBe(false);
    expect((await fileAsSeen(second, kept)).content).toBe(TRAINING);
  });

  it("keeps the content the state on disk names until a state without it is written (a crash then)", async () => {
    const first = await emulators.start();
    const fileId = await fileWith(first, TRAINING);
    const upload = await createdUpload(first, { bytes: TRAINING.length });
    const part = await addedPartId(first, upload.id, TRAINING);
    const blocker = join(emulators.dir(), "state.json.tmp");
    mkdirSync(blocker); // every save fails from here on
    const deleted = await azureFetch(first, `/openai/files/${fileId}`, { method: "DELETE" });
    expect(deleted.status).toBe(500);
    expect((await completeUpload(first, upload.id, { part_ids: [part] })).status).toBe(500);

    // The emulator dies now: what is on disk is what the next one starts from.
    const crashed = `${emulators.dir()}-crashed`;
    cpSync(emulators.dir(), crashed, { recursive: true });
    rmSync(join(crashed, "state.json.tmp"), { recursive: true });
    rmSync(blocker, { recursive: true });
    const next = await startEmulator({ clock: createManualClock(START_MS), dataDir: crashed });
    try {
      expect((await fileAsSeen(next, fileId)).content).toBe(TRAINING);
      const completed = await completeUpload(next, upload.id, { part_ids: [part] });
      const file = (await readUpload(completed)).file?.id ?? "";
      expect((await fileAsSeen(next, file)).content).toBe(TRAINING);
    } finally {
      await next.close();
    }
  });

  it("answers 500 when the state cannot be saved, and saves the change with the next one", async () => {
    const first = await emulators.start();
    // A directory where the temporary state file goes: every write fails until it is gone.
    const blocker = join(emulators.dir(), "state.json.tmp");
    mkdirSync(blocker);
    const refused = await uploadFile(first, { content: TRAINING });
    expect(refused.status).toBe(500);
    expect(await refused.text()).toContain("could not save its state to its data directory");
    rmSync(blocker, { recursive: true });

    const saved = await readFile(await uploadFile(first, { content: TRAINING }));
    const second = await emulators.restart();
    const listed = await fileIds(second);
    expect(listed).toHaveLength(2);
    expect(listed).toContain(saved.id);
  });
});
