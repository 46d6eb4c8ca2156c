// A Qianfan fine-tuning task's life, derived from the clock: status, progress, checkpoints and
// metrics are computed from the create (and stop) times, never recorded by timers.
import { createHash } from "node:crypto";

export interface QianfanTaskTimings {
  /** From create to `Running`. */
  waitingMs: number;
  /** From `Running` to `Done` (or `Failed`). */
  runningMs: number;
}

export const DEFAULT_QIANFAN_TASK_TIMINGS: Readonly<QianfanTaskTimings> = {
  waitingMs: 2000,
  runningMs: 10000,
};

export type QianfanRunStatus = "Waiting" | "Running" | "Done" | "Stopped" | "Failed";

export const isFinishedRunStatus = (status: QianfanRunStatus) =>
  status === "Done" || status === "Stopped" || status === "Failed";

/** What the timeline needs; fixed at create, except the stop time. */
export interface TaskPlan {
  readonly id: string;
  readonly createdAtMs: number;
  readonly timings: Readonly<QianfanTaskTimings>;
  readonly epochs: number;
  /** Set when the task is scripted to fail at the end of running. */
  readonly failure: string | undefined;
  readonly stoppedAtMs: number | undefined;
}

export interface QianfanCheckpoint {
  step: number;
  perplexity: number;
  trainingLoss: number;
}

const STEPS_PER_EPOCH = 100;

export function taskPhaseEnds(plan: TaskPlan) {
  const waiting = plan.createdAtMs + plan.timings.waitingMs;
  return { waiting, finish: waiting + plan.timings.runningMs };
}

export function runStatusAt(plan: TaskPlan, nowMs: number): QianfanRunStatus {
  if (plan.stoppedAtMs !== undefined) return "Stopped";
  const ends = taskPhaseEnds(plan);
  if (nowMs >= ends.finish) return plan.failure ? "Failed" : "Done";
  return nowMs >= ends.waiting ? "Running" : "Waiting";
}

/** "0%" to "99%" while Running (whole percent, rounded down); undefined otherwise. */
export function runProgressAt(plan: TaskPlan, nowMs: number): string | undefined {
  if (runStatusAt(plan, nowMs) !== "Running") return undefined;
  const ends = taskPhaseEnds(plan);
  const percent = Math.floor((100 * (nowMs - ends.waiting)) / plan.timings.runningMs);
  return `${Math.min(99, percent)}%`;
}

/** When the task finished (ran out, failed or was stopped), or undefined while it runs. */
export function taskFinishedAtMs(plan: TaskPlan, nowMs: number): number | undefined {
  if (plan.stoppedAtMs !== undefined) return plan.stoppedAtMs;
  const { finish } = taskPhaseEnds(plan);
  return nowMs >= finish ? finish : undefined;
}

/** One checkpoint per epoch completed by now (or the stop); a failing task has no last one. */
export function taskCheckpointsAt(plan: TaskPlan, nowMs: number): QianfanCheckpoint[] {
  const ends = taskPhaseEnds(plan);
  const horizon = Math.min(nowMs, plan.stoppedAtMs ?? Infinity);
  const checkpoints: QianfanCheckpoint[] = [];
  for (let epoch = 1; epoch <= plan.epochs; epoch++) {
    const atMs = ends.waiting + (plan.timings.runningMs * epoch) / plan.epochs;
    if (atMs > horizon || (plan.failure && epoch === plan.epochs)) break;
    const falling = 0.2 + 1.8 * Math.exp((-2 * epoch) / plan.epochs);
    const loss = round4(falling * (1 + noise(plan, epoch)));
    checkpoints.push({
      step: epoch * STEPS_PER_EPOCH,
      perplexity: round4(Math.exp(loss)),
      trainingLoss: loss,
    });
  }
  return checkpoints;
}

/** Text-generation metrics as the service reports them once `Done`: percentages as text. */
export function metricsFor(plan: TaskPlan): Record<string, string> {
  const score = (kind: string, base: number) => `${(base * (1 + noise(plan, kind))).toFixed(2)}%`;
  return {
    "BLEU-4": score("bleu4", 16.5),
    "ROUGE-1": score("rouge1", 27.8),
    "ROUGE-2": score("rouge2", 12),
    "ROUGE-L": score("rougeL", 26),
  };
}

/** In [-0.1, 0.1), the same for the same task and key. */
function noise(plan: TaskPlan, key: string | number): number {
  const digest = createHash("sha256").update(`${plan.id}/${key}`).digest();
  return (digest.readUInt32BE(0) / 2 ** 32 - 0.5) / 5;
}

const round4 = (n: number) => Math.round(n * 10000) / 10000;
