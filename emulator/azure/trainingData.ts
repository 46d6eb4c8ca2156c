// Validation of fine-tune JSONL (azure reference section 3, "Training data formats").

const ROLES = ["system", "user", "assistant", "tool"];

/** Why `content` is not fine-tune JSONL, naming the first bad line; undefined when it is valid. */
export function findTrainingDataError(content: Uint8Array): string | undefined {
  const scan = new TrainingDataScan();
  return scan.push(content) ?? scan.finish();
}

/** As findTrainingDataError, one chunk and one line at a time: files may be large. */
export async function findTrainingDataErrorIn(
  chunks: AsyncIterable<Uint8Array>,
): Promise<string | undefined> {
  const scan = new TrainingDataScan();
  for await (const chunk of chunks) {
    const problem = scan.push(chunk);
    // Leaving the loop early closes the stream.
    if (problem) return problem;
  }
  return scan.finish();
}

const NEWLINE = 0x0a;

/** Splits bytes into lines (no UTF-8 sequence contains a newline byte) and checks each. */
class TrainingDataScan {
  private partialLine: Buffer[] = [];
  private lineNumber = 0;
  private examples = 0;
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });

  push(chunk: Uint8Array): string | undefined {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (let end = bytes.indexOf(NEWLINE); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
      this.partialLine.push(bytes.subarray(start, end));
      start = end + 1;
      const problem = this.endLine();
      if (problem) return problem;
    }
    // Copied: the caller may reuse its chunk.
    if (start < bytes.length) this.partialLine.push(Buffer.from(bytes.subarray(start)));
    return undefined;
  }

  finish(): string | undefined {
    const problem = this.partialLine.length > 0 ? this.endLine() : undefined;
    if (problem) return problem;
    return this.examples === 0 ? "The file contains no training examples." : undefined;
  }

  private endLine(): string | undefined {
    this.lineNumber += 1;
    const bytes = Buffer.concat(this.partialLine);
    this.partialLine = [];
    let line: string;
    try {
      line = this.decoder.decode(bytes);
    } catch {
      return `Line ${this.lineNumber}: not valid UTF-8.`;
    }
    if (line.trim() === "") return undefined;
    const problem = exampleProblem(line);
    if (problem) return `Line ${this.lineNumber}: ${problem}`;
    this.examples += 1;
    return undefined;
  }
}

function exampleProblem(line: string): string | undefined {
  let example: unknown;
  try {
    example = JSON.parse(line);
  } catch {
    return "not valid JSON.";
  }
  if (!isObject(example)) return "each line must be a JSON object.";
  if ("messages" in example) return messagesProblem(example.messages, "messages", true);
  if ("input" in example || "preferred_output" in example || "non_preferred_output" in example) {
    return preferenceProblem(example);
  }
  if ("prompt" in example || "completion" in example) {
    const ok = typeof example.prompt === "string" && typeof example.completion === "string";
    return ok ? undefined : "prompt and completion must both be strings.";
  }
  return "expected messages, prompt and completion, or input, preferred_output and non_preferred_output.";
}

function preferenceProblem(example: Record<string, unknown>): string | undefined {
  const input = example.input;
  if (!isObject(input)) return "input must be an object with a messages array.";
  return (
    messagesProblem(input.messages, "input.messages", false) ??
    messagesProblem(example.preferred_output, "preferred_output", true) ??
    messagesProblem(example.non_preferred_output, "non_preferred_output", true)
  );
}

function messagesProblem(
  messages: unknown,
  field: string,
  needsAssistant: boolean,
): string | undefined {
  if (!Array.isArray(messages) || messages.length === 0) {
    return `${field} must be a non-empty array of messages.`;
  }
  for (const [i, message] of messages.entries()) {
    if (!isObject(message)) return `${field}[${i}] must be an object.`;
    if (typeof message.role !== "string" || !ROLES.includes(message.role)) {
      return `${field}[${i}].role must be one of ${ROLES.join(", ")}.`;
    }
    if (!hasContent(message)) {
      return `${field}[${i}].content must be a string or an array of content parts.`;
    }
  }
  if (needsAssistant && !messages.some((m) => isObject(m) && m.role === "assistant")) {
    return `${field} must contain at least one assistant message.`;
  }
  return undefined;
}

function hasContent(message: Record<string, unknown>): boolean {
  const { content } = message;
  if (typeof content === "string" || Array.isArray(content)) return true;
  // Tool-calling assistant turns carry tool_calls instead of content.
  return message.role === "assistant" && content == null && Array.isArray(message.tool_calls);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
