/**
 * Waiting for a fine-tuning job: polls with backoff (reset on every status change, capped so a change is seen
 * within MAX_POLL_INTERVAL_SECONDS), prints each status change and the job's new events (never the whole list
 * again), and reads the events at most every two minutes while the status holds, to keep requests few.
 */
import type { FineTuningJob, FineTuningJobEvent } from "openai/resources/fine-tuning/jobs/jobs";
import { WaitTimeoutError } from "../core/errors";
import { progress } from "../core/progress";
import { systemWaitClock, WaitClock } from "../core/wait";
import { AzureOpenAIClient } from "./client";
import { MAX_POLL_INTERVAL_SECONDS } from "./fineTuneJobInputs";

export const TERMINAL_JOB_STATUSES = ["succeeded", "failed", "cancelled"] as const;
export const EVENTS_EVERY_MS = 120_000;
const MAX_EVENT_LINES = 20;

export function isTerminal(status: string): boolean {
  return (TERMINAL_JOB_STATUSES as readonly string[]).includes(status);
}

/** Delay before the next poll: the base interval, growing by half after each poll without a change. */
export function pollDelayMs(pollsSinceChange: number, baseSeconds: number, maxSeconds = MAX_POLL_INTERVAL_SECONDS): number {
  const cap = Math.max(baseSeconds, maxSeconds);
  return Math.round(Math.min(cap, baseSeconds * 1.5 ** pollsSinceChange) * 1000);
}

/** Events newer than `lastSeenId` from a newest-first page, oldest first. */
export function newEvents(page: readonly FineTuningJobEvent[], lastSeenId: string | undefined): FineTuningJobEvent[] {
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
  const clock = wait.clock ?? systemWaitClock;
  const until = wait.until ?? isTerminal;
  const started = clock.now();
  let lastStatus: string | undefined;
  let lastEventId: string | undefined;
  let lastEventsAt = -Infinity;
  let pollsSinceChange = 0;
  for (;;) {
    const job = await wait.client.call("read fine-tuning job", (openai) => openai.fineTuning.jobs.retrieve(wait.jobId));
    const changed = job.status !== lastStatus;
    const done = until(job.status);
    if (changed || done || clock.now() - lastEventsAt >= EVENTS_EVERY_MS) {
      lastEventId = await printNewEvents(wait, lastEventId);
      lastEventsAt = clock.now();
    }
    if (changed) {
      const elapsed = Math.round((clock.now() - started) / 1000);
      progress(`${wait.label} ${wait.jobId}: ${job.status} (${elapsed} s)${describeEta(job)}`);
      lastStatus = job.status;
      pollsSinceChange = 0;
    } else {
      pollsSinceChange++;
    }
    if (done) return job;
    const elapsed = clock.now() - started;
    if (elapsed >= wait.timeoutMs) {
      throw new WaitTimeoutError(
        `${wait.label} ${wait.jobId} is still ${job.status} after ${Math.round(elapsed / 1000)} s. ${wait.timeoutHint}`,
      );
    }
    const delay = pollDelayMs(pollsSinceChange, wait.pollIntervalSeconds);
    await clock.sleep(Math.min(delay, wait.timeoutMs - elapsed));
  }
}

async function printNewEvents(wait: JobWait, lastSeenId: string | undefined): Promise<string | undefined> {
  const page = await wait.client.call("list fine-tuning job events", (openai) =>
    openai.fineTuning.jobs.listEvents(wait.jobId, { limit: 50 }),
  );
  const fresh = newEvents(page.data, lastSeenId);
  const shown = fresh.slice(-MAX_EVENT_LINES);
  if (fresh.length > shown.length) progress(`${wait.label} ${wait.jobId}: (${fresh.length - shown.length} earlier events not shown)`);
  for (const event of shown) progress(`${wait.label} ${wait.jobId}: [${event.level}] ${event.message}`);
  return page.data[0]?.id ?? lastSeenId;
}

function describeEta(job: FineTuningJob): string {
  return job.estimated_finish ? `, estimated to finish at ${new Date(job.estimated_finish * 1000).toISOString()}` : "";
}
