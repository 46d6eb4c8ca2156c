import { checkFineTuneJob } from "../../provider/azure-openai/fineTuneJobInputs";
import { createJobBody, matchesCreatedJob } from "../../provider/azure-openai/fineTuneJobProvider";
import { newEvents } from "../../provider/azure-openai/jobPolling";
import { pollDelayMs } from "../../provider/core/poll";
import { UNKNOWN } from "../../provider/core/unknown";

const base = { model: "gpt-4o-mini-2024-07-18", trainingFileId: "file-abc" };
const reasons = (news: Record<string, unknown>) =>
  checkFineTuneJob(news)
    .failures.map((f) => f.reason)
    .join("\n");

describe("checkFineTuneJob", () => {
  it("accepts a minimal job and fills the waiting defaults", () => {
    const result = checkFineTuneJob(base);
    expect(result.failures).toEqual([]);
    expect(result.inputs).toMatchObject({
      ...base,
      waitForCompletion: false,
      completionTimeoutSeconds: 86400,
      pollIntervalSeconds: 5,
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["no model", { trainingFileId: "file-a" }, "model: is required"],
    ["a numeric model", { ...base, model: 4 }, "model: must be a string"],
    ["no training file", { model: base.model }, "trainingFileId: is required"],
    [
      "a job id as training file",
      { ...base, trainingFileId: "ftjob-1" },
      'trainingFileId: "ftjob-1" is not a file id',
    ],
    [
      "a bad validation file id",
      { ...base, validationFileId: "abc" },
      'validationFileId: "abc" is not a file id',
    ],
    [
      "a training file of the wrong purpose",
      { ...base, trainingFilePurpose: "assistants" },
      'trainingFileId: the file has purpose "assistants"',
    ],
    [
      "a suffix with spaces",
      { ...base, suffix: "my model" },
      'suffix: "my model" must be 1 to 64 characters',
    ],
    ["a suffix of 65 characters", { ...base, suffix: "a".repeat(65) }, "suffix:"],
    [
      "a negative seed",
      { ...base, seed: -1 },
      "seed: must be a whole number from 0 to 2147483647 (got -1)",
    ],
    ["a fractional seed", { ...base, seed: 1.5 }, "seed: must be a whole number"],
    [
      "0 epochs",
      { ...base, hyperparameters: { nEpochs: 0 } },
      'hyperparameters.nEpochs: must be "auto" or a whole number from 1 to 50 (got 0)',
    ],
    [
      "51 epochs",
      { ...base, hyperparameters: { nEpochs: 51 } },
      "hyperparameters.nEpochs: must be",
    ],
    [
      "batch size 300",
      { ...base, hyperparameters: { batchSize: 300 } },
      'hyperparameters.batchSize: must be "auto" or a whole number from 1 to 256',
    ],
    [
      "a zero learning rate",
      { ...base, hyperparameters: { learningRateMultiplier: 0 } },
      'hyperparameters.learningRateMultiplier: must be "auto" or a number above 0 and up to 10',
    ],
    [
      "a string epoch count",
      { ...base, hyperparameters: { nEpochs: "3" } },
      "hyperparameters.nEpochs: must be",
    ],
    [
      "an unknown hyperparameter",
      { ...base, hyperparameters: { epochs: 3 } },
      "hyperparameters.epochs: is not a hyperparameter here",
    ],
    [
      "beta outside DPO",
      { ...base, hyperparameters: { beta: 0.1 } },
      "(beta is for method type dpo)",
    ],
    [
      "hyperparameters as a list",
      { ...base, hyperparameters: [3] },
      "hyperparameters: must be an object",
    ],
    [
      "an unknown method",
      { ...base, method: { type: "rlhf" } },
      'method.type: "rlhf" is not a method; use one of supervised, dpo',
    ],
    ["a method without type", { ...base, method: {} }, "method.type: is required"],
    [
      "DPO beta of 5",
      { ...base, method: { type: "dpo", hyperparameters: { beta: 5 } } },
      "method.hyperparameters.beta: must be",
    ],
    [
      "hyperparameters twice",
      {
        ...base,
        hyperparameters: { nEpochs: 2 },
        method: { type: "supervised", hyperparameters: { nEpochs: 3 } },
      },
      "hyperparameters: give hyperparameters either at the top level",
    ],
    [
      "a string for waitForCompletion",
      { ...base, waitForCompletion: "yes" },
      "waitForCompletion: must be true or false",
    ],
    [
      "a zero timeout",
      { ...base, completionTimeoutSeconds: 0 },
      "completionTimeoutSeconds: must be a number from 1 to 2592000 (got 0)",
    ],
    [
      "a zero poll interval",
      { ...base, pollIntervalSeconds: 0 },
      "pollIntervalSeconds: must be a number from 1 to 3600",
    ],
    [
      "a file id to adopt",
      { ...base, adoptExistingId: "file-1" },
      'adoptExistingId: "file-1" is not a fine-tuning job id',
    ],
    ["an empty endpoint", { ...base, endpoint: "" }, "endpoint: must be a non-empty string"],
  ])("reports %s", (_name, news, message) => {
    expect(reasons(news)).toContain(message);
  });

  it("accepts auto, DPO beta, and unknown values at preview", () => {
    expect(
      reasons({
        ...base,
        hyperparameters: { nEpochs: "auto", batchSize: 8, learningRateMultiplier: 0.5 },
      }),
    ).toBe("");
    expect(
      reasons({ ...base, method: { type: "dpo", hyperparameters: { beta: 0.1, nEpochs: 2 } } }),
    ).toBe("");
    expect(
      reasons({
        model: base.model,
        trainingFileId: UNKNOWN,
        suffix: UNKNOWN,
        trainingFilePurpose: UNKNOWN,
      }),
    ).toBe("");
  });

  it("warns, without failing, about a model it does not know", () => {
    const result = checkFineTuneJob({ ...base, model: "gpt-9-preview" });
    expect(result.failures).toEqual([]);
    expect(result.warnings.join()).toContain(
      'model: "gpt-9-preview" is not in this package\'s list',
    );
  });
});

describe("createJobBody", () => {
  it.each([
    [{ ...base }, { model: base.model, training_file: "file-abc" }],
    [
      {
        ...base,
        validationFileId: "file-v",
        suffix: "s",
        seed: 7,
        hyperparameters: { nEpochs: 3, batchSize: "auto" },
      },
      {
        model: base.model,
        training_file: "file-abc",
        validation_file: "file-v",
        suffix: "s",
        seed: 7,
        hyperparameters: { n_epochs: 3, batch_size: "auto" },
      },
    ],
    [
      { ...base, method: { type: "dpo", hyperparameters: { beta: 0.2 } } },
      {
        model: base.model,
        training_file: "file-abc",
        method: { type: "dpo", dpo: { hyperparameters: { beta: 0.2 } } },
      },
    ],
    [
      { ...base, method: { type: "supervised" } },
      {
        model: base.model,
        training_file: "file-abc",
        method: { type: "supervised", supervised: {} },
      },
    ],
  ])("%j → the service's body", (inputs, body) => {
    expect(createJobBody(inputs as never)).toEqual(body);
  });
});

describe("matchesCreatedJob", () => {
  const job = {
    model: base.model,
    training_file: "file-abc",
    validation_file: null,
    seed: 7,
    suffix: "s",
    created_at: 1000,
    fine_tuned_model: null,
  };
  it.each([
    ["the same inputs, just created", { ...base, suffix: "s", seed: 7 }, 1000, true],
    ["another training file", { ...base, trainingFileId: "file-x" }, 1000, false],
    ["another seed", { ...base, seed: 8 }, 1000, false],
    ["a job from long before the attempt", { ...base }, 5000, false],
    ["a validation file the job lacks", { ...base, validationFileId: "file-v" }, 1000, false],
  ])("%s: %s", (_name, inputs, since, want) => {
    expect(matchesCreatedJob(job as never, inputs as never, since)).toBe(want);
  });
});

describe("job polling", () => {
  it.each([
    [0, 5, 5000],
    [1, 5, 7500],
    [3, 5, 16875],
    [10, 5, 30000],
    [0, 60, 60000],
  ])("after %i polls without change from a %i s base: %i ms", (polls, base, want) => {
    expect(pollDelayMs(polls, base * 1000, 30_000)).toBe(want);
  });

  it("prints only events not seen before, oldest first", () => {
    const page = [{ id: "e4" }, { id: "e3" }, { id: "e2" }, { id: "e1" }] as never[];
    expect(newEvents(page, "e2").map((e: { id: string }) => e.id)).toEqual(["e3", "e4"]);
    expect(newEvents(page, undefined).map((e: { id: string }) => e.id)).toEqual([
      "e1",
      "e2",
      "e3",
      "e4",
    ]);
    expect(newEvents(page, "e4")).toEqual([]);
  });
});
