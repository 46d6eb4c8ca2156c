import { checkGrader } from "../../provider/azure-openai/graders";
import { UNKNOWN } from "../../provider/core/unknown";
import { failureCollector } from "../../provider/core/validation";

const stringCheck = {
  type: "string_check",
  name: "exact",
  input: "{{sample.output_text}}",
  reference: "{{item.answer}}",
  operation: "eq",
};
const similarity = {
  type: "text_similarity",
  name: "close",
  input: "{{sample.output_text}}",
  reference: "{{item.answer}}",
  evaluation_metric: "fuzzy_match",
};
const scoreModel = {
  type: "score_model",
  name: "judge",
  model: "o3-mini",
  input: [{ role: "user", content: "Score {{sample.output_text}}" }],
  range: [0, 1],
};
const multi = {
  type: "multi",
  name: "both",
  graders: { exact: stringCheck, close: similarity },
  calculate_output: "0.5 * exact + 0.5 * close",
};

function reasons(grader: unknown): string[] {
  const { failures, fail } = failureCollector();
  checkGrader(grader, "grader", fail);
  return failures.map((f) => f.reason);
}

describe("checkGrader", () => {
  it.each<[string, unknown]>([
    ["string_check", stringCheck],
    ["text_similarity", similarity],
    ["score_model", scoreModel],
    ["multi of string_check and text_similarity", multi],
    ["multi with a score_model inside", { ...multi, graders: { judge: scoreModel } }],
    [
      "unknown fields at preview",
      {
        type: "string_check",
        name: UNKNOWN,
        input: UNKNOWN,
        reference: UNKNOWN,
        operation: UNKNOWN,
      },
    ],
    ["an unknown grader", UNKNOWN],
  ])("accepts %s", (_name, grader) => {
    expect(reasons(grader)).toEqual([]);
  });

  it.each<[string, unknown, string[]]>([
    [
      "not an object",
      "eq",
      [
        'grader: must be a grader object, e.g. { type: "string_check", name, input, reference, operation }.',
      ],
    ],
    [
      "an unknown type",
      { ...stringCheck, type: "python" },
      [
        'grader.type: "python" is not a grader type; use one of string_check, text_similarity, score_model, multi.',
      ],
    ],
    [
      "no name",
      { ...stringCheck, name: undefined },
      ["grader.name: is required: a non-empty string."],
    ],
    [
      "a bad operation",
      { ...stringCheck, operation: "equals" },
      ['grader.operation: "equals" is not one of eq, ne, like, ilike.'],
    ],
    [
      "no reference",
      { ...similarity, reference: "" },
      ["grader.reference: is required: a non-empty string."],
    ],
    [
      "a bad metric",
      { ...similarity, evaluation_metric: "rouge" },
      [
        'grader.evaluation_metric: "rouge" is not one of fuzzy_match, bleu, gleu, meteor, rouge_1, rouge_2, rouge_3, rouge_4, rouge_5, rouge_l.',
      ],
    ],
    [
      "a score model without a model",
      { ...scoreModel, model: undefined },
      ["grader.model: is required: a non-empty string."],
    ],
    [
      "a score model without input",
      { ...scoreModel, input: [] },
      [
        'grader.input: is required: a non-empty list of messages, e.g. [{ role: "user", content: "…" }].',
      ],
    ],
    [
      "a bad message role",
      { ...scoreModel, input: [{ role: "tool", content: "x" }] },
      ['grader.input[0].role: "tool" is not one of user, assistant, system, developer.'],
    ],
    [
      "a message without content",
      { ...scoreModel, input: [{ role: "user" }] },
      ["grader.input[0].content: is required."],
    ],
    [
      "a backwards range",
      { ...scoreModel, range: [1, 0] },
      ["grader.range: must be [low, high] with low below high (got [1,0])."],
    ],
    [
      "multi without graders",
      { ...multi, graders: {} },
      [
        'grader.graders: is required: an object of named graders, e.g. { exact: { type: "string_check", … } }.',
      ],
    ],
    [
      "multi without calculate_output",
      { ...multi, calculate_output: undefined },
      ["grader.calculate_output: is required: a non-empty string."],
    ],
    [
      "a broken grader inside multi, named by its path",
      { ...multi, graders: { exact: { ...stringCheck, operation: "x" } } },
      ['grader.graders.exact.operation: "x" is not one of eq, ne, like, ilike.'],
    ],
    [
      "multi inside multi",
      { ...multi, graders: { inner: multi } },
      [
        'grader.graders.inner.type: "multi" is not a grader type inside a multi grader; use one of string_check, text_similarity, score_model.',
      ],
    ],
  ])("refuses %s", (_name, grader, want) => {
    expect(reasons(grader)).toEqual(want);
  });
});
