/**
 * Validates fine-tuning JSONL in one streaming pass that also hashes the bytes, so preview reads each file once
 * and never holds it whole in memory. Stops collecting after a handful of problems.
 */
import { createHash } from "node:crypto";
import { checkExample, ExampleFormat } from "./examples";
import { readLines } from "./lines";
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

export async function validateTrainingData(
  chunks: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>,
  options: { validate?: boolean; maxProblems?: number; declaredFormat?: ExampleFormat } = {},
): Promise<TrainingDataReport> {
  const validate = options.validate ?? true;
  const maxProblems = options.maxProblems ?? MAX_REPORTED_PROBLEMS;
  const hash = createHash("sha256");
  let bytes = 0;
  const hashed = (async function* () {
    for await (const chunk of chunks) {
      const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      hash.update(buffer);
      bytes += buffer.length;
      yield buffer;
    }
  })();
  const problems: LineProblem[] = [];
  let found = 0;
  let examples = 0;
  let format: ExampleFormat | undefined;
  let blankLine: number | undefined;
  const report = (line: number, message: string) => {
    found++;
    if (problems.length < maxProblems) problems.push({ line, message });
  };
  for await (const line of readLines(hashed)) {
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
  return {
    bytes,
    sha256: hash.digest("hex"),
    examples,
    format,
    problems,
    truncated: found > problems.length,
  };
}

export function describeProblems(fileLabel: string, report: TrainingDataReport): string {
  const lines = report.problems.map((p) =>
    p.line === 0 ? `${fileLabel}: ${p.message}` : `${fileLabel} line ${p.line}: ${p.message}`,
  );
  if (report.truncated) lines.push(`(more problems not shown; fix these first)`);
  return lines.join("\n");
}
