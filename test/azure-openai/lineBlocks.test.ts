/**
 * lineBlocks cuts a stream into blocks of whole lines wherever the chunks end; validateTrainingData built on it
 * reports exactly what the line-by-line validation before it reported (kept here as the reference), for any chunking.
 */
import { createHash } from "node:crypto";
import {
  checkExample,
  ExampleFormat,
  lineBlocks,
  readLines,
  TrainingDataReport,
  validateTrainingData,
} from "../../provider/azure-openai/trainingData";
import { messageOf } from "../../provider/core/errors";

async function* chunks(text: string | Buffer, size: number) {
  const buffer = Buffer.from(text);
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
}

/** Like a reader with one reused buffer: each chunk's bytes are overwritten once the next is asked for. */
async function* reusedBuffer(text: string, size: number) {
  const source = Buffer.from(text);
  const buffer = Buffer.alloc(size);
  for (let i = 0; i < source.length; i += size) {
    const n = source.copy(buffer, 0, i, i + size);
    yield buffer.subarray(0, n);
    buffer.fill(0x21);
  }
}

const collect = async (source: AsyncIterable<Buffer>) => {
  const blocks: Buffer[] = [];
  for await (const block of lineBlocks(source)) blocks.push(Buffer.from(block));
  return blocks;
};

describe("lineBlocks", () => {
  it.each([
    ["a\nb\n", 1],
    ["a\nb\n", 3],
    ["a\nbb\nccc\n", 2],
    ["a\nbb\nccc", 4],
    ["no line feed at all", 5],
    ["", 4],
    ["\n\n\n", 1],
    ["é€😀\n漢字\n", 3],
  ])("cuts %j read %i bytes at a time into whole lines", async (text, size) => {
    for (const source of [chunks(text, size), reusedBuffer(text, size)]) {
      const blocks = await collect(source);
      for (const block of blocks) expect(block[block.length - 1]).toBe(0x0a);
      const whole = text === "" || text.endsWith("\n") ? text : text + "\n";
      expect(Buffer.concat(blocks).toString()).toBe(whole);
    }
  });
});

/** The validation as it was: readLines, then JSON.parse and checkExample on every line. */
async function referenceReport(
  text: string,
  options: { validate?: boolean; declaredFormat?: ExampleFormat } = {},
): Promise<Omit<TrainingDataReport, "bytes" | "sha256">> {
  const validate = options.validate ?? true;
  const problems: { line: number; message: string }[] = [];
  let found = 0;
  let examples = 0;
  let format: ExampleFormat | undefined;
  let blankLine: number | undefined;
  const report = (line: number, message: string) => {
    found++;
    if (problems.length < 5) problems.push({ line, message });
  };
  for await (const line of readLines([Buffer.from(text)])) {
    if (!validate) continue;
    if (line.text.trim() === "") {
      blankLine ??= line.number;
      continue;
    }
    if (blankLine !== undefined) {
      report(blankLine, "is empty; every line must hold one JSON example");
      blankLine = undefined;
    }
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (error) {
      report(line.number, `is not valid JSON (${messageOf(error)})`);
      continue;
    }
    examples++;
    const check = checkExample(value, options.declaredFormat);
    for (const problem of check.problems) report(line.number, problem);
    if (options.declaredFormat && check.format && check.format !== options.declaredFormat) {
      report(
        line.number,
        `is a ${check.format} example, but dataFormat is ${options.declaredFormat}`,
      );
    } else if (check.format && format === undefined) format = check.format;
    else if (check.format && check.format !== format) {
      report(
        line.number,
        `is a ${check.format} example, but earlier lines are ${format} examples; use one format per file`,
      );
    }
  }
  if (validate && examples === 0 && found === 0) report(0, "the file has no examples");
  return { examples, format, problems, truncated: found > problems.length };
}

const chat = (q: string) =>
  JSON.stringify({
    messages: [
      { role: "user", content: q },
      { role: "assistant", content: `answer to ${q}` },
    ],
  });

describe("validateTrainingData on whole-line blocks", () => {
  it.each<[string, string, ExampleFormat | undefined]>([
    ["clean chat", [chat("a"), chat("b"), chat("c")].join("\n") + "\n", undefined],
    [
      "a BOM, CRLF and no final line feed",
      "\ufeff" + [chat("a"), chat("b")].join("\r\n"),
      undefined,
    ],
    [
      "blank lines inside and at the end",
      [chat("a"), "", " ", chat("b"), "", ""].join("\n"),
      undefined,
    ],
    ["a bad line among good ones", [chat("a"), "{oops", chat("b"), "[1]"].join("\n"), undefined],
    [
      "more problems than are reported",
      Array.from({ length: 12 }, () => "x").join("\n"),
      undefined,
    ],
    [
      "mixed formats",
      [chat("a"), JSON.stringify({ prompt: "p", completion: "c" })].join("\n"),
      undefined,
    ],
    [
      "a declared format",
      [chat("a"), JSON.stringify({ messages: [{ role: "user", content: "q" }] })].join("\n"),
      "reinforcement",
    ],
    ["a BOM alone", "\ufeff", undefined],
    ["only blank lines", "\n\n \n", undefined],
    ["a BOM in the middle of a line", chat("a") + "\n\ufeff" + chat("b") + "\n", undefined],
  ])(
    "reports %s as the line-by-line validation did, for any chunk size",
    async (_name, text, declaredFormat) => {
      const want = await referenceReport(text, { declaredFormat });
      for (const size of [1, 2, 3, 7, 64, 1 << 20]) {
        const report = await validateTrainingData(chunks(text, size), { declaredFormat });
        expect(report).toEqual({
          ...want,
          bytes: Buffer.byteLength(text),
          sha256: createHash("sha256").update(text).digest("hex"),
        });
      }
    },
  );
});
