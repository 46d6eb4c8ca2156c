// A fine-tuning job's life, derived from the clock: status, events, checkpoints and metrics are
// computed from the time the job was created (and cancelled), never recorded by timers.
import { createHash } from "node:crypto";
import { derivedId } from "../ids";

export interface JobTimings {
  /** From create to `validating_files`. */
  pendingMs: number;
  /** From `validating_files` to `queued`. */
  validatingMs: number;
  /** From `queued` to `running`. */
  queuedMs: number;
  /** From `running` to `succeeded` (or `failed`). */
  runningMs: number;
}

export const DEFAULT_JOB_TIMINGS: Readonly<JobTimings> = {
  pendingMs: 1000,
  validatingMs: 2000,
  queuedMs: 2000,
  runningMs: 10000,
};

export type JobStatus =
  "pending" | "validating_files" | "queued" | "running" | "succeeded" | "failed" | "cancelled";

export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = ["succeeded", "failed", "cancelled"];
export const isTerminalJobStatus = (status: JobStatus) => TERMINAL_JOB_STATUSES.includes(status);

export interface JobError {
  code: string;
  message: string;
  param: string | null;
}

/** What the timeline needs; fixed at create, except the cancel time. */
export interface JobPlan {
  readonly id: string;
  readonly createdAtMs: number;
  readonly timings: Readonly<JobTimings>;
  readonly trainingFile: string;
  readonly validationFile: string | null;
  readonly seed: number;
  readonly nEpochs: number;
  readonly stepsPerEpoch: number;
  /** The name the model gets if the job succeeds. */
  readonly modelName: string;
  /** Set when the job is scripted to fail at the end of running. */
  readonly failure: JobError | undefined;
  readonly cancelledAtMs: number | undefined;
}

export interface StepMetrics {
  step: number;
  train_loss: number;
  train_mean_token_accuracy: number;
  valid_loss: number;
  valid_mean_token_accuracy: number;
  full_valid_loss: number;
  full_valid_mean_token_accuracy: number;
}

export interface JobEvent {
  id: string;
  createdAtMs: number;
  level: "info" | "warn" | "error";
  type: "message" | "metrics";
  message: string;
  data: Record<string, unknown>;
}

export interface JobCheckpoint {
  id: string;
  createdAtMs: number;
  stepNumber: number;
  modelCheckpoint: string;
  metrics: StepMetrics;
}

/** Metrics events (and results rows) per job: one per 10% of the steps. */
const SAMPLES = 10;

export function phaseEnds(plan: JobPlan) {
  const { pendingMs, validatingMs, queuedMs, runningMs } = plan.timings;
  const pending = plan.createdAtMs + pendingMs;
  const validating = pending + validatingMs;
  const queued = validating + queuedMs;
  return { pending, validating, queued, finish: queued + runningMs };
}

export function statusAt(plan: JobPlan, nowMs: number): JobStatus {
  if (plan.cancelledAtMs !== undefined) return "cancelled";
  const ends = phaseEnds(plan);
  if (nowMs >= ends.finish) return plan.failure ? "failed" : "succeeded";
  if (nowMs >= ends.queued) return "running";
  if (nowMs >= ends.validating) return "queued";
  if (nowMs >= ends.pending) return "validating_files";
  return "pending";
}

export const totalSteps = (plan: JobPlan) => plan.nEpochs * plan.stepsPerEpoch;

/** Events up to `nowMs`, oldest first; each id depends only on the job and what happened. */
export function eventsAt(plan: JobPlan, nowMs: number): JobEvent[] {
  const ends = phaseEnds(plan);
  const event = (
    key: string,
    atMs: number,
    message: string,
    extra: Partial<JobEvent> = {},
  ): JobEvent => ({
    id: derivedId("ftevent-", `${plan.id}/${key}`),
    createdAtMs: atMs,
    level: "info",
    type: "message",
    message,
    data: {},
    ...extra,
  });
  const validation = plan.validationFile ? ` and validation file: ${plan.validationFile}` : "";
  const events = [
    event("created", plan.createdAtMs, `Created fine-tuning job: ${plan.id}`),
    event(
      "validating",
      ends.pending,
      `Validating training file: ${plan.trainingFile}${validation}`,
    ),
    event("validated", ends.validating, "Files validated, moving job to queued state"),
    event("started", ends.queued, "Fine-tuning job started"),
  ];
  const total = totalSteps(plan);
  for (const step of sampledSteps(plan)) {
    // A failing job stops before its last step.
    if (plan.failure && step === total) continue;
    const { full_valid_loss, full_valid_mean_token_accuracy, ...metrics } = metricsAt(plan, step);
    const message = `Step ${step}/${total}: training loss=${metrics.train_loss.toFixed(4)}`;
    const data = { ...metrics, total_steps: total };
    events.push(event(`step-${step}`, stepAtMs(plan, step), message, { type: "metrics", data }));
  }
  if (plan.failure) {
    const message = `Fine-tuning job failed: ${plan.failure.message}`;
    events.push(event("failed", ends.finish, message, { level: "error" }));
  } else {
    events.push(event("model", ends.finish, `New fine-tuned model created: ${plan.modelName}`));
    events.push(event("succeeded", ends.finish, "The job has successfully completed"));
  }
  const cancelledAtMs = plan.cancelledAtMs;
  const lasting =
    cancelledAtMs === undefined
      ? events
      : [
          ...events.filter((e) => e.createdAtMs <= cancelledAtMs),
          event("cancelled", cancelledAtMs, "Fine-tuning job cancelled"),
        ];
  return lasting.filter((e) => e.createdAtMs <= nowMs);
}

/** One checkpoint per epoch completed by `nowMs`, oldest first; a failing job has no last one. */
export function checkpointsAt(plan: JobPlan, nowMs: number): JobCheckpoint[] {
  const ends = phaseEnds(plan);
  const horizon = Math.min(nowMs, plan.cancelledAtMs ?? Infinity);
  const checkpoints: JobCheckpoint[] = [];
  for (let epoch = 1; epoch <= plan.nEpochs; epoch++) {
    const atMs = ends.queued + (plan.timings.runningMs * epoch) / plan.nEpochs;
    if (atMs > horizon || (plan.failure && epoch === plan.nEpochs)) break;
    const step = epoch * plan.stepsPerEpoch;
    checkpoints.push({
      id: derivedId("ftchkpt-", `${plan.id}/epoch-${epoch}`),
      createdAtMs: atMs,
      stepNumber: step,
      modelCheckpoint: `${plan.modelName}:ckpt-step-${step}`,
      metrics: metricsAt(plan, step),
    });
  }
  return checkpoints;
}

/** The results file of a succeeded job: one row per sampled step. */
export function resultsCsv(plan: JobPlan): string {
  const header = "step,train_loss,train_mean_token_accuracy,valid_loss,valid_mean_token_accuracy";
  const rows = sampledSteps(plan).map((step) => {
    const m = metricsAt(plan, step);
    return [
      step,
      m.train_loss,
      m.train_mean_token_accuracy,
      m.valid_loss,
      m.valid_mean_token_accuracy,
    ];
  });
  return [header, ...rows.map((row) => row.join(","))].join("\n") + "\n";
}

/** Loss falling with progress, with a little noise fixed by the seed: plausible and repeatable. */
export function metricsAt(plan: JobPlan, step: number): StepMetrics {
  const progress = step / totalSteps(plan);
  const loss = (kind: string, scale: number) =>
    round4(scale * (0.15 + 1.85 * Math.exp(-3 * progress)) * (1 + 0.06 * noise(plan, step, kind)));
  const accuracy = (value: number) => round4(Math.min(0.99, Math.max(0.01, 1 - value / 2.2)));
  const train = loss("train", 1);
  const valid = loss("valid", 1.08);
  const fullValid = loss("full", 1.1);
  return {
    step,
    train_loss: train,
    train_mean_token_accuracy: accuracy(train),
    valid_loss: valid,
    valid_mean_token_accuracy: accuracy(valid),
    full_valid_loss: fullValid,
    full_valid_mean_token_accuracy: accuracy(fullValid),
  };
}

/** Up to SAMPLES steps spread evenly, the last one being the final step. */
function sampledSteps(plan: JobPlan): number[] {
  const total = totalSteps(plan);
  const count = Math.min(total, SAMPLES);
  return Array.from({ length: count }, (_, k) => Math.ceil(((k + 1) * total) / count));
}

function stepAtMs(plan: JobPlan, step: number): number {
  return phaseEnds(plan).queued + (plan.timings.runningMs * step) / totalSteps(plan);
}

/** In [-0.5, 0.5), the same for the same seed, step and kind. */
function noise(plan: JobPlan, step: number, kind: string): number {
  const digest = createHash("sha256").update(`${plan.seed}/${step}/${kind}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32 - 0.5;
}

const round4 = (n: number) => Math.round(n * 10000) / 10000;
