// Validation of fine-tune JSONL (azure reference section 3, "Training data formats"), and the
// rules a job's method adds when it is created (reinforcement fine-tuning's last user message).

// `developer` is the system role of reasoning models (reinforcement data uses it).
const ROLES = ["system", "developer", "user", "assistant", "tool"];

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
  if ("messages" in example) {
    // Reinforcement data has no assistant turn: it ends with the user's, and carries the fields a
    // grader reads (`{{item.…}}`). Which method a file is for is only known at job create.
    const needsAssistant = !(Object.keys(example).length > 1 && endsWithUser(example.messages));
    return messagesProblem(example.messages, "messages", needsAssistant);
  }
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
  if (needsAssistant && !hasAssistant(messages)) {
    return (
      `${field} must contain at least one assistant message (reinforcement fine-tuning data ` +
      "instead ends with a user message and carries the fields its grader reads)."
    );
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

const hasAssistant = (messages: unknown[]) =>
  messages.some((m) => isObject(m) && m.role === "assistant");

function endsWithUser(messages: unknown): boolean {
  if (!Array.isArray(messages)) return false;
  const last: unknown = messages[messages.length - 1];
  return isObject(last) && last.role === "user";
}

/** The training methods whose data rules are checked when a job is created. */
export type DataMethod = "supervised" | "dpo" | "reinforcement";

/**
 * Why a file already through the upload check cannot train a job of this method, naming the first
 * bad line ("Line 3: ..."); undefined when it can. Reinforcement: every example is `messages`
 * ending with a `user` message. Supervised: no chat example may lack an assistant message (the
 * upload check lets reinforcement-shaped lines through). Lines the upload check would refuse are
 * left to it. Reads one chunk at a time.
 */
export async function findMethodDataErrorIn(
  chunks: AsyncIterable<Uint8Array>,
  method: DataMethod,
): Promise<string | undefined> {
  const problemOf = METHOD_RULES[method];
  if (!problemOf) return undefined;
  let lineNumber = 0;
  for await (const line of lines(chunks)) {
    lineNumber += 1;
    if (line.trim() === "") continue;
    let example: unknown;
    try {
      example = JSON.parse(line);
    } catch {
      example = undefined;
    }
    const problem = problemOf(example);
    if (problem) return `Line ${lineNumber}: ${problem}`;
  }
  return undefined;
}

const METHOD_RULES: Partial<Record<DataMethod, (example: unknown) => string | undefined>> = {
  reinforcement(example) {
    if (!isObject(example) || !Array.isArray(example.messages) || example.messages.length === 0) {
      return "a reinforcement fine-tuning example must be an object with a non-empty messages array.";
    }
    if (endsWithUser(example.messages)) return undefined;
    const last: unknown = example.messages[example.messages.length - 1];
    const role = isObject(last) && typeof last.role === "string" ? `'${last.role}'` : "none";
    return (
      "the last message of a reinforcement fine-tuning example must have role 'user' (the " +
      `grader scores the model's answer to it); here its role is ${role}.`
    );
  },
  supervised(example) {
    if (!isObject(example) || !Array.isArray(example.messages)) return undefined;
    if (hasAssistant(example.messages)) return undefined;
    return (
      "messages has no assistant message, so a supervised job has nothing to learn from (this " +
      "is reinforcement fine-tuning data: use method.type reinforcement)."
    );
  },
};

/** Decoded lines, split on newline bytes (no UTF-8 sequence contains one). */
async function* lines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  let partial: Buffer[] = [];
  for await (const chunk of chunks) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (let end = bytes.indexOf(NEWLINE); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
      partial.push(bytes.subarray(start, end));
      start = end + 1;
      yield decoder.decode(Buffer.concat(partial));
      partial = [];
    }
    if (start < bytes.length) partial.push(Buffer.from(bytes.subarray(start)));
  }
  if (partial.length > 0) yield decoder.decode(Buffer.concat(partial));
}
