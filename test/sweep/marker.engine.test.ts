/**
 * The sweep marker end to end: a CI stack with a sweep tag uploads marked files, an aborted run leaves them behind,
 * and the sweep removes them; stacks without the tag are not marked.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_AZURE_API_KEY } from "../../emulator";
import { emptyState } from "../../harness";
import { main as sweepCommand } from "../../provider/sweep/cli";
import { requestKeys, startTestStack, TestStack } from "../helpers/stack";

const chatLine = (q: string) =>
  JSON.stringify({
    messages: [
      { role: "user", content: q },
      { role: "assistant", content: `answer to ${q}` },
    ],
  });
const GOOD = [chatLine("a"), chatLine("b")].join("\n") + "\n";

let stack: TestStack;
afterEach(async () => {
  jest.restoreAllMocks();
  await stack?.close();
});

describe("sweep marker through the engine protocol", () => {
  it("names a TrainingFile's remote file with the stack's tag, keeps the user's name as the input, and changes nothing on a second up", async () => {
    stack = await startTestStack({
      program: "trainingFile",
      config: { "azure-openai:sweepTag": "ci" },
    });
    const args = { TRAINING_FILE_ARGS: JSON.stringify({ content: GOOD, filename: "chat.jsonl" }) };
    const first = await stack.engine.up(emptyState(), args);
    expect(first.errors).toEqual([]);
    // The tag first, then the resource's marker (core/identity.ts), then the name given.
    const marked = /^pulumi-finetune\.ci\.[0-9a-f]{8}_[0-9a-f]{12}_[0-9a-f]{8}\.chat\.jsonl$/;
    expect(stack.emulator.store.listFiles().map((f) => f.filename)).toEqual([
      expect.stringMatching(marked),
    ]);
    expect(first.outputs.filename).toMatch(marked);

    const before = requestKeys(stack.emulator).length;
    const second = await stack.engine.up(first.state, args);
    expect(second.steps.map((s) => s.op)).toEqual(["same"]);
    expect(requestKeys(stack.emulator).slice(before)).toEqual([]);
  });

  it("marks the file an Upload completes into, and the sweep removes what an aborted run left", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sweep-upload-"));
    const source = path.join(dir, "big.jsonl");
    fs.writeFileSync(source, GOOD.repeat(50));
    stack = await startTestStack({
      program: "upload",
      hostEnv: { PULUMI_FINETUNE_SWEEP_TAG: "nightly" },
    });
    const up = await stack.engine.up(emptyState(), {
      UPLOAD_ARGS: JSON.stringify({ source, partSizeMb: 1 }),
    });
    expect(up.errors).toEqual([]);
    expect(stack.emulator.store.listFiles().map((f) => f.filename)).toEqual([
      expect.stringMatching(/^pulumi-finetune\.nightly\.[0-9a-f_]{30}\.big\.jsonl$/),
    ]);

    // The run is aborted before `pulumi destroy`; CI cleans up after it.
    const out: string[] = [];
    jest.spyOn(console, "log").mockImplementation((line: string) => void out.push(line));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const env = {
      AZURE_OPENAI_ENDPOINT: stack.emulator.url,
      AZURE_OPENAI_API_KEY: DEFAULT_AZURE_API_KEY,
    };
    expect(await sweepCommand(["--tag", "nightly", "--older-than", "1s", "--delete"], env)).toBe(0);
    expect(out.join("\n")).toContain("Sweep done: 1 deleted, 0 failed.");
    expect(stack.emulator.store.listFiles()).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a bad tag at preview, naming the config key, before any request", async () => {
    stack = await startTestStack({
      program: "trainingFile",
      config: { "azure-openai:sweepTag": "Not A Tag" },
    });
    const preview = await stack.engine.preview(emptyState(), {
      TRAINING_FILE_ARGS: JSON.stringify({ content: GOOD }),
    });
    expect(preview.errors.join("\n")).toContain(
      'azure-openai:sweepTag: "Not A Tag" is not a sweep tag',
    );
    expect(stack.emulator.requests).toHaveLength(0);
  });
});
