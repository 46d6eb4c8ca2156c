import { checkQianfanModel } from "../../provider/qianfan/modelInputs";
import { UNKNOWN } from "../../provider/core/unknown";

const model = { taskId: "task-yuc4f8mt3a7y", modelSetName: "faq-bot" };
const reasons = (news: Record<string, unknown>) =>
  checkQianfanModel(news)
    .failures.map((f) => f.reason)
    .join("\n");

describe("checkQianfanModel", () => {
  it("accepts a model published into a set it creates, and fills the defaults", () => {
    expect(checkQianfanModel(model)).toEqual({
      inputs: {
        ...model,
        modelType: "Text2Text",
        readyTimeoutSeconds: 3600,
        pollIntervalSeconds: 5,
      },
      failures: [],
    });
  });

  it("accepts an existing set, without a model type", () => {
    const { inputs, failures } = checkQianfanModel({
      taskId: model.taskId,
      modelSetId: "am-gh0azfeb9adu",
      checkpointStep: 50,
    });
    expect(failures).toEqual([]);
    expect(inputs.modelType).toBeUndefined();
  });

  it("fails nothing on values not known yet (preview)", () => {
    expect(reasons({ taskId: UNKNOWN, modelSetId: UNKNOWN, checkpointStep: UNKNOWN })).toBe("");
    expect(reasons({ taskId: UNKNOWN, modelSetName: UNKNOWN })).toBe("");
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["no task", { ...model, taskId: undefined }, "taskId: is required: a Done QianfanFineTuneTask"],
    [
      "a job id as task id",
      { ...model, taskId: "job-jk7fbup3znye" },
      'taskId: "job-jk7fbup3znye" is not a Qianfan fine-tuning task id (task-…)',
    ],
    [
      "step 0",
      { ...model, checkpointStep: 0 },
      "checkpointStep: must be a whole number from 1 to 1000000000 (got 0)",
    ],
    ["a step of 1.5", { ...model, checkpointStep: 1.5 }, "checkpointStep: must be a whole number"],
    [
      "neither a set nor a set name",
      { taskId: model.taskId },
      "modelSetName: is required unless modelSetId is given",
    ],
    [
      "both a set and a set name",
      { ...model, modelSetId: "am-1" },
      "modelSetName: give modelSetId (an existing model set) or modelSetName (a set this resource creates), not both",
    ],
    [
      "a version id as set id",
      { taskId: model.taskId, modelSetId: "amv-1" },
      'modelSetId: "amv-1" is not a Qianfan model set id (am-…)',
    ],
    [
      "an empty set name",
      { ...model, modelSetName: "" },
      "modelSetName: must be a non-empty string",
    ],
    [
      "an old SDK model type",
      { ...model, modelType: "TextRepresentation" },
      'modelType: "TextRepresentation" is not a Qianfan model type; use one of Text2Text',
    ],
    [
      "a model type with an existing set",
      { taskId: model.taskId, modelSetId: "am-1", modelType: "Text2Text" },
      "modelType: is only for a model set this resource creates",
    ],
    [
      "a 301-character description",
      { ...model, description: "d".repeat(301) },
      "description: must be a string of at most 300 characters (got 301)",
    ],
    [
      "a ready timeout of 0",
      { ...model, readyTimeoutSeconds: 0 },
      "readyTimeoutSeconds: must be a number from 1",
    ],
    [
      "a poll interval as text",
      { ...model, pollIntervalSeconds: "5" },
      "pollIntervalSeconds: must be a number",
    ],
  ])("reports %s", (_name, news, message) => expect(reasons(news)).toContain(message));
});
