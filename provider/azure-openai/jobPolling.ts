/**
 * Waiting for a fine-tuning job: polls with backoff (reset on every status change, capped so a change is seen
 * within MAX_POLL_INTERVAL_SECONDS), prints each status change and the job's new events (never the whole list
 * again), and reads the events at most every two minutes while the status holds, to keep requests few.
 */
import type { FineTuningJob, FineTuningJobEvent } from "openai/resources/fine-tuning/jobs/jobs";
import { WaitClock, waitClock } from "../core/clock";
import { poll } from "../core/poll";
import { progress } from "../core/progress";
import { AzureOpenAIClient } from "./client";
import { metricsOf, progressLine, StepMetrics, summaryLine } from "./trainingProgress";
import { MAX_POLL_INTERVAL_SECONDS } from "./fineTuneJobInputs";

export const TERMINAL_JOB_STATUSES = ["succeeded", "failed", "cancelled"] as const;
export const EVENTS_EVERY_MS = 120_000;
const MAX_EVENT_LINES = 20;

/** Azure reports more statuses than the SDK's type lists (created, pending, pausing, paused, resuming). */
export function jobStatus(job: FineTuningJob): string {
  return job.status;
}

/** A pause in progress or in place: not a failure, and not the end. */
export const PAUSE_STATUSES: readonly string[] = ["pausing", "paused", "resuming"];

export function isPausedStatus(status: string): boolean {
  return status === "pausing" || status === "paused";
}

export function isTerminal(status: string): boolean {
  return (TERMINAL_JOB_STATUSES as readonly string[]).includes(status);
}

/** Events newer than `lastSeenId` from a newest-first page, oldest first. */
export function newEvents(
  page: readonly FineTuningJobEvent[],
  lastSeenId: string | undefined,
): FineTuningJobEvent[] {
  const fresh: FineTuningJobEvent[] = [];
  for (const event of page) {
    if (event.id === lastSeenId) break;
    fresh.push(event);
  }
  return fresh.reverse();
}

export interface JobWait {
  client: AzureOpenAIClient;
  jobId: string;
  label: string;
  timeoutMs: number;
  pollIntervalSeconds: number;
  /** Stop at these statuses (default: any terminal one). */
  until?: (status: string) => boolean;
  clock?: WaitClock;
  timeoutHint: string;
}

export async function waitForJob(wait: JobWait): Promise<FineTuningJob> {
  const clock = wait.clock ?? waitClock();
  const started = clock.now();
  const training: TrainingSeen = { trainLosses: [] };
  let lastEventId: string | undefined;
  let lastEventsAt = -Infinity;
  const job = await poll({
    what: `${wait.label} ${wait.jobId}`,
    read: () =>
      wait.client.call("read fine-tuning job", (openai) =>
        openai.fineTuning.jobs.retrieve(wait.jobId),
      ),
    state: (job) => job.status,
    detail: (job) => describeEta(job) + describePause(job, wait.until === undefined),
    done: (job) => (wait.until ?? isTerminal)(job.status),
    afterRead: async (_job, { changed, done }) => {
      if (!changed && !done && clock.now() - lastEventsAt < EVENTS_EVERY_MS) return;
      lastEventId = await printNewEvents(wait, lastEventId, training);
      lastEventsAt = clock.now();
    },
    timeoutMs: wait.timeoutMs,
    timeoutHint: wait.timeoutHint,
    firstDelayMs: wait.pollIntervalSeconds * 1000,
    maxDelayMs: MAX_POLL_INTERVAL_SECONDS * 1000,
    clock,
  });
  if (job.status === "succeeded" && wait.until === undefined) {
    const seconds = Math.round((clock.now() - started) / 1000);
    progress(`${wait.label} ${wait.jobId}: ${summaryLine(job, training.latest, seconds)}`);
  }
  return job;
}

/** What the metrics events have shown so far in one wait. */
interface TrainingSeen {
  latest?: StepMetrics;
  trainLosses: number[];
}

/**
 * Prints the events not seen yet: messages as they are, metrics condensed into one line for the newest step, with the
 * trend of the training loss.
 */
async function printNewEvents(
  wait: JobWait,
  lastSeenId: string | undefined,
  training: TrainingSeen,
): Promise<string | undefined> {
  const page = await wait.client.call("list fine-tuning job events", (openai) =>
    openai.fineTuning.jobs.listEvents(wait.jobId, { limit: 50 }),
  );
  const all = newEvents(page.data, lastSeenId);
  const metrics = all.map(metricsOf).filter((m): m is StepMetrics => m !== undefined);
  const fresh = all.filter((event) => metricsOf(event) === undefined);
  const shown = fresh.slice(-MAX_EVENT_LINES);
  if (fresh.length > shown.length)
    progress(
      `${wait.label} ${wait.jobId}: (${fresh.length - shown.length} earlier events not shown)`,
    );
  for (const event of shown)
    progress(`${wait.label} ${wait.jobId}: [${event.level}] ${event.message}`);
  for (const step of metrics)
    if (step.trainLoss !== undefined) training.trainLosses.push(step.trainLoss);
  const newest = metrics.at(-1);
  if (newest) {
    training.latest = newest;
    progress(`${wait.label} ${wait.jobId}: ${progressLine(newest, training.trainLosses)}`);
  }
  return page.data[0]?.id ?? lastSeenId;
}

/** Said once, when a wait for the end of training meets a paused job. */
function describePause(job: FineTuningJob, waitingForTheEnd: boolean): string {
  if (jobStatus(job) !== "paused" || !waitingForTheEnd) return "";
  return (
    "; waiting on a paused job: it goes on when it is resumed (by the service for developer training, or with " +
    "paused: false, or from the portal)"
  );
}

function describeEta(job: FineTuningJob): string {
  return job.estimated_finish
    ? `, estimated to finish at ${new Date(job.estimated_finish * 1000).toISOString()}`
    : "";
}
