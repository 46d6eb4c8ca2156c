/**
 * The training-data formats of Azure OpenAI fine-tuning, one JSONL line each: chat (`messages`), prompt/completion,
 * preference (DPO: `input`, `preferred_output`, `non_preferred_output`), and reinforcement (RFT: `messages` that end
 * with the user's turn, which the model answers and a grader scores; other fields are there for the grader). Pure: a
 * parsed line in, problems out.
 */
export type ExampleFormat = "chat" | "completion" | "preference" | "reinforcement";

export const CHAT_ROLES = ["system", "developer", "user", "assistant", "tool", "function"] as const;

export interface ExampleCheck {
  format?: ExampleFormat;
  problems: string[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function formatOf(example: Json): ExampleFormat | undefined {
  if ("messages" in example) return "chat";
  if ("preferred_output" in example || "non_preferred_output" in example || "input" in example)
    return "preference";
  if ("prompt" in example || "completion" in example) return "completion";
  return undefined;
}

/**
 * `declared` is the format the file is declared to hold; only reinforcement needs saying, since its lines look like
 * chat lines without the assistant's answer (which a chat example must have).
 */
export function checkExample(value: unknown, declared?: ExampleFormat): ExampleCheck {
  if (!isObject(value)) return { problems: [`is ${describe(value)}, not a JSON object`] };
  const format = formatOf(value);
  if (format === "chat" && declared === "reinforcement") {
    return { format: "reinforcement", problems: checkReinforcement(value) };
  }
  if (format === "chat") return { format, problems: checkChat(value) };
  if (format === "preference") return { format, problems: checkPreference(value) };
  if (format === "completion") return { format, problems: checkCompletion(value) };
  return {
    problems: [
      'has none of "messages" (chat), "prompt"/"completion", or "input"/"preferred_output"/"non_preferred_output" (preference)',
    ],
  };
}

/** An RFT example: the conversation so far, ending with the user's turn, which the model answers for the grader. */
function checkReinforcement(example: Json): string[] {
  const problems = checkMessages(example.messages, "messages");
  const messages: unknown[] = Array.isArray(example.messages) ? example.messages : [];
  const last = messages[messages.length - 1];
  if (problems.length === 0 && !(isObject(last) && last.role === "user")) {
    const role = isObject(last) ? JSON.stringify(last.role) : "missing";
    problems.push(
      `messages[${messages.length - 1}].role is ${role}: a reinforcement example ends with a "user" message, ` +
        "which the model answers and the grader scores",
    );
  }
  return problems;
}

function checkChat(example: Json): string[] {
  const problems = checkMessages(example.messages, "messages");
  const messages = Array.isArray(example.messages) ? example.messages : [];
  if (problems.length === 0 && !messages.some((m) => isObject(m) && m.role === "assistant")) {
    problems.push(
      "messages has no assistant message: each chat example needs at least one to learn from",
    );
  }
  if (example.tools !== undefined && !Array.isArray(example.tools))
    problems.push("tools must be an array");
  return problems;
}

function checkPreference(example: Json): string[] {
  const problems: string[] = [];
  if (!isObject(example.input)) problems.push("input must be an object with a messages array");
  else problems.push(...checkMessages(example.input.messages, "input.messages"));
  for (const key of ["preferred_output", "non_preferred_output"]) {
    const output = example[key];
    if (!Array.isArray(output) || output.length === 0) {
      problems.push(`${key} must be a non-empty array of assistant messages`);
      continue;
    }
    problems.push(...checkMessages(output, key));
    output.forEach((m, i) => {
      if (isObject(m) && m.role !== "assistant")
        problems.push(`${key}[${i}].role must be "assistant"`);
    });
  }
  return problems;
}

function checkCompletion(example: Json): string[] {
  const problems: string[] = [];
  for (const key of ["prompt", "completion"]) {
    if (typeof example[key] !== "string")
      problems.push(`${key} must be a string (it is ${describe(example[key])})`);
  }
  return problems;
}

function checkMessages(messages: unknown, path: string): string[] {
  if (!Array.isArray(messages)) return [`${path} must be an array (it is ${describe(messages)})`];
  if (messages.length === 0) return [`${path} is empty`];
  const problems: string[] = [];
  messages.forEach((message, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(message)) {
      problems.push(`${at} must be an object`);
      return;
    }
    if (!CHAT_ROLES.includes(message.role as (typeof CHAT_ROLES)[number])) {
      problems.push(
        `${at}.role ${JSON.stringify(message.role)} is not one of ${CHAT_ROLES.join(", ")}`,
      );
    }
    const content = message.content;
    const hasToolCalls = Array.isArray(message.tool_calls) || isObject(message.function_call);
    if (content === undefined || content === null) {
      if (!(message.role === "assistant" && hasToolCalls))
        problems.push(`${at}.content is missing`);
    } else if (Array.isArray(content)) {
      content.forEach((part, j) => {
        if (!isObject(part) || typeof part.type !== "string")
          problems.push(`${at}.content[${j}] must be an object with a "type"`);
        else if (part.type === "text" && typeof part.text !== "string")
          problems.push(`${at}.content[${j}].text must be a string`);
      });
    } else if (typeof content !== "string") {
      problems.push(
        `${at}.content must be a string or an array of content parts (it is ${describe(content)})`,
      );
    }
    if (message.weight !== undefined && message.weight !== 0 && message.weight !== 1) {
      problems.push(`${at}.weight must be 0 or 1`);
    }
  });
  return problems;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value === undefined) return "missing";
  return `a ${typeof value}`;
}
