import type { FineTuningJobCheckpoint } from "openai/resources/fine-tuning/jobs/checkpoints";
import { checkpointProblem, chooseCheckpoint } from "../../provider/azure-openai/checkpoints";

const checkpoint = (id: string, step: number): FineTuningJobCheckpoint => ({
  id,
  step_number: step,
  created_at: step,
  fine_tuned_model_checkpoint: `model:ckpt-step-${step}`,
  fine_tuning_job_id: "ftjob-1",
  metrics: {},
  object: "fine_tuning.job.checkpoint",
});
const LIST = [
  checkpoint("ftchkpt-b", 20),
  checkpoint("ftchkpt-c", 30),
  checkpoint("ftchkpt-a", 10),
];

describe("checkpoints", () => {
  it.each<[string, Parameters<typeof chooseCheckpoint>[1], string | undefined]>([
    ["latest: the highest step, whatever the order", "latest", "ftchkpt-c"],
    ["a step number", 20, "ftchkpt-b"],
    ["a step not reached yet", 40, undefined],
    ["an id", "ftchkpt-a", "ftchkpt-a"],
    ["an id that is not there", "ftchkpt-z", undefined],
  ])("chooses %s", (_name, choice, want) => {
    expect(chooseCheckpoint(LIST, choice)?.id).toBe(want);
  });

  it("latest of none is none", () => {
    expect(chooseCheckpoint([], "latest")).toBeUndefined();
  });

  it.each<[unknown, boolean]>([
    ["latest", true],
    [1, true],
    [300, true],
    ["ftchkpt-abc_1", true],
    [0, false],
    [1.5, false],
    ["newest", false],
    ["chkpt-1", false],
    [{}, false],
  ])("checkpointProblem(%j) accepts it: %s", (value, ok) => {
    expect(checkpointProblem(value) === undefined).toBe(ok);
  });
});
