import type { FineTuningJobObject } from "../../emulator";
import { findOperation, requestProblems, responseProblems } from "../specs/specs";
import { manualClock, readError, useEmulator } from "./helpers";
import { BASE_MODEL, trainingFileId } from "./jobHelpers";
import {
  DATED_JOBS,
  fileWith,
  jobFetch,
  jobOf,
  postTo,
  RFT_MODEL,
  rftBody,
  rftJsonl,
  rftLine,
  STRING_CHECK,
  V1_JOBS,
} from "./jobV1Helpers";

const PREVIEW = "2025-04-01-preview";
const NANO = "gpt-4.1-nano-2025-04-14";

describe("Azure fine-tuning jobs: trainingType", () => {
  const emulator = useEmulator({ processingMs: 0 });
  const create = async (fields: Record<string, unknown>, apiVersion = PREVIEW) =>
    postTo(
      emulator(),
      DATED_JOBS,
      { model: BASE_MODEL, training_file: await trainingFileId(emulator()), ...fields },
      apiVersion,
    );

  it.each([
    ["standard", "standard"],
    ["Standard", "standard"],
    ["globalstandard", "globalStandard"],
    ["globalStandard", "globalStandard"],
    ["GLOBALSTANDARD", "globalStandard"],
    ["developer", "developer"],
    ["developerTier", "developer"],
    ["developertier", "developer"],
    ["DeveloperTier", "developer"],
  ])("accepts %j as %s, and returns it on the job", async (given, normalised) => {
    const job = await jobOf(await create({ trainingType: given }));
    expect(job.trainingType).toBe(normalised);
    const read = await jobOf(await jobFetch(emulator(), `${V1_JOBS}/${job.id}`));
    expect(read.trainingType).toBe(normalised);
    expect(emulator().store.jobs.get(job.id)?.trainingType).toBe(normalised);
  });

  it.each([["global"], ["global standard"], ["provisioned"], [""], [1], [true], [{}]])(
    "refuses %j with 400 naming trainingType",
    async (given) => {
      const res = await create({ trainingType: given });
      expect(res.status).toBe(400);
      const error = await readError(res);
      expect(error).toMatchObject({ code: "invalidPayload", target: "trainingType" });
      expect(error.message).toContain("standard, globalStandard, developer");
      expect(emulator().store.jobs.list()).toEqual([]);
    },
  );

  it("leaves trainingType off the job when the create did not say", async () => {
    const job = await jobOf(await create({}));
    expect(job).not.toHaveProperty("trainingType");
    expect(emulator().store.jobs.get(job.id)?.trainingType).toBeNull();
  });

  it.each([
    [NANO, undefined, 400],
    [NANO, "standard", 400],
    [NANO, "globalStandard", 201],
    [NANO, "developer", 201],
    [RFT_MODEL, undefined, 400],
    [BASE_MODEL, undefined, 201],
    [BASE_MODEL, "standard", 201],
  ])(
    "a job for %s with trainingType %j answers %i (global-only models refuse standard)",
    async (model, trainingType, want) => {
      const res = await create({ model, trainingType });
      expect(res.status).toBe(want);
      if (want === 400) {
        expect(await readError(res)).toEqual({
          code: "invalidPayload",
          message: "The specified base model does not support fine-tuning.",
          target: "model",
        });
      }
    },
  );
});

describe("Azure fine-tuning jobs: globalOnlyModels option", () => {
  const emulator = useEmulator({ processingMs: 0, globalOnlyModels: [BASE_MODEL] });

  it("takes the models it is given", async () => {
    const training = await trainingFileId(emulator());
    const refused = await postTo(emulator(), V1_JOBS, {
      model: BASE_MODEL,
      training_file: training,
    });
    expect((await readError(refused)).message).toBe(
      "The specified base model does not support fine-tuning.",
    );
    const nano = await postTo(emulator(), V1_JOBS, { model: NANO, training_file: training });
    expect(nano.status).toBe(200);
  });
});

describe("Azure fine-tuning jobs: metadata (v1)", () => {
  const emulator = useEmulator({ processingMs: 0 });
  const create = async (metadata: unknown, path = V1_JOBS, apiVersion?: string) =>
    postTo(
      emulator(),
      path,
      { model: BASE_MODEL, training_file: await trainingFileId(emulator()), metadata },
      apiVersion,
    );
  const pairs = (n: number) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`key${i}`, `value${i}`]));

  it.each<[string, unknown, Record<string, string> | null]>([
    ["none", undefined, null],
    ["null", null, null],
    ["no pairs", {}, null],
    ["one pair", { team: "search" }, { team: "search" }],
    ["16 pairs", pairs(16), pairs(16)],
    ["a 64-character key", { ["k".repeat(64)]: "v" }, { ["k".repeat(64)]: "v" }],
    ["a 512-character value", { k: "v".repeat(512) }, { k: "v".repeat(512) }],
    ["512 characters of two bytes each", { k: "é".repeat(512) }, { k: "é".repeat(512) }],
    ["an empty value", { k: "" }, { k: "" }],
  ])("accepts %s and returns it on every v1 read", async (_, given, stored) => {
    const res = await create(given);
    expect(res.status).toBe(200);
    const job = await jobOf(res);
    expect(job.metadata).toEqual(stored);
    const read = await jobOf(await jobFetch(emulator(), `${V1_JOBS}/${job.id}`));
    expect(read.metadata).toEqual(stored);
    const list = (await (await jobFetch(emulator(), V1_JOBS)).json()) as {
      data: FineTuningJobObject[];
    };
    expect(list.data[0]?.metadata).toEqual(stored);
  });

  it.each<[string, unknown, string]>([
    ["17 pairs", pairs(17), "metadata"],
    ["a 65-character key", { ["k".repeat(65)]: "v" }, "metadata"],
    ["an empty key", { "": "v" }, "metadata"],
    ["a 513-character value", { k: "v".repeat(513) }, "metadata.k"],
    ["a number value", { k: 1 }, "metadata.k"],
    ["a null value", { k: null }, "metadata.k"],
    ["an object value", { k: { a: "b" } }, "metadata.k"],
    ["a string", "team=search", "metadata"],
    ["an array", ["a"], "metadata"],
  ])("refuses %s with 400 naming the field", async (_, given, target) => {
    const res = await create(given);
    expect(res.status).toBe(400);
    expect(await readError(res)).toMatchObject({ code: "invalidPayload", target });
    expect(emulator().store.jobs.list()).toEqual([]);
  });

  it.each(["2024-10-21", PREVIEW])("refuses metadata on the dated routes (%s)", async (version) => {
    const res = await create({ team: "search" }, DATED_JOBS, version);
    expect(res.status).toBe(400);
    const error = await readError(res);
    expect(error).toMatchObject({ code: "invalidPayload", target: "metadata" });
    expect(error.message).toContain(`api-version ${version}`);
    expect(error.message).toContain("v1");
    expect((await create(null, DATED_JOBS, version)).status).toBe(201);
  });

  it("shows metadata on dated reads only when the job has some", async () => {
    const tagged = await jobOf(await create({ team: "search" }));
    const plain = await jobOf(await create(undefined));
    expect(plain.metadata).toBeNull();
    const dated = async (id: string) =>
      jobOf(await jobFetch(emulator(), `${DATED_JOBS}/${id}`, {}, PREVIEW));
    expect((await dated(tagged.id)).metadata).toEqual({ team: "search" });
    expect(await dated(plain.id)).not.toHaveProperty("metadata");
  });
});

describe("Azure fine-tuning jobs: reinforcement fine-tuning (v1)", () => {
  const emulator = useEmulator({ processingMs: 0 });
  const files = async () => ({
    training: await fileWith(emulator(), rftJsonl(12)),
    validation: await fileWith(emulator(), rftJsonl(4)),
  });
  const withMethod = (reinforcement: unknown) => ({
    method: { type: "reinforcement", reinforcement },
  });
  const withGrader = (grader: unknown) => withMethod({ grader });
  const TEXT_SIMILARITY = {
    type: "text_similarity",
    name: "close",
    input: "{{sample.output_text}}",
    reference: "{{item.answer}}",
    evaluation_metric: "fuzzy_match",
  };
  const SCORE_MODEL = {
    type: "score_model",
    name: "judge",
    model: "gpt-4o-2024-08-06",
    input: [
      { role: "system", content: "Score the answer from 0 to 1." },
      { role: "user", content: { type: "input_text", text: "{{sample.output_text}}" } },
    ],
    range: [0, 1],
  };
  const MULTI = {
    type: "multi",
    name: "both",
    graders: { exact: STRING_CHECK, close: TEXT_SIMILARITY },
    calculate_output: "0.5 * exact + 0.5 * close",
  };
  const G = "method.reinforcement.grader";
  const H = "method.reinforcement.hyperparameters";

  it.each([
    ["string_check", STRING_CHECK],
    ["text_similarity", TEXT_SIMILARITY],
    ["score_model", SCORE_MODEL],
    ["multi", MULTI],
    ["multi with a score_model", { ...MULTI, graders: { judge: SCORE_MODEL } }],
  ])("creates a job with a %s grader and echoes it", async (_, grader) => {
    const { training, validation } = await files();
    const res = await postTo(
      emulator(),
      V1_JOBS,
      rftBody(training, validation, withGrader(grader)),
    );
    expect(res.status).toBe(200);
    const job = await jobOf(res);
    expect(job).toMatchObject({
      model: RFT_MODEL,
      status: "pending",
      validation_file: validation,
      trainingType: "globalStandard",
      metadata: null,
      method: {
        type: "reinforcement",
        reinforcement: {
          grader,
          hyperparameters: {
            n_epochs: 3,
            batch_size: 1,
            learning_rate_multiplier: 1,
            reasoning_effort: "medium",
            compute_multiplier: 1,
            eval_interval: 1,
            eval_samples: 1,
          },
        },
      },
    });
    expect(emulator().store.jobs.get(job.id)?.methodType).toBe("reinforcement");
  });

  it("resolves the hyperparameters given, and keeps the response format", async () => {
    const { training, validation } = await files();
    const responseFormat = { type: "json_schema", json_schema: { name: "answer", schema: {} } };
    const hyperparameters = {
      n_epochs: 2,
      batch_size: "auto",
      reasoning_effort: "high",
      compute_multiplier: 2.5,
      eval_interval: 5,
      eval_samples: "auto",
    };
    const body = rftBody(
      training,
      validation,
      withMethod({ grader: STRING_CHECK, response_format: responseFormat, hyperparameters }),
    );
    const job = await jobOf(await postTo(emulator(), V1_JOBS, body));
    expect(job.hyperparameters).toEqual({
      n_epochs: 2,
      batch_size: 1,
      learning_rate_multiplier: 1,
    });
    expect(job.method).toEqual({
      type: "reinforcement",
      reinforcement: {
        grader: STRING_CHECK,
        response_format: responseFormat,
        hyperparameters: {
          n_epochs: 2,
          batch_size: 1,
          learning_rate_multiplier: 1,
          reasoning_effort: "high",
          compute_multiplier: 2.5,
          eval_interval: 5,
          eval_samples: 1,
        },
      },
    });
  });

  const missing = <T extends object>(value: T, key: keyof T) =>
    Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));

  it.each<[string, Record<string, unknown>]>([
    ["method.reinforcement", withMethod(undefined)],
    ["method.reinforcement", withMethod("grader")],
    [G, withMethod({})],
    [G, withGrader("exact")],
    [`${G}.type`, withGrader(missing(STRING_CHECK, "type"))],
    [`${G}.type`, withGrader({ ...STRING_CHECK, type: "python" })],
    [`${G}.type`, withGrader({ ...STRING_CHECK, type: "label_model" })],
    [`${G}.name`, withGrader(missing(STRING_CHECK, "name"))],
    [`${G}.name`, withGrader({ ...STRING_CHECK, name: "" })],
    [`${G}.input`, withGrader({ ...STRING_CHECK, input: 1 })],
    [`${G}.reference`, withGrader(missing(STRING_CHECK, "reference"))],
    [`${G}.operation`, withGrader({ ...STRING_CHECK, operation: "contains" })],
    [`${G}.operation`, withGrader(missing(STRING_CHECK, "operation"))],
    [`${G}.input`, withGrader(missing(TEXT_SIMILARITY, "input"))],
    [`${G}.evaluation_metric`, withGrader({ ...TEXT_SIMILARITY, evaluation_metric: "rouge_6" })],
    [`${G}.evaluation_metric`, withGrader(missing(TEXT_SIMILARITY, "evaluation_metric"))],
    [`${G}.model`, withGrader(missing(SCORE_MODEL, "model"))],
    [`${G}.input`, withGrader({ ...SCORE_MODEL, input: "Score it." })],
    [`${G}.input`, withGrader({ ...SCORE_MODEL, input: [] })],
    [
      `${G}.input[1].role`,
      withGrader({ ...SCORE_MODEL, input: [SCORE_MODEL.input[0], { content: "x" }] }),
    ],
    [`${G}.input[0].role`, withGrader({ ...SCORE_MODEL, input: [{ role: "bot", content: "x" }] })],
    [`${G}.input[0].content`, withGrader({ ...SCORE_MODEL, input: [{ role: "user" }] })],
    [
      `${G}.input[0].content`,
      withGrader({ ...SCORE_MODEL, input: [{ role: "user", content: 1 }] }),
    ],
    [
      `${G}.input[0].content`,
      withGrader({
        ...SCORE_MODEL,
        input: [{ role: "user", content: { type: "image", text: "x" } }],
      }),
    ],
    [
      `${G}.input[0].type`,
      withGrader({ ...SCORE_MODEL, input: [{ role: "user", content: "x", type: "text" }] }),
    ],
    [`${G}.input[0]`, withGrader({ ...SCORE_MODEL, input: ["x"] })],
    [`${G}.range`, withGrader({ ...SCORE_MODEL, range: [1, 0] })],
    [`${G}.range`, withGrader({ ...SCORE_MODEL, range: [0] })],
    [`${G}.graders`, withGrader(missing(MULTI, "graders"))],
    [`${G}.graders`, withGrader({ ...MULTI, graders: {} })],
    [`${G}.graders`, withGrader({ ...MULTI, graders: [STRING_CHECK] })],
    [`${G}.graders.inner.type`, withGrader({ ...MULTI, graders: { inner: MULTI } })],
    [
      `${G}.graders.exact.operation`,
      withGrader({ ...MULTI, graders: { exact: { ...STRING_CHECK, operation: "~" } } }),
    ],
    [
      `${G}.graders.judge.input[0].role`,
      withGrader({
        ...MULTI,
        graders: { judge: { ...SCORE_MODEL, input: [{ role: "x", content: "" }] } },
      }),
    ],
    [
      `${G}.graders.close.name`,
      withGrader({ ...MULTI, graders: { close: missing(TEXT_SIMILARITY, "name") } }),
    ],
    [`${G}.calculate_output`, withGrader(missing(MULTI, "calculate_output"))],
    [
      "method.reinforcement.response_format.type",
      withMethod({ grader: STRING_CHECK, response_format: { type: "text" } }),
    ],
    [
      "method.reinforcement.response_format.json_schema",
      withMethod({ grader: STRING_CHECK, response_format: { type: "json_schema" } }),
    ],
    [
      `${H}.reasoning_effort`,
      withMethod({ grader: STRING_CHECK, hyperparameters: { reasoning_effort: "max" } }),
    ],
    [
      `${H}.compute_multiplier`,
      withMethod({ grader: STRING_CHECK, hyperparameters: { compute_multiplier: 0 } }),
    ],
    [
      `${H}.compute_multiplier`,
      withMethod({ grader: STRING_CHECK, hyperparameters: { compute_multiplier: 11 } }),
    ],
    [
      `${H}.eval_interval`,
      withMethod({ grader: STRING_CHECK, hyperparameters: { eval_interval: 0 } }),
    ],
    [
      `${H}.eval_interval`,
      withMethod({ grader: STRING_CHECK, hyperparameters: { eval_interval: 1.5 } }),
    ],
    [
      `${H}.eval_samples`,
      withMethod({ grader: STRING_CHECK, hyperparameters: { eval_samples: 0 } }),
    ],
    [
      `${H}.eval_samples`,
      withMethod({ grader: STRING_CHECK, hyperparameters: { eval_samples: "all" } }),
    ],
    [`${H}.n_epochs`, withMethod({ grader: STRING_CHECK, hyperparameters: { n_epochs: 0 } })],
    [H, withMethod({ grader: STRING_CHECK, hyperparameters: 3 })],
    ["validation_file", { validation_file: undefined }],
    ["model", { model: BASE_MODEL }],
  ])("answers 400 invalidPayload naming %s", async (target, fields) => {
    const { training, validation } = await files();
    const res = await postTo(emulator(), V1_JOBS, rftBody(training, validation, fields));
    expect(res.status).toBe(400);
    const error = await readError(res);
    expect(error).toMatchObject({ code: "invalidPayload", target });
    expect(error.message).toContain(
      target
        .split(".")
        .at(-1)
        ?.replace(/\[\d+\]$/, "") ?? "",
    );
    expect(emulator().store.jobs.list()).toEqual([]);
  });

  it("says which models take reinforcement fine-tuning", async () => {
    const { training, validation } = await files();
    const res = await postTo(emulator(), V1_JOBS, rftBody(training, validation, { model: NANO }));
    expect((await readError(res)).message).toBe(
      `The specified base model does not support reinforcement fine-tuning. '${NANO}' is not one ` +
        `of: ${RFT_MODEL}.`,
    );
  });

  it.each(["2024-10-21", PREVIEW])(
    "refuses reinforcement on the dated routes (%s)",
    async (version) => {
      const { training, validation } = await files();
      const res = await postTo(emulator(), DATED_JOBS, rftBody(training, validation), version);
      expect(res.status).toBe(400);
      const error = await readError(res);
      expect(error).toMatchObject({ code: "invalidPayload", target: "method.type" });
      expect(error.message).toContain("supervised, dpo");
      expect(error.message).toContain(`api-version ${version} has no reinforcement fine-tuning`);
    },
  );

  const chat = (last: string) =>
    JSON.stringify({
      messages: [
        { role: "user", content: "Hi" },
        { role: last, content: "Hello" },
      ],
      answer: "x",
    });

  it.each([
    ["training_file", "ends with an assistant message", chat("assistant"), "role is 'assistant'"],
    ["validation_file", "ends with an assistant message", chat("assistant"), "role is 'assistant'"],
    [
      "training_file",
      "ends with a system message",
      chat("system").replace('"Hi"}', '"Hi"},{"role":"assistant","content":"a"}'),
      "role is 'system'",
    ],
    [
      "training_file",
      "is a prompt/completion pair",
      JSON.stringify({ prompt: "p", completion: "c" }),
      "non-empty messages array",
    ],
  ])("refuses a %s whose line 3 %s, naming the line", async (target, _, bad, why) => {
    const content = `${rftLine(1)}\n${rftLine(2)}\n${bad}\n${rftLine(4)}\n`;
    const broken = await fileWith(emulator(), content);
    expect(emulator().store.getFile(broken)).toBeDefined();
    const { training, validation } = await files();
    const body =
      target === "training_file" ? rftBody(broken, validation) : rftBody(training, broken);
    const res = await postTo(emulator(), V1_JOBS, body);
    expect(res.status).toBe(400);
    const error = await readError(res);
    expect(error).toMatchObject({ code: "invalidPayload", target });
    expect(error.message).toContain(`File '${broken}' cannot train this job: Line 3: `);
    expect(error.message).toContain(why);
  });

  it("processes reinforcement data like any fine-tune file, and refuses it for a supervised job", async () => {
    const training = await fileWith(emulator(), rftJsonl(12));
    const file = emulator().store.getFile(training);
    expect(file && (await emulator().store.fileState(file))).toEqual({
      status: "processed",
      statusDetails: null,
    });
    const res = await postTo(emulator(), V1_JOBS, { model: BASE_MODEL, training_file: training });
    expect(res.status).toBe(400);
    const error = await readError(res);
    expect(error).toMatchObject({ code: "invalidPayload", target: "training_file" });
    expect(error.message).toContain("Line 1: messages has no assistant message");
    // A chat line of only a user message is still refused at upload.
    const bare = await fileWith(
      emulator(),
      `${JSON.stringify({ messages: [{ role: "user", content: "q" }] })}\n`,
    );
    const bareFile = emulator().store.getFile(bare);
    expect(bareFile && (await emulator().store.fileState(bareFile))).toMatchObject({
      status: "error",
    });
  });

  it("sends and answers what the v1 spec's schemas say (but the pending status)", async () => {
    const { training, validation } = await files();
    const body = rftBody(training, validation, {
      metadata: { team: "search" },
      method: {
        type: "reinforcement",
        reinforcement: {
          grader: MULTI,
          response_format: { type: "json_schema", json_schema: { name: "a", schema: {} } },
          hyperparameters: { reasoning_effort: "low", compute_multiplier: 2, eval_samples: 3 },
        },
      },
    });
    expect(requestProblems("v1", "POST", V1_JOBS, undefined, body)).toEqual([]);
    const res = await postTo(emulator(), V1_JOBS, body);
    const op = findOperation("v1", "POST", V1_JOBS);
    if (!op) throw new Error("The v1 spec has no job create.");
    const problems = responseProblems(op, res.status, await res.json());
    expect(problems).toEqual([
      'v1 POST /fine_tuning/jobs: $.status: "pending" is not one of validating_files, queued, ' +
        "running, succeeded, failed, cancelled",
    ]);
  });

  it("runs a reinforcement job to success on the clock", async () => {
    const { training, validation } = await files();
    const job = await jobOf(await postTo(emulator(), V1_JOBS, rftBody(training, validation)));
    manualClock(emulator()).advance(15000);
    const done = await jobOf(await jobFetch(emulator(), `${V1_JOBS}/${job.id}`));
    expect(done).toMatchObject({
      status: "succeeded",
      fine_tuned_model: expect.stringMatching(/^o4-mini-2025-04-16\.ft-[0-9a-f]{32}$/),
    });
  });
});
