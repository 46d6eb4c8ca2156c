/**
 * What a job's metrics events say while it trains: one line per read with the newest step's losses and the trend of
 * the training loss, and a summary when the job has succeeded. Pure, for the table tests.
 */
import type { FineTuningJob, FineTuningJobEvent } from "openai/resources/fine-tuning/jobs/jobs";
import { sparkline } from "../core/sparkline";

export interface StepMetrics {
  step: number;
  totalSteps?: number;
  trainLoss?: number;
  validLoss?: number;
}

const numberIn = (data: Record<string, unknown>, key: string): number | undefined => {
  const value = data[key];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
};

/** The metrics a `metrics` event carries (Azure: step, train_loss, valid_loss, … in `data`). */
export function metricsOf(event: FineTuningJobEvent): StepMetrics | undefined {
  if (event.type !== "metrics" || typeof event.data !== "object" || event.data === null)
    return undefined;
  const data = event.data as Record<string, unknown>;
  const step = numberIn(data, "step");
  if (step === undefined) return undefined;
  return {
    step,
    totalSteps: numberIn(data, "total_steps"),
    trainLoss: numberIn(data, "train_loss"),
    validLoss: numberIn(data, "valid_loss"),
  };
}

const loss = (value: number | undefined) => (value === undefined ? "n/a" : value.toFixed(4));

/** e.g. "step 40/120: train loss 0.5321, valid loss 0.6110 ▇▆▅▄▃" */
export function progressLine(latest: StepMetrics, trainLosses: readonly number[]): string {
  const of = latest.totalSteps === undefined ? "" : `/${latest.totalSteps}`;
  const trend = sparkline(trainLosses);
  return (
    `step ${latest.step}${of}: train loss ${loss(latest.trainLoss)}, valid loss ${loss(latest.validLoss)}` +
    (trend ? ` ${trend}` : "")
  );
}

/** e.g. "succeeded: 120 steps, 34560 tokens, final train loss 0.2100, valid loss 0.3300, in 95 s" */
export function summaryLine(
  job: FineTuningJob,
  last: StepMetrics | undefined,
  seconds: number,
): string {
  const parts = [
    last ? `${last.step} steps` : undefined,
    typeof job.trained_tokens === "number" ? `${job.trained_tokens} tokens` : undefined,
    last
      ? `final train loss ${loss(last.trainLoss)}, valid loss ${loss(last.validLoss)}`
      : undefined,
    `in ${seconds} s`,
  ].filter(Boolean);
  return `${job.status}: ${parts.join(", ")}`;
}
