/**
 * Reinforcement fine-tuning's graders, checked offline against the shapes of Microsoft's v1 spec
 * (`OpenAI.GraderStringCheck`, `GraderTextSimilarity`, `GraderScoreModel`, `GraderMulti`; test/specs/). Graders are
 * written as the service's JSON (snake_case), as Microsoft's docs show them, so an example copies over unchanged.
 */
import { isUnknown } from "../core/unknown";
import { Fail, shown } from "../core/validation";

export const GRADER_TYPES = ["string_check", "text_similarity", "score_model", "multi"] as const;
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

export type GraderType = (typeof GRADER_TYPES)[number];

export type Grader =
  | { type: "string_check"; name: string; input: string; reference: string; operation: string }
  | {
      type: "text_similarity";
      name: string;
      input: string;
      reference: string;
      evaluation_metric: string;
    }
  | {
      type: "score_model";
      name: string;
      model: string;
      input: { role: string; content: unknown }[];
      range?: number[];
      sampling_params?: unknown;
    }
  | { type: "multi"; name: string; graders: Record<string, Grader>; calculate_output: string };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Checks a grader at `path` (e.g. "method.reinforcement.grader"), reporting every broken field by its path. */
export function checkGrader(value: unknown, path: string, fail: Fail, nested = false): void {
  if (isUnknown(value)) return;
  if (!isObject(value)) {
    fail(
      path,
      'must be a grader object, e.g. { type: "string_check", name, input, reference, operation }.',
    );
    return;
  }
  const allowed = nested ? GRADER_TYPES.filter((t) => t !== "multi") : GRADER_TYPES;
  const type = value.type;
  if (!allowed.some((t) => t === type)) {
    fail(
      `${path}.type`,
      `${shown(type)} is not a grader type${nested ? " inside a multi grader" : ""}; use one of ${allowed.join(", ")}.`,
    );
    return;
  }
  const text = (key: string) => {
    const field = value[key];
    if (isUnknown(field)) return;
    if (typeof field !== "string" || field === "")
      fail(`${path}.${key}`, "is required: a non-empty string.");
  };
  const oneOf = (key: string, options: readonly string[]) => {
    const field = value[key];
    if (isUnknown(field)) return;
    if (!options.some((o) => o === field)) {
      fail(`${path}.${key}`, `${shown(field)} is not one of ${options.join(", ")}.`);
    }
  };
  text("name");
  if (type === "string_check") {
    text("input");
    text("reference");
    oneOf("operation", STRING_CHECK_OPERATIONS);
  } else if (type === "text_similarity") {
    text("input");
    text("reference");
    oneOf("evaluation_metric", EVALUATION_METRICS);
  } else if (type === "score_model") {
    text("model");
    checkEvalItems(value.input, `${path}.input`, fail);
    checkRange(value.range, `${path}.range`, fail);
  } else {
    text("calculate_output");
    checkSubGraders(value.graders, `${path}.graders`, fail);
  }
}

function checkEvalItems(value: unknown, path: string, fail: Fail): void {
  if (isUnknown(value)) return;
  if (!Array.isArray(value) || value.length === 0) {
    fail(path, 'is required: a non-empty list of messages, e.g. [{ role: "user", content: "…" }].');
    return;
  }
  value.forEach((item: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(item)) return fail(at, "must be a message object { role, content }.");
    if (!EVAL_ITEM_ROLES.some((r) => r === item.role)) {
      fail(`${at}.role`, `${shown(item.role)} is not one of ${EVAL_ITEM_ROLES.join(", ")}.`);
    }
    if (item.content === undefined || item.content === null) fail(`${at}.content`, "is required.");
  });
}

function checkRange(value: unknown, path: string, fail: Fail): void {
  if (value === undefined || isUnknown(value)) return;
  const ok =
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((n) => typeof n === "number" && Number.isFinite(n)) &&
    Number(value[0]) < Number(value[1]);
  if (!ok) fail(path, `must be [low, high] with low below high (got ${shown(value)}).`);
}

function checkSubGraders(value: unknown, path: string, fail: Fail): void {
  if (isUnknown(value)) return;
  if (!isObject(value) || Object.keys(value).length === 0) {
    fail(
      path,
      'is required: an object of named graders, e.g. { exact: { type: "string_check", … } }.',
    );
    return;
  }
  for (const [name, grader] of Object.entries(value))
    checkGrader(grader, `${path}.${name}`, fail, true);
}
