// Structural checks of a reinforcement job's grader and response format, by the v1 spec's schemas
// (OpenAI.GraderStringCheck, GraderTextSimilarity, GraderScoreModel, GraderMulti, EvalItem,
// ResponseFormatJSONSchemaRequest). Graders are never run: the emulator only refuses what the
// schemas would.
import { invalidPayload } from "./errors";

/** The grader types `AzureFineTuneReinforcementMethod.grader` takes. */
export const GRADER_TYPES = ["string_check", "text_similarity", "score_model", "multi"] as const;
/** The types a multi grader's `graders` take (the spec's anyOf has no nested multi). */
export const NESTED_GRADER_TYPES = ["string_check", "text_similarity", "score_model"] as const;
export const STRING_CHECK_OPERATIONS = ["eq", "ne", "like", "ilike"] as const;
export const EVALUATION_METRICS = [
  "fuzzy_match",
  "bleu",
  "gleu",
  "meteor",
  "rouge_1",
  "rouge_2",
  "rouge_3",
  "rouge_4",
  "rouge_5",
  "rouge_l",
] as const;
export const EVAL_ITEM_ROLES = ["user", "assistant", "system", "developer"] as const;
export const EVAL_ITEM_CONTENT_TYPES = ["input_text", "output_text"] as const;

type GraderType = (typeof GRADER_TYPES)[number];

/** Throws 400 invalidPayload naming the first field at fault under `target`. */
export function checkGrader(value: unknown, target: string, nested = false): void {
  const grader = objectAt(value, target);
  const types: readonly string[] = nested ? NESTED_GRADER_TYPES : GRADER_TYPES;
  if (typeof grader.type !== "string" || !types.includes(grader.type)) {
    const others = nested ? " (a multi grader's graders cannot be multi)" : "";
    throw invalidPayload(
      `${target}.type`,
      `${target}.type must be one of: ${list(types)}${others}.`,
    );
  }
  nonEmptyString(grader, "name", target);
  CHECKS[grader.type as GraderType](grader, target);
}

const CHECKS: Record<GraderType, (grader: Record<string, unknown>, target: string) => void> = {
  string_check(grader, target) {
    string(grader, "input", target);
    string(grader, "reference", target);
    oneOf(grader, "operation", STRING_CHECK_OPERATIONS, target);
  },
  text_similarity(grader, target) {
    string(grader, "input", target);
    string(grader, "reference", target);
    oneOf(grader, "evaluation_metric", EVALUATION_METRICS, target);
  },
  score_model(grader, target) {
    nonEmptyString(grader, "model", target);
    const input = grader.input;
    if (!Array.isArray(input) || input.length === 0) {
      throw invalidPayload(
        `${target}.input`,
        `${target}.input must be a non-empty array of messages.`,
      );
    }
    input.forEach((item, i) => checkEvalItem(item, `${target}.input[${i}]`));
    if (grader.range !== undefined) checkRange(grader.range, `${target}.range`);
  },
  multi(grader, target) {
    const graders = objectAt(grader.graders, `${target}.graders`);
    const names = Object.keys(graders);
    if (names.length === 0) {
      throw invalidPayload(`${target}.graders`, `${target}.graders must name at least one grader.`);
    }
    for (const name of names) checkGrader(graders[name], `${target}.graders.${name}`, true);
    nonEmptyString(grader, "calculate_output", target);
  },
};

/** `OpenAI.EvalItem`: role, and content as a string or an input_text / output_text part. */
function checkEvalItem(value: unknown, target: string): void {
  const item = objectAt(value, target);
  oneOf(item, "role", EVAL_ITEM_ROLES, target);
  if (item.type !== undefined && item.type !== "message") {
    throw invalidPayload(`${target}.type`, `${target}.type must be "message" when given.`);
  }
  const content = item.content;
  if (typeof content === "string") return;
  const says = `${target}.content must be a string or an object with type (input_text or output_text) and text.`;
  if (typeof content !== "object" || content === null || Array.isArray(content)) {
    throw invalidPayload(`${target}.content`, says);
  }
  const part = content as Record<string, unknown>;
  const types: readonly unknown[] = EVAL_ITEM_CONTENT_TYPES;
  if (!types.includes(part.type) || typeof part.text !== "string") {
    throw invalidPayload(`${target}.content`, says);
  }
}

/** Two finite numbers, the first below the second (the spec only says "array of float"). */
function checkRange(value: unknown, target: string): void {
  const ok =
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((n) => typeof n === "number" && Number.isFinite(n)) &&
    (value[0] as number) < (value[1] as number);
  if (!ok)
    throw invalidPayload(target, `${target} must be [low, high], two numbers with low < high.`);
}

/** `ResponseFormatJSONSchemaRequest`: `{type: "json_schema", json_schema: {...}}`. */
export function checkResponseFormat(value: unknown, target: string): Record<string, unknown> {
  const format = objectAt(value, target);
  if (format.type !== "json_schema") {
    throw invalidPayload(`${target}.type`, `${target}.type must be "json_schema".`);
  }
  objectAt(format.json_schema, `${target}.json_schema`);
  return format;
}

export function objectAt(value: unknown, target: string): Record<string, unknown> {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return value as Record<string, unknown>;
  }
  throw invalidPayload(target, `${target} must be a JSON object.`);
}

function string(fields: Record<string, unknown>, name: string, target: string): void {
  if (typeof fields[name] !== "string") {
    throw invalidPayload(
      `${target}.${name}`,
      `${target}.${name} is required and must be a string.`,
    );
  }
}

function nonEmptyString(fields: Record<string, unknown>, name: string, target: string): void {
  const value = fields[name];
  if (typeof value !== "string" || value.trim() === "") {
    const message = `${target}.${name} is required and must be a non-empty string.`;
    throw invalidPayload(`${target}.${name}`, message);
  }
}

function oneOf(
  fields: Record<string, unknown>,
  name: string,
  allowed: readonly string[],
  target: string,
): void {
  const value = fields[name];
  if (typeof value !== "string" || !allowed.includes(value)) {
    const message = `${target}.${name} must be one of: ${list(allowed)}.`;
    throw invalidPayload(`${target}.${name}`, message);
  }
}

const list = (values: readonly string[]) => values.join(", ");
