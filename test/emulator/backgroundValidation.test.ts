import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import {
  createManualClock,
  findTrainingDataErrorIn,
  MemoryContent,
  Store,
  type TrainingDataValidator,
} from "../../emulator";
import {
  azureFetch,
  CHAT_LINE,
  manualClock,
  readFile,
  readFileList,
  START_MS,
  uploadedFile,
  uploadFile,
  useEmulator,
} from "./helpers";
import {
  addedPartId,
  completeUpload,
  createdUpload,
  md5Hex,
  readUpload,
  splitBytes,
  trainingJsonl,
} from "./uploadHelpers";

const PROCESSING_MS = 2000;

/** A validator that waits until the test opens it, then checks the content as usual. */
function gatedValidator() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const started = jest.fn();
  const validate: TrainingDataValidator = async (chunks) => {
    started();
    await opened;
    return findTrainingDataErrorIn(chunks);
  };
  return { validate, open, started };
}

/** Whether `promise` has settled, after letting already-queued work run. */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  const pending = Symbol("pending");
  await nextTurn();
  return (await Promise.race([promise, Promise.resolve(pending)])) !== pending;
}

// Jest fails the running test on an unhandled rejection, so the delete tests below also check that
// an abandoned validation never leaves one: each waits a turn after the validator gives up.

describe("background training-data validation", () => {
  let validate: TrainingDataValidator = findTrainingDataErrorIn;
  afterEach(() => {
    validate = findTrainingDataErrorIn;
  });
  const emulator = useEmulator({
    processingMs: PROCESSING_MS,
    validateTrainingData: (chunks) => validate(chunks),
  });
  const getFile = async (id: string) =>
    readFile(await azureFetch(emulator(), `/openai/files/${id}`));

  it("answers an upload before validating it; reads while processing never wait", async () => {
    const gate = gatedValidator();
    validate = gate.validate;
    const bad = `${CHAT_LINE}\n{oops}\n`;
    const file = await uploadedFile(uploadFile(emulator(), { content: bad }));
    expect(file).toMatchObject({ status: "pending", status_details: null });
    const stored = emulator().store.getFile(file.id);
    expect(gate.started).toHaveBeenCalled();
    expect(await isSettled(stored?.validation ?? Promise.resolve())).toBe(false);

    // Still processing by the clock: answers without waiting for the (blocked) validation.
    expect(await getFile(file.id)).toMatchObject({ status: "pending" });
    manualClock(emulator()).advance(PROCESSING_MS / 2);
    expect(await getFile(file.id)).toMatchObject({ status: "running" });
    const listed = await readFileList(await azureFetch(emulator(), "/openai/files"));
    expect(listed.data.map((f) => f.status)).toEqual(["running"]);

    // Processing is over by the clock: the GET waits for the outcome.
    manualClock(emulator()).advance(PROCESSING_MS / 2);
    const final = getFile(file.id);
    expect(await isSettled(final)).toBe(false);
    gate.open();
    expect(await final).toMatchObject({
      status: "error",
      status_details: "Line 2: not valid JSON.",
    });
  });

  it("answers a complete before validating the joined file", async () => {
    const gate = gatedValidator();
    validate = gate.validate;
    const content = trainingJsonl(20);
    const upload = await createdUpload(emulator(), { bytes: content.length });
    const part_ids: string[] = [];
    for (const piece of splitBytes(content, 3)) {
      part_ids.push(await addedPartId(emulator(), upload.id, piece));
    }
    const res = await completeUpload(emulator(), upload.id, { part_ids, md5: md5Hex(content) });
    expect(res.status).toBe(200);
    const { status, file } = await readUpload(res);
    expect(status).toBe("completed");
    expect(file).toMatchObject({ status: "pending", bytes: content.length });
    const stored = emulator().store.getFile(file?.id ?? "");
    expect(await isSettled(stored?.validation ?? Promise.resolve())).toBe(false);

    manualClock(emulator()).advance(PROCESSING_MS);
    const final = getFile(file?.id ?? "");
    gate.open();
    expect(await final).toMatchObject({ status: "processed", status_details: null });
  });

  it("answers a large invalid upload pending at once, with the real validator", async () => {
    // About 8 MB of valid lines, then one bad one at the very end.
    const content = Buffer.concat([trainingJsonl(20_000, 150), Buffer.from("{oops}\n")]);
    const file = await uploadedFile(uploadFile(emulator(), { content: content.toString() }));
    expect(file).toMatchObject({ status: "pending", status_details: null, bytes: content.length });

    manualClock(emulator()).advance(PROCESSING_MS);
    expect(await getFile(file.id)).toMatchObject({
      status: "error",
      status_details: "Line 20001: not valid JSON.",
    });
  });

  it("shows the final status on the first GET after the clock passes processingMs", async () => {
    // A validation that takes real time, longer than the requests around it.
    validate = async (chunks) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return findTrainingDataErrorIn(chunks);
    };
    const good = await uploadedFile(uploadFile(emulator()));
    const bad = await uploadedFile(uploadFile(emulator(), { content: "{oops}" }));
    manualClock(emulator()).advance(PROCESSING_MS);
    expect(await getFile(good.id)).toMatchObject({ status: "processed", status_details: null });
    expect(await getFile(bad.id)).toMatchObject({
      status: "error",
      status_details: "Line 1: not valid JSON.",
    });

    const third = await uploadedFile(uploadFile(emulator(), { content: "[1]" }));
    manualClock(emulator()).advance(PROCESSING_MS);
    const listed = await readFileList(await azureFetch(emulator(), "/openai/files"));
    expect(listed.data.map((f) => [f.id, f.status])).toEqual([
      [good.id, "processed"],
      [bad.id, "error"],
      [third.id, "error"],
    ]);
  });

  it("deletes a file whose validation is still running, cleanly", async () => {
    const gate = gatedValidator();
    validate = gate.validate;
    const file = await uploadedFile(uploadFile(emulator()));
    const stored = emulator().store.getFile(file.id);
    await nextTurn();
    expect(gate.started).toHaveBeenCalled();

    const res = await azureFetch(emulator(), `/openai/files/${file.id}`, { method: "DELETE" });
    expect(res.status).toBe(200);
    // The blocked validation is abandoned at once; its stream is closed and it never rejects.
    await expect(stored?.validation).resolves.toBeUndefined();
    gate.open();
    await nextTurn();
    expect((await azureFetch(emulator(), `/openai/files/${file.id}`)).status).toBe(404);
  });

  it("swallows a validator's failure after the file is deleted", async () => {
    let fail: (error: Error) => void = () => undefined;
    validate = () =>
      new Promise((_, reject) => {
        fail = reject;
      });
    const file = await uploadedFile(uploadFile(emulator()));
    const stored = emulator().store.getFile(file.id);
    await nextTurn();
    expect(emulator().store.deleteFile(file.id)).toBe(true);
    fail(new Error("content vanished"));
    await expect(stored?.validation).resolves.toBeUndefined();
    await nextTurn();
  });

  it("ends in error, not a crash, when the validator fails on a file still there", async () => {
    validate = async () => {
      throw new Error("disk on fire");
    };
    const file = await uploadedFile(uploadFile(emulator()));
    manualClock(emulator()).advance(PROCESSING_MS);
    expect(await getFile(file.id)).toMatchObject({
      status: "error",
      status_details: "Processing failed: the file's content could not be checked.",
    });
  });

  it("stops running validations when the emulator closes", async () => {
    const gate = gatedValidator();
    validate = gate.validate;
    const file = await uploadedFile(uploadFile(emulator()));
    const stored = emulator().store.getFile(file.id);
    await emulator().close();
    await expect(stored?.validation).resolves.toBe("Processing stopped: the emulator closed.");
    gate.open();
    await nextTurn();
  });

  it("reports a settled outcome without waiting when processingMs is 0", async () => {
    const store = new Store({ clock: createManualClock(START_MS), processingMs: 0 });
    const file = await store.createFile({
      filename: "t.jsonl",
      purpose: "fine-tune",
      content: Buffer.from("{oops}"),
    });
    // The create answers use wait: false; the check has not even started yet.
    expect(await store.fileState(file, { wait: false })).toEqual({
      status: "pending",
      statusDetails: null,
    });
    const want = { status: "error", statusDetails: "Line 1: not valid JSON." };
    expect(await store.fileState(file)).toEqual(want);
    expect(await store.fileState(file, { wait: false })).toEqual(want);
  });
});

describe("background validation on disk (dataDir)", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "emulator-validation-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const emulator = useEmulator({ dataDir, processingMs: PROCESSING_MS });

  it.each([
    ["as soon as the upload answers", 0],
    ["a few turns later, while the validation reads it", 3],
  ])("deletes a large file %s without breaking anything", async (_, turns) => {
    const content = trainingJsonl(20_000, 150).toString();
    const file = await uploadedFile(uploadFile(emulator(), { content }));
    const stored = emulator().store.getFile(file.id);
    for (let i = 0; i < turns; i += 1) await nextTurn();
    expect(await isSettled(stored?.validation ?? Promise.resolve())).toBe(false);

    const res = await azureFetch(emulator(), `/openai/files/${file.id}`, { method: "DELETE" });
    expect(res.status).toBe(200);
    expect(existsSync(join(dataDir, "files", file.id))).toBe(false);
    await expect(stored?.validation).resolves.toBeUndefined();
    // The emulator still serves, and still validates other files.
    const next = await uploadedFile(uploadFile(emulator(), { content: "{oops}" }));
    manualClock(emulator()).advance(PROCESSING_MS);
    const got = await readFile(await azureFetch(emulator(), `/openai/files/${next.id}`));
    expect(got).toMatchObject({ status: "error", status_details: "Line 1: not valid JSON." });
  });
});

describe("MemoryContent.concat", () => {
  it("keeps the sources' buffers in order, without copying, and drops the sources", async () => {
    const content = new MemoryContent();
    const first = Buffer.from("abc");
    const second = Buffer.from("defgh");
    await content.put("parts/u/2", second);
    await content.put("parts/u/1", first);
    expect(await content.concat("files/f", ["parts/u/1", "parts/u/2"])).toBe(8);
    expect(() => content.read("parts/u/1")).toThrow("No content");
    const streamed: Buffer[] = [];
    for await (const chunk of content.stream("files/f")) streamed.push(chunk as Buffer);
    expect(streamed.length).toBe(2);
    expect(streamed[0]).toBe(first);
    expect(streamed[1]).toBe(second);
    expect(content.read("files/f").toString()).toBe("abcdefgh");
  });
});
