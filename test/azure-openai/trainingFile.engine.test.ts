/**
 * TrainingFile through the engine protocol: the SDK's dynamic-provider host runs the hooks that `pulumi up`
 * would run, against the emulator.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_AZURE_API_KEY } from "../../emulator";
import { emptyState, StackState } from "../../harness";
import { requestKeys, startTestStack, TestStack } from "../helpers/stack";
import { writeChatFile } from "../helpers/trainingData";

const TYPE = "pulumi-nodejs:dynamic/azure-openai:TrainingFile";
const chatLine = (q: string) =>
  JSON.stringify({
    messages: [
      { role: "user", content: q },
      { role: "assistant", content: `answer to ${q}` },
    ],
  });
const GOOD = [chatLine("a"), chatLine("b")].join("\n") + "\n";

let stack: TestStack;
const args = (value: object) => ({ TRAINING_FILE_ARGS: JSON.stringify(value) });

afterEach(async () => {
  await stack?.close();
});

function upWith(inputs: object, state: StackState = emptyState()) {
  return stack.engine.up(state, args(inputs));
}

describe("TrainingFile through the engine protocol", () => {
  it("creates the file remotely, waits until processed, and stores only a require() as its provider", async () => {
    stack = await startTestStack({
      program: "trainingFile",
      hostEnv: { AZURE_OPENAI_API_KEY: "env-key-should-not-leak" },
    });
    const result = await upWith({ content: GOOD, filename: "chat.jsonl" });

    expect(result.errors).toEqual([]);
    const remote = stack.emulator.store.listFiles();
    expect(remote).toHaveLength(1);
    expect(result.outputs).toMatchObject({
      fileId: remote[0]!.id,
      status: "processed",
      filename: expect.stringMatching(
        /^pulumi-finetune\.[0-9a-f]{8}_[0-9a-f]{12}_[0-9a-f]{8}\.chat\.jsonl$/,
      ),
    });
    expect(result.outputs.bytes).toBe(Buffer.byteLength(GOOD));

    const [resource] = result.state.resources;
    expect(resource!.type).toBe(TYPE);
    const provider = resource!.outputs.__provider as string;
    expect(provider).toContain('require("pulumi-finetune/azure-openai/hooks/trainingFile")');
    expect(Buffer.byteLength(provider)).toBeLessThanOrEqual(1024);
    const persisted =
      JSON.stringify(result.state) + JSON.stringify(result.outputs) + stack.host.logs.join("\n");
    expect(persisted).not.toContain(DEFAULT_AZURE_API_KEY);
    expect(persisted).not.toContain("env-key-should-not-leak");
  });

  it("changes nothing on a second up with the same inputs", async () => {
    stack = await startTestStack({ program: "trainingFile" });
    const first = await upWith({ content: GOOD });
    const before = requestKeys(stack.emulator).length;
    const second = await upWith({ content: GOOD }, first.state);

    expect(second.steps.map((s) => s.op)).toEqual(["same"]);
    expect(requestKeys(stack.emulator).slice(before)).toEqual([]);
    expect(second.outputs.fileId).toBe(first.outputs.fileId);
  });

  it("replaces the remote file when the content changes, deleting the old one", async () => {
    stack = await startTestStack({ program: "trainingFile" });
    const first = await upWith({ content: GOOD });
    const second = await upWith({ content: GOOD + chatLine("c") + "\n" }, first.state);

    expect(second.steps.map((s) => [s.op, s.detail])).toEqual([["replace", "contentSha256"]]);
    expect(stack.emulator.store.listFiles().map((f) => f.id)).toEqual([second.outputs.fileId]);
    expect(second.outputs.fileId).not.toBe(first.outputs.fileId);
  });

  it("updates without a request when only waiting settings change", async () => {
    stack = await startTestStack({ program: "trainingFile" });
    const first = await upWith({ content: GOOD });
    const before = requestKeys(stack.emulator).length;
    const second = await upWith({ content: GOOD, processingTimeoutSeconds: 60 }, first.state);

    expect(second.steps.map((s) => s.op)).toEqual(["update"]);
    expect(requestKeys(stack.emulator).slice(before)).toEqual([]);
    expect(second.state.resources[0]!.outputs).toMatchObject({
      fileId: first.outputs.fileId,
      processingTimeoutSeconds: 60,
    });
  });

  it("previews with no HTTP request, and reports bad input by field name", async () => {
    stack = await startTestStack({ program: "trainingFile" });
    const preview = await stack.engine.preview(emptyState(), args({ content: GOOD }));
    expect(preview.steps.map((s) => s.op)).toEqual(["create"]);

    const bad = await stack.engine.preview(emptyState(), args({ purpose: "training" }));
    expect(bad.errors.join("\n")).toContain("source: give exactly one of `source`");
    expect(bad.errors.join("\n")).toContain('purpose: "training" is not a file purpose');
    expect(stack.emulator.requests).toHaveLength(0);
  });

  it("uploads a local file named by source, and fails at check when it does not exist", async () => {
    stack = await startTestStack({ program: "trainingFile" });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-"));
    const file = path.join(dir, "train.jsonl");
    fs.writeFileSync(file, GOOD);
    const ok = await upWith({ source: file });
    expect(ok.errors).toEqual([]);
    expect(ok.outputs.filename).toMatch(/^pulumi-finetune\.[0-9a-f_]{30}\.train\.jsonl$/);
    expect(stack.emulator.store.readFileContent(ok.outputs.fileId as string).toString()).toBe(GOOD);

    const missing = await upWith({ source: path.join(dir, "nope.jsonl") });
    expect(missing.errors.join("\n")).toMatch(/source: cannot read ".*nope\.jsonl" \(ENOENT\)/);
  });

  it("forgets the resource on refresh when the file was deleted remotely", async () => {
    stack = await startTestStack({ program: "trainingFile" });
    const up = await upWith({ content: GOOD });
    stack.emulator.store.deleteFile(up.outputs.fileId as string);

    const refreshed = await stack.engine.refresh(up.state);
    expect(refreshed.steps.map((s) => s.op)).toEqual(["forget"]);
    expect(refreshed.state.resources).toEqual([]);
  });

  it("shows a remote change as drift on refresh, and replaces on the next up", async () => {
    stack = await startTestStack({ program: "trainingFile" });
    const up = await upWith({ content: GOOD, filename: "chat.jsonl" });
    (stack.emulator.store.getFile(up.outputs.fileId as string) as { filename: string }).filename =
      "renamed.jsonl";

    const refreshed = await stack.engine.refresh(up.state);
    expect(refreshed.steps.map((s) => s.op)).toEqual(["refresh"]);
    expect(refreshed.state.resources[0]!.outputs.filename).toBe("renamed.jsonl");
    const next = await upWith({ content: GOOD, filename: "chat.jsonl" }, refreshed.state);
    expect(next.steps.map((s) => [s.op, s.detail])).toEqual([["replace", "filename"]]);
  });

  it("explains, and keeps the resource, when the service refuses to delete a file in use", async () => {
    stack = await startTestStack({ program: "trainingFile" });
    const up = await upWith({ content: GOOD });
    stack.emulator.faults.add({ route: "DELETE /openai/files/{id}", status: 409, times: 1 });

    const destroyed = await stack.engine.destroy(up.state);
    expect(destroyed.errors.join("\n")).toMatch(
      /cannot be deleted while it is in use .*so these are not in this stack's state: cancel and delete them/,
    );
    expect(destroyed.state.resources).toHaveLength(1);
    expect(stack.emulator.store.listFiles()).toHaveLength(1);
  });

  it("destroys cleanly when the file is already gone remotely (404 is success)", async () => {
    stack = await startTestStack({ program: "trainingFile" });
    const up = await upWith({ content: GOOD });
    stack.emulator.store.deleteFile(up.outputs.fileId as string);

    const destroyed = await stack.engine.destroy(up.state);
    expect(destroyed.errors).toEqual([]);
    expect(destroyed.state.resources).toEqual([]);
  });

  it("deletes the remote file and reports the service's reason when processing ends in error", async () => {
    stack = await startTestStack({ program: "trainingFile" });
    const result = await upWith({
      content: chatLine("a") + "\n{not json\n",
      validateContent: false,
    });

    expect(result.errors.join("\n")).toMatch(/ended in status "error": .*line 2\b/i);
    expect(stack.emulator.store.listFiles()).toEqual([]);
    expect(result.state.resources).toEqual([]);
  });

  it("retries a throttled upload and creates exactly one file", async () => {
    stack = await startTestStack({
      program: "trainingFile",
      emulator: {
        faults: [{ route: "POST /openai/files", status: 429, retryAfterMs: 20, times: 2 }],
      },
    });
    const result = await upWith({ content: GOOD });

    expect(result.errors).toEqual([]);
    expect(stack.emulator.store.listFiles()).toHaveLength(1);
    expect(requestKeys(stack.emulator).filter((k) => k === "POST /openai/files")).toHaveLength(3);
    expect(stack.host.logs.join("\n")).toContain("POST /openai/files got HTTP 429; retrying");
  });

  it("fails with an error naming where the key comes from, and never the key, when the key is wrong", async () => {
    stack = await startTestStack({
      program: "trainingFile",
      config: { "azure-openai:apiKey": "wrong-key-123456" },
    });
    const result = await upWith({ content: GOOD });

    const text = result.errors.join("\n");
    expect(text).toContain("401 unauthorized");
    expect(text).toContain("azure-openai:apiKey");
    expect(text + stack.host.logs.join("\n")).not.toContain("wrong-key-123456");
    expect(stack.emulator.store.listFiles()).toEqual([]);
  });
});

it("refuses invalid training data at preview, naming the line, before any request", async () => {
  stack = await startTestStack({ program: "trainingFile" });
  const preview = await stack.engine.preview(
    emptyState(),
    args({ content: chatLine("a") + "\n{not json\n" }),
  );

  expect(preview.errors.join("\n")).toContain("content: inline content line 2: is not valid JSON");
  expect(stack.emulator.requests).toHaveLength(0);
});

describe("TrainingFile creates that are safe to retry, adoption, and large files", () => {
  it.each([
    ["answered 500 after creating the file", { status: 500, after: true }],
    ["dropped after creating the file", { drop: true, after: true }],
    ["answered 503 before creating anything", { status: 503 }],
  ])("leaves exactly one file when the upload is %s", async (_name, fault) => {
    stack = await startTestStack({
      program: "trainingFile",
      emulator: { faults: [{ route: "POST /openai/files", times: 1, ...fault }] },
    });
    const result = await upWith({ content: GOOD });

    expect(result.errors).toEqual([]);
    expect(stack.emulator.store.listFiles().map((f) => f.id)).toEqual([result.outputs.fileId]);
  });

  it("adopts an existing file instead of uploading, and owns it from then on", async () => {
    stack = await startTestStack({ program: "trainingFile" });
    const existing = await stack.emulator.store.createFile({
      filename: "old.jsonl",
      purpose: "fine-tune",
      content: Buffer.from(GOOD),
    });
    const result = await upWith({
      content: GOOD,
      filename: "old.jsonl",
      adoptExistingId: existing.id,
    });

    expect(result.errors).toEqual([]);
    expect(result.outputs.fileId).toBe(existing.id);
    expect(requestKeys(stack.emulator)).not.toContain("POST /openai/files");
    expect(stack.host.logs.join("\n")).toContain(`adopted existing file ${existing.id}`);

    await stack.engine.destroy(result.state);
    expect(stack.emulator.store.listFiles()).toEqual([]);
  });

  it.each([
    [
      { adoptExistingId: "file-doesnotexist" },
      "adoptExistingId: no file file-doesnotexist exists at this endpoint",
    ],
    [
      { adoptExistingId: "EXISTING", purpose: "assistants" },
      'has purpose "fine-tune", but purpose is "assistants"',
    ],
  ])("refuses to adopt %j", async (extra, message) => {
    stack = await startTestStack({ program: "trainingFile" });
    const existing = await stack.emulator.store.createFile({
      filename: "x.jsonl",
      purpose: "fine-tune",
      content: Buffer.from(GOOD),
    });
    const adopt = {
      ...extra,
      adoptExistingId: extra.adoptExistingId.replace("EXISTING", existing.id),
    };
    const result = await upWith({ content: GOOD, ...adopt });
    expect(result.errors.join("\n")).toContain(message);
    expect(stack.emulator.store.listFiles().map((f) => f.id)).toEqual([existing.id]);
  });

  it("sends a file over 100 MiB through the Uploads API by itself", async () => {
    stack = await startTestStack({ program: "trainingFile" });
    const source = writeChatFile(101 * 1024 * 1024);
    const result = await upWith({ source });

    expect(result.errors).toEqual([]);
    expect(requestKeys(stack.emulator)).toEqual(
      expect.arrayContaining(["POST /openai/uploads", "POST /openai/uploads/{id}/complete"]),
    );
    expect(requestKeys(stack.emulator)).not.toContain("POST /openai/files");
    expect(result.outputs.bytes).toBe(fs.statSync(source).size);
    fs.rmSync(source);
  });
});

describe("a program whose inputs flow from one resource to the next", () => {
  it("previews with unknown inputs and no HTTP request, then creates both in order", async () => {
    stack = await startTestStack({ program: "chained" });
    const preview = await stack.engine.preview(emptyState());
    expect(preview.errors).toEqual([]);
    expect(preview.steps.map((s) => [s.op, s.name])).toEqual([
      ["create", "first"],
      ["create", "second"],
    ]);
    expect(stack.emulator.requests).toHaveLength(0);

    const up = await stack.engine.up(emptyState());
    expect(up.errors).toEqual([]);
    const second = stack.emulator.store.readFileContent(up.outputs.secondId as string);
    expect(second.toString()).toContain(`after ${up.outputs.firstId as string}`);

    const destroyed = await stack.engine.destroy(up.state);
    expect(destroyed.steps.map((s) => s.name)).toEqual(["second", "first"]);
    expect(stack.emulator.store.listFiles()).toEqual([]);
  });
});
