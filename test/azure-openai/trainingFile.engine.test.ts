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

const TYPE = "pulumi-nodejs:dynamic/azure-openai:TrainingFile";
const chatLine = (q: string) =>
  JSON.stringify({ messages: [{ role: "user", content: q }, { role: "assistant", content: `answer to ${q}` }] });
const GOOD = [chatLine("a"), chatLine("b")].join("\n") + "\n";

let stack: TestStack;
const args = (value: object) => ({ TRAINING_FILE_ARGS: JSON.stringify(value) });

afterEach(async () => {
  await stack?.close();
});

async function upWith(inputs: object, state: StackState = emptyState()) {
  const engine = stack.engine as unknown as { options: { env?: Record<string, string> } };
  engine.options.env = args(inputs);
  return stack.engine.up(state);
}

describe("TrainingFile through the engine protocol", () => {
  it("creates the file remotely, waits until processed, and stores only a require() as its provider", async () => {
    stack = await startTestStack({ program: "trainingFile", hostEnv: { AZURE_OPENAI_API_KEY: "env-key-should-not-leak" } });
    const result = await upWith({ content: GOOD, filename: "chat.jsonl" });

    expect(result.errors).toEqual([]);
    const remote = stack.emulator.store.listFiles();
    expect(remote).toHaveLength(1);
    expect(result.outputs).toMatchObject({ fileId: remote[0]!.id, status: "processed", filename: "chat.jsonl" });
    expect(result.outputs.bytes).toBe(Buffer.byteLength(GOOD));

    const [resource] = result.state.resources;
    expect(resource!.type).toBe(TYPE);
    const provider = resource!.outputs.__provider as string;
    expect(provider).toContain('require("pulumi-finetune/azure-openai/hooks/trainingFile")');
    expect(Buffer.byteLength(provider)).toBeLessThanOrEqual(1024);
    const persisted = JSON.stringify(result.state) + JSON.stringify(result.outputs) + stack.host.logs.join("\n");
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
    expect(second.state.resources[0]!.outputs).toMatchObject({ fileId: first.outputs.fileId, processingTimeoutSeconds: 60 });
  });

  it("previews with no HTTP request, and reports bad input by field name", async () => {
    stack = await startTestStack({ program: "trainingFile" });
    const engine = stack.engine as unknown as { options: { env?: Record<string, string> } };
    engine.options.env = args({ content: GOOD });
    const preview = await stack.engine.preview(emptyState());
    expect(preview.steps.map((s) => s.op)).toEqual(["create"]);

    engine.options.env = args({ purpose: "training" });
    const bad = await stack.engine.preview(emptyState());
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
    expect(ok.outputs.filename).toBe("train.jsonl");
    expect(stack.emulator.store.getFile(ok.outputs.fileId as string)?.content.toString()).toBe(GOOD);

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
    const result = await upWith({ content: chatLine("a") + "\n{not json\n" });

    expect(result.errors.join("\n")).toMatch(/ended in status "error": .*line 2\b/i);
    expect(stack.emulator.store.listFiles()).toEqual([]);
    expect(result.state.resources).toEqual([]);
  });

  it("retries a throttled upload and creates exactly one file", async () => {
    stack = await startTestStack({
      program: "trainingFile",
      emulator: { faults: [{ route: "POST /openai/files", status: 429, retryAfterMs: 20, times: 2 }] },
    });
    const result = await upWith({ content: GOOD });

    expect(result.errors).toEqual([]);
    expect(stack.emulator.store.listFiles()).toHaveLength(1);
    expect(requestKeys(stack.emulator).filter((k) => k === "POST /openai/files")).toHaveLength(3);
    expect(stack.host.logs.join("\n")).toContain("POST /openai/files got HTTP 429; retrying");
  });

  it("fails with an error naming where the key comes from, and never the key, when the key is wrong", async () => {
    stack = await startTestStack({ program: "trainingFile", config: { "azure-openai:apiKey": "wrong-key-123456" } });
    const result = await upWith({ content: GOOD });

    const text = result.errors.join("\n");
    expect(text).toContain("401 unauthorized");
    expect(text).toContain("azure-openai:apiKey");
    expect(text + stack.host.logs.join("\n")).not.toContain("wrong-key-123456");
    expect(stack.emulator.store.listFiles()).toEqual([]);
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
    const second = stack.emulator.store.getFile(up.outputs.secondId as string);
    expect(second?.content.toString()).toContain(`after ${up.outputs.firstId as string}`);

    const destroyed = await stack.engine.destroy(up.state);
    expect(destroyed.steps.map((s) => s.name)).toEqual(["second", "first"]);
    expect(stack.emulator.store.listFiles()).toEqual([]);
  });
});
