import { checkQianfanJob, checkQianfanTask } from "../../provider/qianfan/inputs";
import { UNKNOWN } from "../../provider/core/unknown";

const job = { name: "faq-sft", model: "ERNIE-Speed-8K", trainMode: "SFT" };
const task = {
  jobId: "job-1xzycis4jm3b",
  parameterScale: "LoRA",
  hyperParameterConfig: { epoch: 1, learningRate: 0.00003, maxSeqLen: 4096 },
  datasetConfig: {
    sourceType: "Platform",
    versions: [{ versionId: "ds-he8srs01ym0b8fh7" }],
    splitRatio: 20,
  },
};
const jobReasons = (news: Record<string, unknown>) =>
  checkQianfanJob(news)
    .failures.map((f) => f.reason)
    .join("\n");
const taskReasons = (news: Record<string, unknown>) =>
  checkQianfanTask(news)
    .failures.map((f) => f.reason)
    .join("\n");

describe("checkQianfanJob", () => {
  it("accepts a job and defaults trainMode to SFT", () => {
    expect(checkQianfanJob({ name: "ab", model: "m" })).toEqual({
      inputs: { name: "ab", model: "m", trainMode: "SFT" },
      failures: [],
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["a one-character name", { ...job, name: "a" }, 'name: must be 2 to 20 characters (got "a")'],
    ["a 21-character name", { ...job, name: "x".repeat(21) }, "name: must be 2 to 20 characters"],
    ["no name", { model: "m" }, "name: is required"],
    [
      "a long description",
      { ...job, description: "d".repeat(501) },
      "description: must be a string of at most 500 characters",
    ],
    ["no model", { name: "ab" }, "model: is required"],
    [
      "an unknown train mode",
      { ...job, trainMode: "RLHF" },
      'trainMode: "RLHF" is not a training mode; use one of SFT, PostPretrain, DPO, KTO',
    ],
  ])("reports %s", (_name, news, message) => expect(jobReasons(news)).toContain(message));

  it("counts characters, not bytes, for Chinese names", () => {
    expect(jobReasons({ ...job, name: "千帆精调作业" })).toBe("");
  });
});

describe("checkQianfanTask", () => {
  it("accepts the documented example and fills the waiting defaults", () => {
    const result = checkQianfanTask(task);
    expect(result.failures).toEqual([]);
    expect(result.inputs).toMatchObject({
      waitForCompletion: false,
      completionTimeoutSeconds: 86400,
      pollIntervalSeconds: 10,
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["no job id", { ...task, jobId: undefined }, "jobId: is required"],
    [
      "a task id as job id",
      { ...task, jobId: "task-1" },
      'jobId: "task-1" is not a Qianfan job id',
    ],
    [
      "an unknown parameter scale",
      { ...task, parameterScale: "QLoRA" },
      'parameterScale: "QLoRA" is not a parameter scale',
    ],
    [
      "no hyperparameters",
      { ...task, hyperParameterConfig: undefined },
      "hyperParameterConfig: is required",
    ],
    [
      "60 epochs",
      { ...task, hyperParameterConfig: { epoch: 60 } },
      "hyperParameterConfig.epoch: must be a whole number from 1 to 50 (got 60)",
    ],
    [
      "a learning rate of 1",
      { ...task, hyperParameterConfig: { learningRate: 1 } },
      "hyperParameterConfig.learningRate: must be a number above 0 and below 1 (got 1)",
    ],
    [
      "maxSeqLen 3000",
      { ...task, hyperParameterConfig: { maxSeqLen: 3000 } },
      "hyperParameterConfig.maxSeqLen: must be one of 512, 1024",
    ],
    [
      "a string epoch",
      { ...task, hyperParameterConfig: { epoch: "1" } },
      "hyperParameterConfig.epoch: must be a whole number",
    ],
    [
      "loraTargetModules not a list",
      { ...task, hyperParameterConfig: { loraTargetModules: "q" } },
      "hyperParameterConfig.loraTargetModules: must be a list of strings",
    ],
    ["no dataset", { ...task, datasetConfig: undefined }, "datasetConfig: is required"],
    [
      "an unknown source",
      { ...task, datasetConfig: { ...task.datasetConfig, sourceType: "S3" } },
      'datasetConfig.sourceType: "S3" is not a source',
    ],
    [
      "no versions",
      { ...task, datasetConfig: { sourceType: "Platform", versions: [] } },
      "datasetConfig.versions: must be a non-empty list",
    ],
    [
      "a platform version without id",
      { ...task, datasetConfig: { sourceType: "Platform", versions: [{}] } },
      "datasetConfig.versions[0].versionId: is required for sourceType Platform",
    ],
    [
      "a BOS version without URI",
      { ...task, datasetConfig: { sourceType: "Bos", versions: [{ versionBosUri: "s3://x" }] } },
      "datasetConfig.versions[0].versionBosUri: is required for sourceType Bos",
    ],
    [
      "a sampling rate of 20",
      {
        ...task,
        datasetConfig: {
          sourceType: "Platform",
          versions: [{ versionId: "ds-1", samplingRate: 20 }],
        },
      },
      "datasetConfig.versions[0].samplingRate: must be a number from 0.01 to 10 (got 20)",
    ],
    [
      "a split ratio of 30",
      { ...task, datasetConfig: { ...task.datasetConfig, splitRatio: 30 } },
      "datasetConfig.splitRatio: must be a whole number from 0 to 20 (got 30)",
    ],
    [
      "a bad increment task",
      { ...task, incrementTaskId: "job-1" },
      'incrementTaskId: "job-1" is not a Qianfan task id',
    ],
    [
      "a string for waitForCompletion",
      { ...task, waitForCompletion: "no" },
      "waitForCompletion: must be true or false",
    ],
    [
      "a zero poll interval",
      { ...task, pollIntervalSeconds: 0 },
      "pollIntervalSeconds: must be a number from 1 to 3600",
    ],
  ])("reports %s", (_name, news, message) => expect(taskReasons(news)).toContain(message));

  it("lets unknown values through at preview", () => {
    expect(
      taskReasons({
        ...task,
        jobId: UNKNOWN,
        datasetConfig: UNKNOWN,
        hyperParameterConfig: { epoch: UNKNOWN },
      }),
    ).toBe("");
  });
});
