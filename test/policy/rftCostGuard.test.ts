import { rftCostGuard } from "../../policy/policies";
import { happyJob, happyRftJob, happyTrainingFile } from "./fixtures";
import { schemaDefaults, violations, withPath } from "./helpers";

const HP = "props.method.reinforcement.hyperparameters";
const FIELD = "method.reinforcement.hyperparameters";

describe("finetune-rft-cost-guard", () => {
  it("allows reinforcement within a 1x multiplier and medium effort by default", () => {
    expect(schemaDefaults(rftCostGuard)).toEqual({
      allowReinforcement: true,
      maxComputeMultiplier: 1,
      maxReasoningEffort: "medium",
    });
  });

  it.each([
    ["an RFT job within the ceilings", happyRftJob()],
    ["computeMultiplier at the ceiling", withPath(happyRftJob(), `${HP}.computeMultiplier`, 1.0)],
    ["computeMultiplier below it", withPath(happyRftJob(), `${HP}.computeMultiplier`, 0.5)],
    ["computeMultiplier on auto", withPath(happyRftJob(), `${HP}.computeMultiplier`, "auto")],
    ["low effort", withPath(happyRftJob(), `${HP}.reasoningEffort`, "low")],
    ["default effort", withPath(happyRftJob(), `${HP}.reasoningEffort`, "default")],
    ["effort not set", withPath(happyRftJob(), `${HP}.reasoningEffort`, undefined)],
    ["no hyperparameters", withPath(happyRftJob(), HP, undefined)],
    ["a computed effort", withPath(happyRftJob(), `${HP}.reasoningEffort`, { unknown: true })],
    ["an effort the provider will refuse", withPath(happyRftJob(), `${HP}.reasoningEffort`, "max")],
    [
      "an effort named like an Object property",
      withPath(happyRftJob(), `${HP}.reasoningEffort`, "constructor"),
    ],
    ["a job without a method", happyJob()],
    [
      "a supervised job with a large multiplier elsewhere",
      withPath(
        withPath(happyRftJob(), "props.method.type", "supervised"),
        `${HP}.computeMultiplier`,
        9,
      ),
    ],
    ["another resource", withPath(happyTrainingFile(), "props.method.type", "reinforcement")],
  ])("passes %s", async (_, spec) => {
    expect(await violations(rftCostGuard, spec)).toEqual([]);
  });

  it.each([
    [
      "computeMultiplier over the ceiling",
      withPath(happyRftJob(), `${HP}.computeMultiplier`, 2),
      [
        `${FIELD}.computeMultiplier is 2; lower it to 1 or raise maxComputeMultiplier in the policy config.`,
      ],
    ],
    [
      "high effort",
      withPath(happyRftJob(), `${HP}.reasoningEffort`, "high"),
      [
        `${FIELD}.reasoningEffort is "high"; set it to low or medium or raise maxReasoningEffort in the policy config.`,
      ],
    ],
    [
      "High effort in another case",
      withPath(happyRftJob(), `${HP}.reasoningEffort`, "High"),
      [
        `${FIELD}.reasoningEffort is "High"; set it to low or medium or raise maxReasoningEffort in the policy config.`,
      ],
    ],
    [
      "both ceilings at once",
      withPath(
        withPath(happyRftJob(), `${HP}.reasoningEffort`, "high"),
        `${HP}.computeMultiplier`,
        1.5,
      ),
      [
        `${FIELD}.computeMultiplier is 1.5; lower it to 1 or raise maxComputeMultiplier in the policy config.`,
        `${FIELD}.reasoningEffort is "high"; set it to low or medium or raise maxReasoningEffort in the policy config.`,
      ],
    ],
  ])("reports %s", async (_, spec, want) => {
    expect(await violations(rftCostGuard, spec)).toEqual(want);
  });

  it.each([
    [
      "any RFT job when allowReinforcement is false",
      happyRftJob(),
      { allowReinforcement: false },
      [
        'method.type is "reinforcement", and reinforcement fine-tuning is not allowed; use a supervised or dpo method, or set allowReinforcement to true in the policy config.',
      ],
    ],
    [
      "medium effort under a low ceiling",
      happyRftJob(),
      { maxReasoningEffort: "low" },
      [
        `${FIELD}.reasoningEffort is "medium"; set it to low or raise maxReasoningEffort in the policy config.`,
      ],
    ],
    [
      "default effort under a low ceiling",
      withPath(happyRftJob(), `${HP}.reasoningEffort`, "default"),
      { maxReasoningEffort: "low" },
      [
        `${FIELD}.reasoningEffort is "default", which counts as medium; set it to low or raise maxReasoningEffort in the policy config.`,
      ],
    ],
    [
      "an unset effort under a low ceiling",
      withPath(happyRftJob(), `${HP}.reasoningEffort`, undefined),
      { maxReasoningEffort: "low" },
      [
        `${FIELD}.reasoningEffort is not set, so the service default (medium) applies; set it to low or raise maxReasoningEffort in the policy config.`,
      ],
    ],
    [
      "a 1x multiplier under a 0.5 ceiling",
      happyRftJob(),
      { maxComputeMultiplier: 0.5 },
      [
        `${FIELD}.computeMultiplier is 1; lower it to 0.5 or raise maxComputeMultiplier in the policy config.`,
      ],
    ],
  ])("reports %s", async (_, spec, config, want) => {
    expect(await violations(rftCostGuard, spec, config)).toEqual(want);
  });

  it("follows the ceilings from the policy config", async () => {
    const costly = withPath(
      withPath(happyRftJob(), `${HP}.reasoningEffort`, "high"),
      `${HP}.computeMultiplier`,
      4,
    );
    expect(await violations(rftCostGuard, costly)).toHaveLength(2);
    expect(
      await violations(rftCostGuard, costly, {
        maxComputeMultiplier: 4,
        maxReasoningEffort: "high",
      }),
    ).toEqual([]);
    expect(await violations(rftCostGuard, happyJob(), { allowReinforcement: false })).toEqual([]);
  });
});
