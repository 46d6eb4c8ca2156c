import { checkFineTuneJob } from "../../provider/azure-openai/fineTuneJobInputs";
import { createJobBody, matchesCreatedJob } from "../../provider/azure-openai/fineTuneJobProvider";
import { newEvents } from "../../provider/azure-openai/jobPolling";
import { pollDelayMs } from "../../provider/core/poll";
import { UNKNOWN } from "../../provider/core/unknown";

const CONTEXT = { apiVersion: "2025-04-01-preview", exists: false };
const base = { model: "gpt-4o-mini-2024-07-18", trainingFileId: "file-abc" };
const reasons = (news: Record<string, unknown>) =>
  checkFineTuneJob(news, CONTEXT)
    .failures.map((f) => f.reason)
    .join("\n");

describe("checkFineTuneJob", () => {
  it("accepts a minimal job and fills the waiting defaults", () => {
    const result = checkFineTuneJob(base, CONTEXT);
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
    const result = checkFineTuneJob({ ...base, model: "gpt-9-preview" }, CONTEXT);
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

describe("trainingType, metadata and paused", () => {
  const check = (news: Record<string, unknown>, context: Partial<typeof CONTEXT> = {}) =>
    checkFineTuneJob({ ...base, ...news }, { ...CONTEXT, ...context });
  const reasonsOf = (news: Record<string, unknown>, context: Partial<typeof CONTEXT> = {}) =>
    check(news, context).failures.map((f) => f.reason);

  it.each<[string, string]>([
    ["standard", "standard"],
    ["Standard", "standard"],
    ["globalstandard", "globalStandard"],
    ["globalStandard", "globalStandard"],
    ["Global Standard", "globalStandard"],
    ["global_standard", "globalStandard"],
    ["developer", "developer"],
    ["developerTier", "developer"],
    ["DEVELOPERTIER", "developer"],
  ])("trainingType %j is stored as %j", (given, stored) => {
    const result = check({ trainingType: given });
    expect(result.failures).toEqual([]);
    expect(result.inputs.trainingType).toBe(stored);
  });

  it.each<[string, Record<string, unknown>, Partial<typeof CONTEXT>, string[]]>([
    [
      "an unknown training type",
      { trainingType: "premium" },
      {},
      [
        'trainingType: "premium" is not a training type; use standard, globalStandard or developer (any letter case; globalstandard and developerTier are read too).',
      ],
    ],
    [
      "a numeric training type",
      { trainingType: 2 },
      {},
      [
        "trainingType: 2 is not a training type; use standard, globalStandard or developer (any letter case; globalstandard and developerTier are read too).",
      ],
    ],
    [
      "metadata on a dated api-version",
      { metadata: { owner: "ml" } },
      {},
      [
        'metadata: api-version 2025-04-01-preview has no job metadata; set the resource\'s apiVersion (or stack config azure-openai:apiVersion) to "v1".',
      ],
    ],
    ["metadata on v1", { metadata: { owner: "ml" } }, { apiVersion: "v1" }, []],
    [
      "metadata that is a list",
      { metadata: ["owner"] },
      { apiVersion: "v1" },
      ['metadata: must be an object of strings, e.g. { owner: "ml-team" }.'],
    ],
    [
      "a number in metadata",
      { metadata: { cost: 5 } },
      { apiVersion: "v1" },
      ["metadata.cost: must be a string (got 5)."],
    ],
    [
      "15 pairs",
      { metadata: Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`k${i}`, "v"])) },
      { apiVersion: "v1" },
      [],
    ],
    [
      "16 pairs: one of the service's 16 is the marker's",
      { metadata: Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, "v"])) },
      { apiVersion: "v1" },
      [
        'metadata: has 16 pairs; at most 15: the service keeps 16, and one ("pulumi-finetune") carries the marker that lets a run that follows an interrupted one find the job.',
      ],
    ],
    [
      "the marker's key",
      { metadata: { "pulumi-finetune": "mine" } },
      { apiVersion: "v1" },
      [
        "metadata.pulumi-finetune: is kept for the job's marker, which pulumi-finetune sets itself; use another key.",
      ],
    ],
    [
      "a 65-character key",
      { metadata: { ["k".repeat(65)]: "v" } },
      { apiVersion: "v1" },
      [`metadata.${"k".repeat(20)}…: keys are at most 64 characters (this one has 65).`],
    ],
    [
      "a 513-character value",
      { metadata: { owner: "v".repeat(513) } },
      { apiVersion: "v1" },
      ["metadata.owner: values are at most 512 characters (this one has 513)."],
    ],
    [
      "64 and 512 characters fit",
      { metadata: { ["k".repeat(64)]: "v".repeat(512) } },
      { apiVersion: "v1" },
      [],
    ],
    [
      "paused on a new job",
      { paused: true },
      {},
      [
        "paused: a new job cannot start paused: create it with paused: false (or leave it out), and set paused: true once it has trained a step.",
      ],
    ],
    ["paused on an existing job", { paused: true }, { exists: true }, []],
    [
      "paused on 2024-10-21",
      { paused: true },
      { exists: true, apiVersion: "2024-10-21" },
      [
        'paused: api-version 2024-10-21 has no pause and resume; set the resource\'s apiVersion (or stack config azure-openai:apiVersion) to "v1" or 2025-04-01-preview.',
      ],
    ],
    [
      "paused that is not a boolean",
      { paused: "yes" },
      { exists: true },
      ["paused: must be true or false."],
    ],
    ["not paused on 2024-10-21", { paused: false }, { apiVersion: "2024-10-21" }, []],
    [
      "an api-version that is no api-version",
      { apiVersion: "latest" },
      {},
      [
        'apiVersion: "latest" is not an Azure OpenAI api-version; use "v1" or a dated one such as 2025-04-01-preview.',
      ],
    ],
    [
      "unknown values at preview",
      { trainingType: UNKNOWN, metadata: UNKNOWN, paused: UNKNOWN },
      {},
      [],
    ],
  ])("%s", (_name, news, context, want) => {
    expect(reasonsOf(news, context)).toEqual(want);
  });

  it("paused defaults to false", () => {
    expect(check({}).inputs.paused).toBe(false);
  });

  it("the create body sends the training type as the docs spell it, and metadata as given", () => {
    const inputs = {
      ...base,
      waitForCompletion: false,
      completionTimeoutSeconds: 1,
      pollIntervalSeconds: 5,
      paused: false,
    };
    expect(
      createJobBody({ ...inputs, trainingType: "globalStandard", metadata: { owner: "ml" } }),
    ).toMatchObject({
      trainingType: "globalstandard",
      metadata: { owner: "ml" },
    });
    expect(createJobBody({ ...inputs, trainingType: "developer" }).trainingType).toBe(
      "developerTier",
    );
    expect(createJobBody({ ...inputs, trainingType: "standard" }).trainingType).toBe("standard");
    expect(createJobBody(inputs)).not.toHaveProperty("trainingType");
    expect(createJobBody(inputs)).not.toHaveProperty("metadata");
  });
});

describe("reinforcement fine-tuning", () => {
  const grader = {
    type: "string_check" as const,
    name: "exact",
    input: "{{sample.output_text}}",
    reference: "{{item.answer}}",
    operation: "eq",
  };
  const rft = {
    model: "o4-mini-2025-04-16",
    trainingFileId: "file-train",
    validationFileId: "file-valid",
    method: {
      type: "reinforcement",
      reinforcement: {
        grader,
        hyperparameters: {
          reasoningEffort: "medium",
          computeMultiplier: 1,
          evalInterval: 5,
          evalSamples: "auto",
          nEpochs: 2,
        },
      },
    },
  };
  const V1 = { apiVersion: "v1", exists: false };
  const check = (news: Record<string, unknown>, context = V1) => checkFineTuneJob(news, context);
  const reasonsOf = (news: Record<string, unknown>, context = V1) =>
    check(news, context).failures.map((f) => f.reason);

  it("accepts a reinforcement job on v1, with no warning for o4-mini", () => {
    expect(check(rft)).toMatchObject({ failures: [], warnings: [] });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    [
      "no validation file",
      { ...rft, validationFileId: undefined },
      [
        "validationFileId: is required for reinforcement fine-tuning: give validationFile (or validationFileId) too.",
      ],
    ],
    [
      "no reinforcement settings",
      { ...rft, method: { type: "reinforcement" } },
      [
        "method.reinforcement: is required for method type reinforcement: { grader, responseFormat?, hyperparameters? }.",
      ],
    ],
    [
      "a broken grader",
      {
        ...rft,
        method: {
          type: "reinforcement",
          reinforcement: { grader: { ...grader, operation: "is" } },
        },
      },
      ['method.reinforcement.grader.operation: "is" is not one of eq, ne, like, ilike.'],
    ],
    [
      "a bad reasoning effort",
      {
        ...rft,
        method: {
          type: "reinforcement",
          reinforcement: { grader, hyperparameters: { reasoningEffort: "max" } },
        },
      },
      [
        'method.reinforcement.hyperparameters.reasoningEffort: "max" is not one of default, low, medium, high.',
      ],
    ],
    [
      "a zero compute multiplier",
      {
        ...rft,
        method: {
          type: "reinforcement",
          reinforcement: { grader, hyperparameters: { computeMultiplier: 0 } },
        },
      },
      [
        'method.reinforcement.hyperparameters.computeMultiplier: must be "auto" or a number above 0 and up to 10 (got 0).',
      ],
    ],
    [
      "a fractional eval interval",
      {
        ...rft,
        method: {
          type: "reinforcement",
          reinforcement: { grader, hyperparameters: { evalInterval: 1.5 } },
        },
      },
      [
        'method.reinforcement.hyperparameters.evalInterval: must be "auto" or a whole number from 1 to 1000 (got 1.5).',
      ],
    ],
    [
      "beta in a reinforcement job",
      {
        ...rft,
        method: {
          type: "reinforcement",
          reinforcement: { grader, hyperparameters: { beta: 0.1 } },
        },
      },
      [
        "method.reinforcement.hyperparameters.beta: is not a hyperparameter here; use nEpochs, batchSize, learningRateMultiplier (beta is for method type dpo).",
      ],
    ],
    [
      "hyperparameters beside reinforcement",
      {
        ...rft,
        method: {
          type: "reinforcement",
          reinforcement: { grader },
          hyperparameters: { nEpochs: 1 },
        },
      },
      [
        "method.hyperparameters: give a reinforcement job's hyperparameters in method.reinforcement.hyperparameters.",
      ],
    ],
    [
      "a bad response format",
      {
        ...rft,
        method: {
          type: "reinforcement",
          reinforcement: { grader, responseFormat: { type: "text" } },
        },
      },
      [
        'method.reinforcement.responseFormat: must be { type: "json_schema", json_schema: { name, schema } } (the service\'s response_format).',
      ],
    ],
    [
      "a chat training file",
      { ...rft, trainingFileFormat: "chat" },
      [
        'trainingFileId: the training file\'s examples are chat examples; reinforcement fine-tuning needs examples that end with a "user" message: declare dataFormat: "reinforcement" on the training file and fix the data.',
      ],
    ],
  ])("refuses %s", (_name, news, want) => {
    expect(reasonsOf(news)).toEqual(want);
  });

  it("is refused on a dated api-version, naming it", () => {
    expect(reasonsOf(rft, { apiVersion: "2025-04-01-preview", exists: false })).toEqual([
      'method.type: api-version 2025-04-01-preview has no reinforcement fine-tuning; set the resource\'s apiVersion (or stack config azure-openai:apiVersion) to "v1".',
    ]);
  });

  it("warns on a model that reinforcement is not offered for", () => {
    expect(check({ ...rft, model: "gpt-4.1-2025-04-14" }).warnings).toEqual([
      'model: reinforcement fine-tuning is offered for o4-mini-2025-04-16; "gpt-4.1-2025-04-14" is sent as given, and the service decides.',
    ]);
  });

  it("a supervised job refuses a file declared for reinforcement", () => {
    expect(reasonsOf({ ...base, trainingFileFormat: "reinforcement" })).toEqual([
      "trainingFileId: the training file holds reinforcement examples; use method type reinforcement, or another file.",
    ]);
  });

  it("the create body carries the grader as given and the hyperparameters as the service names them", () => {
    const inputs = {
      ...rft,
      waitForCompletion: false,
      completionTimeoutSeconds: 1,
      pollIntervalSeconds: 5,
      paused: false,
    } as const;
    expect(
      createJobBody({
        ...inputs,
        method: {
          type: "reinforcement",
          reinforcement: {
            grader,
            hyperparameters: {
              reasoningEffort: "low",
              computeMultiplier: 2,
              evalSamples: "auto",
              nEpochs: 1,
            },
          },
        },
      }).method,
    ).toEqual({
      type: "reinforcement",
      reinforcement: {
        grader,
        hyperparameters: {
          n_epochs: 1,
          reasoning_effort: "low",
          compute_multiplier: 2,
          eval_samples: "auto",
        },
      },
    });
  });
});

describe("the job method on a GA dated api-version", () => {
  const inputs = {
    ...base,
    waitForCompletion: false,
    completionTimeoutSeconds: 1,
    pollIntervalSeconds: 5,
    paused: false,
  };

  it("a supervised method's hyperparameters go to the top level, which is all 2024-10-21 has", () => {
    const body = createJobBody(
      { ...inputs, method: { type: "supervised", hyperparameters: { nEpochs: 2 } } },
      "2024-10-21",
    );
    expect(body).not.toHaveProperty("method");
    expect(body.hyperparameters).toEqual({ n_epochs: 2 });
  });

  it("DPO is refused at preview, naming the api-version", () => {
    const failures = checkFineTuneJob(
      { ...base, method: { type: "dpo" } },
      { apiVersion: "2024-10-21", exists: false },
    ).failures;
    expect(failures.map((f) => f.reason)).toEqual([
      'method.type: api-version 2024-10-21 has no training methods other than supervised (the job `method`); set the resource\'s apiVersion (or stack config azure-openai:apiVersion) to "v1" or 2025-04-01-preview.',
    ]);
  });
});
