// A fine-tuning job's life, derived from the clock: status, events, checkpoints and metrics are
// computed from the time the job was created (and paused, resumed or cancelled), never recorded by
// timers. Training time runs only while the job is `running`: a pause (asked for, or one the plan
// makes by itself) stops it from `pausing` until `resuming` ends, so the finish moves later by that.
import { createHash } from "node:crypto";
import { derivedId } from "../ids";

export interface JobTimings {
  /** From create to `validating_files`. */
  pendingMs: number;
  /** From `validating_files` to `queued`. */
  validatingMs: number;
  /** From `queued` to `running`. */
  queuedMs: number;
  /** From `running` to `succeeded` (or `failed`): training time, which pauses do not count. */
  runningMs: number;
  /** From a pause (asked for, or by the system) to `paused`. */
  pausingMs: number;
  /** From a resume (asked for, or by the system) to `running` again. */
  resumingMs: number;
}

export const DEFAULT_JOB_TIMINGS: Readonly<JobTimings> = {
  pendingMs: 1000,
  validatingMs: 2000,
  queuedMs: 2000,
  runningMs: 10000,
  pausingMs: 1000,
  resumingMs: 1000,
};

export type JobStatus =
  | "pending"
  | "validating_files"
  | "queued"
  | "running"
  | "pausing"
  | "paused"
  | "resuming"
  | "succeeded"
  | "failed"
  | "cancelled";

/** Who paused a job: its owner (the pause route), the system (developer tier), or its cost limit. */
export type PauseKind = "requested" | "system" | "costLimit";

/** A pause the plan makes by itself once the job has trained `afterSteps` steps. */
export interface AutoPause {
  readonly kind: Exclude<PauseKind, "requested">;
  readonly afterSteps: number;
  /** Resumes by itself this long after it is `paused`; undefined: only a resume request does. */
  readonly resumeAfterMs: number | undefined;
}

/** One pause on the timeline, from `pausing` to the end of `resuming` (Infinity until resumed). */
export interface PauseSpan {
  /** 0 for the job's first pause, and so on: part of its events' and checkpoint's ids. */
  readonly index: number;
  readonly kind: PauseKind;
  readonly startMs: number;
  /** When `pausing` ends and `paused` begins. */
  readonly pausedMs: number;
  /** When `resuming` begins; undefined while nothing has resumed it. */
  readonly resumeMs: number | undefined;
  /** True when a resume request (not the system) ended it. */
  readonly resumedOnRequest: boolean;
  /** When the job is `running` again; Infinity until it is resumed. */
  readonly endMs: number;
  /** Training time done when it began. */
  readonly trainedMs: number;
  /** Steps trained when it began. */
  readonly step: number;
}

export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = ["succeeded", "failed", "cancelled"];
export const isTerminalJobStatus = (status: JobStatus) => TERMINAL_JOB_STATUSES.includes(status);

export interface JobError {
  code: string;
  message: string;
  param: string | null;
}

/** What the timeline needs; fixed at create, except the pause, resume and cancel times. */
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
  /** Pauses the job makes by itself (system pauses, a cost limit); none for most jobs. */
  readonly autoPauses: readonly AutoPause[];
  /** When pause requests were accepted (the job was running), oldest first. */
  readonly pauseRequests: readonly number[];
  /** When resume requests were accepted (the job was paused), oldest first. */
  readonly resumeRequests: readonly number[];
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

/** When each phase ends; `finish` is Infinity while a pause waits for a resume request. */
export function phaseEnds(plan: JobPlan) {
  const { pending, validating, queued } = startPhaseEnds(plan);
  return { pending, validating, queued, finish: wallAtTrained(plan, plan.timings.runningMs) };
}

function startPhaseEnds(plan: JobPlan) {
  const { pendingMs, validatingMs, queuedMs } = plan.timings;
  const pending = plan.createdAtMs + pendingMs;
  const validating = pending + validatingMs;
  return { pending, validating, queued: validating + queuedMs };
}

export function statusAt(plan: JobPlan, nowMs: number): JobStatus {
  if (plan.cancelledAtMs !== undefined) return "cancelled";
  const ends = phaseEnds(plan);
  if (nowMs >= ends.finish) return plan.failure ? "failed" : "succeeded";
  if (nowMs >= ends.queued) {
    const pause = pausesOf(plan).find((p) => p.startMs <= nowMs && nowMs < p.endMs);
    if (!pause) return "running";
    if (nowMs < pause.pausedMs) return "pausing";
    return pause.resumeMs === undefined || nowMs < pause.resumeMs ? "paused" : "resuming";
  }
  if (nowMs >= ends.validating) return "queued";
  if (nowMs >= ends.pending) return "validating_files";
  return "pending";
}

/**
 * The job's pauses, oldest first: the requested ones where they were asked for, the plan's own
 * where training reaches their step. Each ends at the first resume request made while it was
 * `paused` or, for a system pause, by itself, whichever comes first. Cancelling is not applied.
 */
export function pausesOf(plan: JobPlan): PauseSpan[] {
  const { runningMs, pausingMs, resumingMs } = plan.timings;
  const total = totalSteps(plan);
  const autos = plan.autoPauses
    .map((auto) => ({ ...auto, trainedMs: (runningMs * auto.afterSteps) / total }))
    .filter((auto) => auto.afterSteps >= 1 && auto.trainedMs < runningMs)
    .sort((a, b) => a.trainedMs - b.trainedMs);
  const requests = [...plan.pauseRequests].sort((a, b) => a - b);
  const resumes = [...plan.resumeRequests].sort((a, b) => a - b);
  const spans: PauseSpan[] = [];
  let wall = startPhaseEnds(plan).queued;
  let trained = 0;
  for (;;) {
    const auto = autos[0];
    const autoAt = auto ? wall + (auto.trainedMs - trained) : Infinity;
    const requestAt = requests[0] ?? Infinity;
    // A pause is only accepted while running, so none starts at or after the finish.
    if (wall + (runningMs - trained) <= Math.min(autoAt, requestAt)) return spans;
    const requested = requestAt <= autoAt;
    const startMs = requested ? requestAt : autoAt;
    if (requested) requests.shift();
    // Set, not added up, for the plan's own: rounding must not leave it just short of its point.
    trained = requested || !auto ? trained + Math.max(0, startMs - wall) : auto.trainedMs;
    // This pause stands for any of the plan's own due at the same point.
    while (autos[0] && autos[0].trainedMs <= trained) autos.shift();
    const pausedMs = startMs + pausingMs;
    while (resumes[0] !== undefined && resumes[0] < pausedMs) resumes.shift();
    const asked = resumes[0];
    const byItself =
      !requested && auto?.resumeAfterMs !== undefined ? pausedMs + auto.resumeAfterMs : undefined;
    const onRequest = asked !== undefined && (byItself === undefined || asked < byItself);
    if (onRequest) resumes.shift();
    const resumeMs = onRequest ? asked : byItself;
    const endMs = resumeMs === undefined ? Infinity : resumeMs + resumingMs;
    spans.push({
      index: spans.length,
      kind: requested ? "requested" : (auto?.kind ?? "system"),
      startMs,
      pausedMs,
      resumeMs,
      resumedOnRequest: onRequest,
      endMs,
      trainedMs: trained,
      step: stepsIn(plan, trained),
    });
    if (endMs === Infinity) return spans;
    wall = endMs;
    while (requests[0] !== undefined && requests[0] < wall) requests.shift();
  }
}

/** Training time done by `nowMs` (0 before running, `runningMs` at most). */
export function trainedAt(plan: JobPlan, nowMs: number): number {
  const start = startPhaseEnds(plan).queued;
  if (nowMs <= start) return 0;
  let trained = nowMs - start;
  for (const pause of pausesOf(plan)) {
    if (nowMs <= pause.startMs) break;
    trained -= Math.min(nowMs, pause.endMs) - pause.startMs;
  }
  return Math.min(plan.timings.runningMs, Math.max(0, trained));
}

/** When the job would finish if it paused no more after `nowMs` (what an estimate can know). */
export function finishForeseenAt(plan: JobPlan, nowMs: number): number {
  let finish = startPhaseEnds(plan).queued + plan.timings.runningMs;
  for (const pause of pausesOf(plan)) {
    if (pause.startMs <= nowMs) finish += pause.endMs - pause.startMs;
  }
  return finish;
}

/** Steps trained by `nowMs`. */
export const stepsAt = (plan: JobPlan, nowMs: number) => stepsIn(plan, trainedAt(plan, nowMs));

function stepsIn(plan: JobPlan, trainedMs: number): number {
  const { runningMs } = plan.timings;
  if (runningMs === 0) return totalSteps(plan);
  // The epsilon keeps a step that ends exactly at `trainedMs` from being lost to rounding.
  return Math.min(totalSteps(plan), Math.floor((trainedMs * totalSteps(plan)) / runningMs + 1e-9));
}

/** When training reaches `trainedMs`: after every pause that began before it. */
function wallAtTrained(plan: JobPlan, trainedMs: number): number {
  let wall = startPhaseEnds(plan).queued + trainedMs;
  for (const pause of pausesOf(plan)) {
    if (pause.trainedMs < trainedMs) wall += pause.endMs - pause.startMs;
  }
  return wall;
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
  for (const pause of pausesOf(plan)) events.push(...pauseEvents(plan, pause, event));
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
  return lasting
    .filter((e) => e.createdAtMs <= nowMs)
    .sort((a, b) => a.createdAtMs - b.createdAtMs);
}

type EventMaker = (
  key: string,
  atMs: number,
  message: string,
  extra?: Partial<JobEvent>,
) => JobEvent;

/** A pause's events: pausing, paused (with its checkpoint), then resuming and resumed. */
function pauseEvents(plan: JobPlan, pause: PauseSpan, event: EventMaker): JobEvent[] {
  const at = `step ${pause.step}/${totalSteps(plan)}`;
  const key = `pause-${pause.index}`;
  const why: Record<PauseKind, string> = {
    requested: `Pausing fine-tuning job at ${at}, as requested`,
    system:
      `The system is pausing the fine-tuning job at ${at} (developer tier: capacity was ` +
      "reclaimed); it will resume by itself",
    costLimit:
      `Pausing fine-tuning job at ${at}: it has reached its cost limit; resume it to continue ` +
      "training",
  };
  const checkpoint = `${plan.modelName}:ckpt-step-${pause.step}`;
  const events = [
    event(`${key}/pausing`, pause.startMs, why[pause.kind]),
    event(`${key}/paused`, pause.pausedMs, `Fine-tuning job paused; checkpoint: ${checkpoint}`),
  ];
  if (pause.resumeMs !== undefined) {
    const resuming = pause.resumedOnRequest
      ? "Resuming fine-tuning job, as requested"
      : "The system is resuming the fine-tuning job";
    events.push(event(`${key}/resuming`, pause.resumeMs, resuming));
    events.push(event(`${key}/resumed`, pause.endMs, `Fine-tuning job resumed at ${at}`));
  }
  return events;
}

/**
 * One checkpoint per epoch completed by `nowMs`, and one at each pause's step once it is `paused`
 * (a paused job can be deployed from), oldest first; a failing job has no last one.
 */
export function checkpointsAt(plan: JobPlan, nowMs: number): JobCheckpoint[] {
  const horizon = Math.min(nowMs, plan.cancelledAtMs ?? Infinity);
  const checkpoint = (key: string, atMs: number, step: number): JobCheckpoint => ({
    id: derivedId("ftchkpt-", `${plan.id}/${key}`),
    createdAtMs: atMs,
    stepNumber: step,
    modelCheckpoint: `${plan.modelName}:ckpt-step-${step}`,
    metrics: metricsAt(plan, step),
  });
  const checkpoints: JobCheckpoint[] = [];
  for (let epoch = 1; epoch <= plan.nEpochs; epoch++) {
    if (plan.failure && epoch === plan.nEpochs) break;
    const atMs = wallAtTrained(plan, (plan.timings.runningMs * epoch) / plan.nEpochs);
    checkpoints.push(checkpoint(`epoch-${epoch}`, atMs, epoch * plan.stepsPerEpoch));
  }
  for (const pause of pausesOf(plan)) {
    if (pause.step < 1 || checkpoints.some((c) => c.stepNumber === pause.step)) continue;
    checkpoints.push(checkpoint(`step-${pause.step}`, pause.pausedMs, pause.step));
  }
  return checkpoints
    .filter((c) => c.createdAtMs <= horizon)
    .sort((a, b) => a.createdAtMs - b.createdAtMs || a.stepNumber - b.stepNumber);
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
  return wallAtTrained(plan, (plan.timings.runningMs * step) / totalSteps(plan));
}

/** In [-0.5, 0.5), the same for the same seed, step and kind. */
function noise(plan: JobPlan, step: number, kind: string): number {
  const digest = createHash("sha256").update(`${plan.seed}/${step}/${kind}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32 - 0.5;
}

const round4 = (n: number) => Math.round(n * 10000) / 10000;
