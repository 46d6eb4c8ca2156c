// Validation of fine-tune JSONL (azure reference section 3, "Training data formats").

const ROLES = ["system", "user", "assistant", "tool"];

/** Why `content` is not fine-tune JSONL, naming the first bad line; undefined when it is valid. */
export function findTrainingDataError(content: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(content);
  } catch {
    return "The file is not valid UTF-8.";
  }
  let examples = 0;
  for (const [index, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    const problem = exampleProblem(line);
    if (problem) return `Line ${index + 1}: ${problem}`;
    examples += 1;
  }
  return examples === 0 ? "The file contains no training examples." : undefined;
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
