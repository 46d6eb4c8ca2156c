/**
 * Validates fine-tuning JSONL in one streaming pass that also hashes the bytes, so preview reads each file once
 * and never holds it whole in memory. Stops collecting after a handful of problems.
 *
 * Each line is read in place by the ExampleScanner; only a line it cannot vouch for (one with a problem, or of a
 * shape it does not know) is decoded, parsed with JSON.parse and checked by `checkExample`, which words the
 * problems. Either way a line gets the same verdict.
 */
import { createHash } from "node:crypto";
import { checkExample, ExampleCheck, ExampleFormat } from "./examples";
import { ExampleScanner } from "./exampleScanner";
import { asBuffer, Chunks, LINE_FEED, lineBlocks } from "./lineBlocks";
import { messageOf } from "../../core/errors";

export const MAX_REPORTED_PROBLEMS = 5;

export interface LineProblem {
  line: number;
  message: string;
}

export interface TrainingDataReport {
  bytes: number;
  sha256: string;
  examples: number;
  format?: ExampleFormat;
  problems: LineProblem[];
  /** More problems were found than reported. */
  truncated: boolean;
}

export interface ValidationOptions {
  validate?: boolean;
  maxProblems?: number;
  declaredFormat?: ExampleFormat;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const CARRIAGE_RETURN = 0x0d;

/** The report without the hash, for bytes someone else hashes (a worker thread, see fileHasher.ts). */
export type LinesReport = Omit<TrainingDataReport, "sha256">;

export async function validateTrainingData(
  chunks: Chunks,
  options: ValidationOptions = {},
): Promise<TrainingDataReport> {
  const hash = createHash("sha256");
  const hashed = (async function* () {
    for await (const chunk of chunks) {
      const buffer = asBuffer(chunk);
      hash.update(buffer);
      yield buffer;
    }
  })();
  const report = await validateLines(hashed, options);
  return { ...report, sha256: hash.digest("hex") };
}

export async function validateLines(
  chunks: Chunks,
  options: ValidationOptions = {},
): Promise<LinesReport> {
  const validate = options.validate ?? true;
  const maxProblems = options.maxProblems ?? MAX_REPORTED_PROBLEMS;
  const declared = options.declaredFormat;
  let bytes = 0;
  const counted = (async function* () {
    for await (const chunk of chunks) {
      const buffer = asBuffer(chunk);
      bytes += buffer.length;
      yield buffer;
    }
  })();
  const problems: LineProblem[] = [];
  let found = 0;
  let examples = 0;
  let format: ExampleFormat | undefined;
  let blankLine: number | undefined;
  let number = 0;
  const report = (line: number, message: string) => {
    found++;
    if (problems.length < maxProblems) problems.push({ line, message });
  };
  const onExample = (line: number, check: ExampleCheck) => {
    examples++;
    for (const problem of check.problems) report(line, problem);
    if (declared && check.format && check.format !== declared) {
      report(line, `is a ${check.format} example, but dataFormat is ${declared}`);
    } else if (check.format && format === undefined) format = check.format;
    else if (check.format && check.format !== format) {
      report(
        line,
        `is a ${check.format} example, but earlier lines are ${format} examples; use one format per file`,
      );
    }
  };
  const onLine = (line: LineVerdict) => {
    number++;
    if (line.kind === "blank") {
      blankLine ??= number;
      return;
    }
    if (blankLine !== undefined) {
      report(blankLine, "is empty; every line must hold one JSON example");
      blankLine = undefined;
    }
    if (line.kind === "invalid") report(number, line.reason);
    else onExample(number, line.check);
  };

  if (!validate) {
    for await (const _chunk of counted);
  } else {
    const scanner = new ExampleScanner();
    for await (const block of lineBlocks(counted)) {
      let start = number === 0 && startsWithBom(block) ? BOM.length : 0;
      while (start < block.length) {
        const verdict = scanner.scan(block, start, declared);
        let end = scanner.end;
        if (verdict === undefined) {
          end = block.indexOf(LINE_FEED, start);
          onLine(checkLine(textOf(block, start, end), declared));
        } else onLine(verdict === "blank" ? BLANK : CLEAN[verdict]);
        start = end + 1;
      }
    }
  }
  if (validate && examples === 0 && found === 0) report(0, "the file has no examples");
  return {
    bytes,
    examples,
    format,
    problems,
    truncated: found > problems.length,
  };
}

/** What a line holds: nothing, something that is not JSON (why), or an example (its check). */
export type LineVerdict =
  | { kind: "blank" }
  | { kind: "invalid"; reason: string }
  | { kind: "example"; check: ExampleCheck };

const BLANK: LineVerdict = { kind: "blank" };
const clean = (format: ExampleFormat): LineVerdict => ({
  kind: "example",
  check: { format, problems: [] },
});
/** The verdict on a line the scanner vouched for: an example of its format with no problem. */
const CLEAN: Record<ExampleFormat, LineVerdict> = {
  chat: clean("chat"),
  completion: clean("completion"),
  preference: clean("preference"),
  reinforcement: clean("reinforcement"),
};

/** The slow path: the line as text (a trailing carriage return dropped), parsed and checked. */
export function checkLine(text: string, declared?: ExampleFormat): LineVerdict {
  if (text.trim() === "") return BLANK;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: "invalid", reason: `is not valid JSON (${messageOf(error)})` };
  }
  return { kind: "example", check: checkExample(value, declared) };
}

function textOf(block: Buffer, start: number, end: number): string {
  const last = end > start && block[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
  return block.toString("utf8", start, last);
}

function startsWithBom(block: Buffer): boolean {
  return block.length >= BOM.length && block.subarray(0, BOM.length).equals(BOM);
}

export function describeProblems(fileLabel: string, report: TrainingDataReport): string {
  const lines = report.problems.map((p) =>
    p.line === 0 ? `${fileLabel}: ${p.message}` : `${fileLabel} line ${p.line}: ${p.message}`,
  );
  if (report.truncated) lines.push(`(more problems not shown; fix these first)`);
  return lines.join("\n");
}
