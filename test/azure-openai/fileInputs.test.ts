/** Preview-time validation of TrainingFile and Upload inputs: no network, the field and the fix named. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkFileInputs } from "../../provider/azure-openai/fileInputs";
import { UNKNOWN } from "../../provider/core/unknown";
import { chatJsonl, chatLine } from "../helpers/trainingData";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "file-inputs-"));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};
const good = write("good.jsonl", chatJsonl(3));
const tooLarge = path.join(dir, "huge.jsonl");
fs.closeSync(fs.openSync(tooLarge, "w"));
fs.truncateSync(tooLarge, 9 * 1024 ** 3 + 1);

const failuresOf = async (
  news: Record<string, unknown>,
  kind: "TrainingFile" | "Upload" = "TrainingFile",
) => (await checkFileInputs(news, kind)).failures.map((f) => f.reason);

describe("checkFileInputs", () => {
  it("fills defaults and hashes the content", async () => {
    const { inputs, failures } = await checkFileInputs({ source: good }, "TrainingFile");
    expect(failures).toEqual([]);
    expect(inputs).toMatchObject({
      purpose: "fine-tune",
      filename: "good.jsonl",
      validateContent: true,
      waitForProcessing: true,
      processingTimeoutSeconds: 1800,
      contentBytes: fs.statSync(good).size,
    });
    expect(inputs.contentSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      "a missing file",
      { source: path.join(dir, "nope.jsonl") },
      `source: cannot read "${path.join(dir, "nope.jsonl")}" (ENOENT)`,
    ],
    ["a directory", { source: dir }, "is not a regular file"],
    [
      "bad JSON on line 2",
      { source: write("bad.jsonl", chatLine("a") + "\n{\n") },
      "bad.jsonl line 2: is not valid JSON",
    ],
    [
      "a wrong role",
      {
        source: write(
          "role.jsonl",
          JSON.stringify({
            messages: [
              { role: "human", content: "x" },
              { role: "assistant", content: "y" },
            ],
          }) + "\n",
        ),
      },
      'role.jsonl line 1: messages[0].role "human" is not one of',
    ],
    [
      "an empty file",
      { source: write("empty.jsonl", "") },
      "empty.jsonl: the file has no examples",
    ],
    [
      "a file over 9 GiB",
      { source: tooLarge },
      "the service takes at most 9663676416 bytes (9 GiB) per file",
    ],
    [
      "an unknown purpose",
      { source: good, purpose: "training" },
      'purpose: "training" is not a file purpose; use one of fine-tune,',
    ],
    [
      "both source and content",
      { source: good, content: "{}" },
      "source: give exactly one of `source`",
    ],
    ["neither source nor content", {}, "source: give exactly one of `source`"],
    [
      "a filename with a slash",
      { content: chatJsonl(1), filename: "a/b.jsonl" },
      "filename: must be a plain file name",
    ],
    [
      "a negative timeout",
      { content: chatJsonl(1), processingTimeoutSeconds: -1 },
      "processingTimeoutSeconds: must be a number from 1 to 604800 (got -1)",
    ],
    [
      "a string for waitForProcessing",
      { content: chatJsonl(1), waitForProcessing: "yes" },
      "waitForProcessing: must be true or false",
    ],
    [
      "a malformed adoptExistingId",
      { content: chatJsonl(1), adoptExistingId: "ftjob-1" },
      'adoptExistingId: "ftjob-1" is not a file id',
    ],
    ["content that is not a string", { content: 42 }, "content: must be a string"],
  ])("reports %s", async (_name, news, message) => {
    const failures = await failuresOf(news);
    expect(failures.join("\n")).toContain(message);
  });

  it("says how to send invalid data anyway, and does not validate other purposes or when told not to", async () => {
    const bad = write("notjson.jsonl", "hello\n");
    expect((await failuresOf({ source: bad })).join("\n")).toContain("set validateContent: false");
    expect(await failuresOf({ source: bad, validateContent: false })).toEqual([]);
    expect(await failuresOf({ source: bad, purpose: "assistants" })).toEqual([]);
  });

  it("accepts unknown values at preview and leaves the hash unknown", async () => {
    const { inputs, failures } = await checkFileInputs(
      { source: UNKNOWN, purpose: UNKNOWN },
      "TrainingFile",
    );
    expect(failures).toEqual([]);
    expect(inputs.contentSha256).toBe(UNKNOWN);
  });

  it("fills Upload defaults", async () => {
    const { inputs, failures } = await checkFileInputs({ source: good }, "Upload");
    expect(failures).toEqual([]);
    expect(inputs).toMatchObject({ mimeType: "text/jsonl", partSizeMb: 64, concurrency: 4 });
  });
});
