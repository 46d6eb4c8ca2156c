import type { FineTuningJob, FineTuningJobEvent } from "openai/resources/fine-tuning/jobs/jobs";
import { metricsOf, progressLine, summaryLine } from "../../provider/azure-openai/trainingProgress";
import { sparkline } from "../../provider/core/sparkline";
import { describeMetrics } from "../../provider/qianfan/taskProvider";

const event = (type: "message" | "metrics", data: unknown): FineTuningJobEvent => ({
  id: "e",
  created_at: 1,
  level: "info",
  message: "m",
  object: "fine_tuning.job.event",
  type,
  data,
});

describe("sparkline", () => {
  it.each<[number[], string]>([
    [[], ""],
    [[1], "▄"],
    [[2, 2, 2], "▄▄▄"],
    [[4, 3, 2, 1, 0], "█▆▅▃▁"],
    [[0, 7], "▁█"],
    [[1, Number.NaN, 0], "█▁"],
  ])("%j -> %s", (values, line) => expect(sparkline(values)).toBe(line));

  it("shows only the last values that fit", () => {
    expect(sparkline([9, 9, 9, 0, 1], 2)).toBe("▁█");
  });
});

describe("training progress lines", () => {
  it.each<[string, FineTuningJobEvent, object | undefined]>([
    [
      "a metrics event",
      event("metrics", { step: 40, total_steps: 120, train_loss: 0.5, valid_loss: 0.6 }),
      { step: 40, totalSteps: 120, trainLoss: 0.5, validLoss: 0.6 },
    ],
    ["a metrics event without losses", event("metrics", { step: 3 }), { step: 3 }],
    ["a message event", event("message", { step: 1 }), undefined],
    ["metrics without a step", event("metrics", { train_loss: 1 }), undefined],
    ["metrics with no data", event("metrics", null), undefined],
  ])("metricsOf %s", (_name, given, want) => {
    const metrics = metricsOf(given);
    if (want === undefined) expect(metrics).toBeUndefined();
    else expect(metrics).toMatchObject(want);
  });

  it("one line: the newest step, its losses and the trend of the training loss", () => {
    expect(
      progressLine(
        { step: 40, totalSteps: 120, trainLoss: 0.5321, validLoss: 0.611 },
        [0.9, 0.7, 0.5321],
      ),
    ).toBe("step 40/120: train loss 0.5321, valid loss 0.6110 █▄▁");
    expect(progressLine({ step: 2 }, [])).toBe("step 2: train loss n/a, valid loss n/a");
  });

  it("a summary when the job has succeeded", () => {
    const job = { status: "succeeded", trained_tokens: 34560 } as Pick<
      FineTuningJob,
      "status" | "trained_tokens"
    >;
    expect(
      summaryLine(job as FineTuningJob, { step: 120, trainLoss: 0.21, validLoss: 0.33 }, 95),
    ).toBe(
      "succeeded: 120 steps, 34560 tokens, final train loss 0.2100, valid loss 0.3300, in 95 s",
    );
    expect(summaryLine({ ...job, trained_tokens: null } as FineTuningJob, undefined, 5)).toBe(
      "succeeded: in 5 s",
    );
  });

  it("a Qianfan task's final metrics", () => {
    expect(describeMetrics({ loss: 0.12, accuracy: 0.91, steps: 40, note: "x" })).toBe(
      "; metrics: loss 0.1200, accuracy 0.9100, steps 40",
    );
    expect(describeMetrics(undefined)).toBe("");
  });
});
