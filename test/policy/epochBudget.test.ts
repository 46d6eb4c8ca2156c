import { epochBudget } from "../../policy/policies";
import { happyJob, happyQianfanTask, happyRftJob, happyTrainingFile } from "./fixtures";
import { schemaDefaults, violations, withPath } from "./helpers";

describe("finetune-epoch-budget", () => {
  it("has maxEpochs 10 by default", () => {
    expect(schemaDefaults(epochBudget)).toEqual({ maxEpochs: 10 });
  });

  it.each([
    ["an Azure job within budget", happyJob()],
    ["an Azure job at the limit", withPath(happyJob(), "props.hyperparameters.nEpochs", 10)],
    ["an Azure job on auto", withPath(happyJob(), "props.hyperparameters.nEpochs", "auto")],
    [
      "an Azure job without hyperparameters",
      withPath(happyJob(), "props.hyperparameters", undefined),
    ],
    [
      "a method job on auto",
      withPath(withPath(happyJob(), "props.hyperparameters", undefined), "props.method", {
        type: "dpo",
        hyperparameters: { nEpochs: "auto" },
      }),
    ],
    ["an RFT job within budget", happyRftJob()],
    ["a Qianfan task within budget", happyQianfanTask()],
    [
      "a resource without epochs",
      withPath(happyTrainingFile(), "props.hyperparameters", { nEpochs: 99 }),
    ],
  ])("passes %s", async (_, spec) => {
    expect(await violations(epochBudget, spec)).toEqual([]);
  });

  it.each([
    [
      "hyperparameters.nEpochs over budget",
      withPath(happyJob(), "props.hyperparameters.nEpochs", 50),
      "hyperparameters.nEpochs is 50; lower it to 10 or raise maxEpochs in the policy config.",
    ],
    [
      "method.hyperparameters.nEpochs over budget",
      withPath(withPath(happyJob(), "props.hyperparameters", undefined), "props.method", {
        type: "supervised",
        hyperparameters: { nEpochs: 11 },
      }),
      "method.hyperparameters.nEpochs is 11; lower it to 10 or raise maxEpochs in the policy config.",
    ],
    [
      "method.reinforcement.hyperparameters.nEpochs over budget",
      withPath(happyRftJob(), "props.method.reinforcement.hyperparameters.nEpochs", 12),
      "method.reinforcement.hyperparameters.nEpochs is 12; lower it to 10 or raise maxEpochs in the policy config.",
    ],
    [
      "a Qianfan epoch over budget",
      withPath(happyQianfanTask(), "props.hyperParameterConfig.epoch", 20),
      "hyperParameterConfig.epoch is 20; lower it to 10 or raise maxEpochs in the policy config.",
    ],
  ])("reports %s", async (_, spec, want) => {
    expect(await violations(epochBudget, spec)).toEqual([want]);
  });

  it("follows maxEpochs from the policy config", async () => {
    expect(await violations(epochBudget, happyJob(), { maxEpochs: 2 })).toEqual([
      "hyperparameters.nEpochs is 3; lower it to 2 or raise maxEpochs in the policy config.",
    ]);
    expect(
      await violations(epochBudget, withPath(happyJob(), "props.hyperparameters.nEpochs", 50), {
        maxEpochs: 50,
      }),
    ).toEqual([]);
  });
});
