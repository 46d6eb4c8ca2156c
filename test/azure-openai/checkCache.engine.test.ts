/**
 * The check cache through the engine protocol: the provider host keeps what preview learnt of a file in the
 * directory PULUMI_FINETUNE_CHECK_CACHE_DIR names (nothing of the file's contents, no credential), keeps nothing
 * with PULUMI_FINETUNE_CHECK_CACHE=off, and toggling the checkCache input changes nothing in the stack.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_AZURE_API_KEY } from "../../emulator";
import { emptyState } from "../../harness";
import { startTestStack, TestStack } from "../helpers/stack";

// A file of the repository: its times are those of the checkout, beyond the cache's doubt window.
const source = path.join(__dirname, "../../examples/quickstart/data/training.jsonl");
const args = (more: object = {}) => ({
  UPLOAD_ARGS: JSON.stringify({ source, partSizeMb: 1, ...more }),
});
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "check-cache-engine-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
const tempDir = () => fs.mkdtempSync(path.join(scratch, "cache-"));

let stack: TestStack;
afterEach(async () => {
  await stack?.close();
});

describe("the check cache through the engine protocol", () => {
  it("keeps an entry per file, with nothing of the file or the credentials, and toggling checkCache is no change", async () => {
    const dir = tempDir();
    stack = await startTestStack({
      program: "upload",
      hostEnv: { PULUMI_FINETUNE_CHECK_CACHE_DIR: dir },
    });
    const preview = await stack.engine.preview(emptyState(), args());
    expect(preview.errors).toEqual([]);
    expect(fs.readdirSync(dir)).toHaveLength(1);
    const entry = fs.readFileSync(path.join(dir, fs.readdirSync(dir)[0]!), "utf8");
    for (const line of fs.readFileSync(source, "utf8").split("\n").filter(Boolean))
      expect(entry).not.toContain(line.slice(0, 40));
    expect(entry).not.toContain(DEFAULT_AZURE_API_KEY);

    const up = await stack.engine.up(emptyState(), args());
    expect(up.errors).toEqual([]);
    const requests = stack.emulator.requests.length;
    for (const checkCache of [false, true]) {
      const again = await stack.engine.up(up.state, args({ checkCache }));
      expect(again.errors).toEqual([]);
      expect(again.steps.map((s) => s.op)).toEqual(["same"]);
    }
    expect(stack.emulator.requests.length).toBe(requests);
    expect(fs.readdirSync(dir)).toHaveLength(1);
  });

  it("keeps nothing with PULUMI_FINETUNE_CHECK_CACHE=off", async () => {
    const dir = tempDir();
    stack = await startTestStack({
      program: "upload",
      hostEnv: { PULUMI_FINETUNE_CHECK_CACHE: "off", PULUMI_FINETUNE_CHECK_CACHE_DIR: dir },
    });
    const preview = await stack.engine.preview(emptyState(), args());
    expect(preview.errors).toEqual([]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
