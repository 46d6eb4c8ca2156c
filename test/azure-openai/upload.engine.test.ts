/** Upload through the engine protocol against the emulator: parts, faults, expiry, and nothing left behind. */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { emptyState, StackState } from "../../harness";
import { requestKeys, startTestStack, TestStack } from "../helpers/stack";
import { writeChatFile } from "../helpers/trainingData";

const MiB = 1024 * 1024;
let stack: TestStack;
afterEach(async () => {
  await stack?.close();
});

const env = (args: object) => ({ UPLOAD_ARGS: JSON.stringify(args) });
const up = (args: object, state: StackState = emptyState()) => stack.engine.up(state, env(args));
const count = (key: string) => requestKeys(stack.emulator).filter((k) => k === key).length;
const digest = (algorithm: string, file: string) =>
  createHash(algorithm).update(fs.readFileSync(file)).digest("hex");
const PARTS = "POST /openai/uploads/{id}/parts";
const COMPLETE = "POST /openai/uploads/{id}/complete";

describe("Upload through the engine protocol", () => {
  const source = writeChatFile(3.5 * MiB);
  const size = fs.statSync(source).size;
  const parts = Math.ceil(size / MiB);

  it("sends the file in parts, completes with its MD5, and waits for the file to be processed", async () => {
    stack = await startTestStack({ program: "upload" });
    const result = await up({ source, partSizeMb: 1, concurrency: 2 });

    expect(result.errors).toEqual([]);
    expect(count(PARTS)).toBe(parts);
    expect(result.outputs).toMatchObject({
      status: "completed",
      fileStatus: "processed",
      bytes: size,
      md5: digest("md5", source),
      contentSha256: digest("sha256", source),
    });
    const files = stack.emulator.store.listFiles();
    expect(files.map((f) => f.id)).toEqual([result.outputs.fileId]);
    expect(
      Buffer.compare(stack.emulator.store.readFileContent(files[0]!.id), fs.readFileSync(source)),
    ).toBe(0);
    expect(stack.host.logs.join("\n")).toMatch(
      new RegExp(`Upload upload-\\w+: ${parts}/${parts} parts \\(100%\\)`),
    );
  });

  it("changes nothing on a second up, replaces on a content change, forgets on refresh after remote deletion, and destroys", async () => {
    stack = await startTestStack({ program: "upload" });
    const first = await up({ source, partSizeMb: 1 });
    const requests = stack.emulator.requests.length;
    const same = await up({ source, partSizeMb: 2, concurrency: 3 }, first.state);
    expect(same.steps.map((s) => s.op)).toEqual(["update"]);
    expect(stack.emulator.requests.length).toBe(requests);

    const changed = writeChatFile(1.2 * MiB, "train.jsonl", "other");
    const replaced = await up({ source: changed, partSizeMb: 1 }, same.state);
    expect(replaced.steps.map((s) => [s.op, s.detail])).toEqual([["replace", "contentSha256"]]);
    expect(stack.emulator.store.listFiles().map((f) => f.id)).toEqual([replaced.outputs.fileId]);

    stack.emulator.store.deleteFile(replaced.outputs.fileId as string);
    const refreshed = await stack.engine.refresh(replaced.state);
    expect(refreshed.state.resources).toEqual([]);
    const destroyed = await stack.engine.destroy(replaced.state);
    expect(destroyed.errors).toEqual([]);
  });

  it("re-sends only the parts that failed", async () => {
    stack = await startTestStack({
      program: "upload",
      emulator: { faults: [{ route: PARTS, status: 503, retryAfterMs: 10, times: 2 }] },
    });
    const result = await up({ source, partSizeMb: 1, concurrency: 1 });

    expect(result.errors).toEqual([]);
    expect(count(PARTS)).toBe(parts + 2);
    expect(stack.emulator.store.listFiles()).toHaveLength(1);
  });

  it.each([
    ["throttled", { status: 429, retryAfterMs: 10, times: 1 }],
    ["answered 500 after completing", { status: 500, after: true, times: 1 }],
    ["dropped after completing", { drop: true, after: true, times: 1 }],
  ])("creates exactly one file when complete is %s", async (_name, fault) => {
    stack = await startTestStack({
      program: "upload",
      emulator: { faults: [{ route: COMPLETE, ...fault }] },
    });
    const result = await up({ source, partSizeMb: 1 });

    expect(result.errors).toEqual([]);
    expect(stack.emulator.store.listFiles().map((f) => f.id)).toEqual([result.outputs.fileId]);
  });

  it("cancels the upload and leaves no file when a part keeps failing", async () => {
    stack = await startTestStack({
      program: "upload",
      emulator: { faults: [{ route: PARTS, drop: true, times: Infinity }] },
    });
    const result = await up({ source, partSizeMb: 1 });

    expect(result.errors.join("\n")).toMatch(
      /add part \d of \d to upload: could not reach the Azure OpenAI endpoint/,
    );
    expect(stack.emulator.store.listFiles()).toEqual([]);
    expect(stack.emulator.store.listUploads().map((u) => u.status)).toEqual(["cancelled"]);
    expect(stack.host.logs.join("\n")).toContain(
      "cancelled after the failure, so nothing stays pending",
    );
  });

  it("reports a refused upload create, and its provider goes on to the next create", async () => {
    // The file's hashing starts before the upload is created, and is stopped when the create is refused.
    stack = await startTestStack({
      program: "upload",
      emulator: { faults: [{ route: "POST /openai/uploads", status: 400, times: 1 }] },
    });
    const refused = await up({ source, partSizeMb: 1 });
    expect(refused.errors.join("\n")).toMatch(/create upload/);

    const result = await up({ source, partSizeMb: 1 });
    expect(result.errors).toEqual([]);
    expect(stack.emulator.store.listFiles().map((f) => f.id)).toEqual([result.outputs.fileId]);
  });

  it("fails early, and cancels, when the upload cannot finish before it expires", async () => {
    stack = await startTestStack({
      program: "upload",
      emulator: { uploadExpirySeconds: 61, routeLatencyMs: { [PARTS]: 400 } },
    });
    const result = await up({ source, partSizeMb: 1, concurrency: 1 });

    expect(result.errors.join("\n")).toMatch(
      /cannot finish before it expires at .*It was cancelled; raise `concurrency`/,
    );
    expect(stack.emulator.store.listUploads().map((u) => u.status)).toEqual(["cancelled"]);
    expect(stack.emulator.store.listFiles()).toEqual([]);
  });

  it.each([
    [{ source, partSizeMb: 100 }, "partSizeMb: must be a number from 1 to 64 (got 100)"],
    [{ source, concurrency: 0 }, "concurrency: must be a whole number from 1 to 16 (got 0)"],
    [{ content: "{}" }, "content: Upload sends a local file; give `source`"],
    [
      { source: "/nonexistent/train.jsonl" },
      'source: cannot read "/nonexistent/train.jsonl" (ENOENT)',
    ],
    [{ source, mimeType: "jsonl" }, "mimeType: must be a MIME type such as text/jsonl"],
  ])("refuses %j at preview, naming the field", async (args, message) => {
    stack = await startTestStack({ program: "upload" });
    const preview = await stack.engine.preview(emptyState(), env(args));
    expect(preview.errors.join("\n")).toContain(message);
    expect(stack.emulator.requests).toHaveLength(0);
  });
});
