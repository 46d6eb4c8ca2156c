/**
 * The declarative pause of a FineTuneJob: `paused: true` pauses a running job that has trained at least one step and
 * waits until it is paused; `paused: false` resumes a paused job and waits until it runs again. Anything else is an
 * error that names the job's status.
 */
import type { FineTuningJob } from "openai/resources/fine-tuning/jobs/jobs";
import { FinetuneError, InputError } from "../core/errors";
import { progress } from "../core/progress";
import { AzureOpenAIClient } from "./client";
import { isTerminal, jobStatus, waitForJob } from "./jobPolling";

const LABEL = "FineTuneJob";
/** Pausing and resuming take the service minutes at most (a checkpoint is saved first). */
const PAUSE_TIMEOUT_MS = 30 * 60_000;

export async function setPaused(
  client: AzureOpenAIClient,
  id: string,
  inputs: { paused: boolean; pollIntervalSeconds: number },
): Promise<FineTuningJob> {
  const job = await client.call("read fine-tuning job", (openai) =>
    openai.fineTuning.jobs.retrieve(id),
  );
  return inputs.paused ? pause(client, job, inputs) : resume(client, job, inputs);
}

async function pause(
  client: AzureOpenAIClient,
  job: FineTuningJob,
  inputs: { pollIntervalSeconds: number },
): Promise<FineTuningJob> {
  if (jobStatus(job) === "paused") return job;
  if (jobStatus(job) !== "pausing") {
    if (job.status !== "running") {
      throw new InputError(
        "paused",
        `job ${job.id} is ${job.status}; only a running job that has trained at least one step can be paused.`,
      );
    }
    // Whether it has trained a step yet only the service knows; it refuses the pause (409) if not.
    await client.call("pause fine-tuning job", (openai) => openai.fineTuning.jobs.pause(job.id));
    progress(`${LABEL} ${job.id}: pausing (was running)`);
  }
  return settle(client, job.id, "paused", inputs);
}

async function resume(
  client: AzureOpenAIClient,
  job: FineTuningJob,
  inputs: { pollIntervalSeconds: number },
): Promise<FineTuningJob> {
  if (jobStatus(job) !== "paused" && jobStatus(job) !== "pausing") return job;
  // A job still pausing is resumed once it is paused: the service resumes paused jobs only.
  if (jobStatus(job) === "pausing") await settle(client, job.id, "paused", inputs);
  await client.call("resume fine-tuning job", (openai) => openai.fineTuning.jobs.resume(job.id));
  progress(`${LABEL} ${job.id}: resuming (was paused)`);
  return settle(client, job.id, "running", inputs);
}

/** Waits until the job is in `wanted` (or has ended, which is an error: it did not pause or resume). */
async function settle(
  client: AzureOpenAIClient,
  id: string,
  wanted: "paused" | "running",
  inputs: { pollIntervalSeconds: number },
): Promise<FineTuningJob> {
  const job = await waitForJob({
    client,
    jobId: id,
    label: LABEL,
    timeoutMs: PAUSE_TIMEOUT_MS,
    pollIntervalSeconds: Math.min(inputs.pollIntervalSeconds, 5),
    until: (status) => status === wanted || isTerminal(status),
    timeoutHint: `It is not ${wanted} yet; run \`pulumi up\` again later.`,
  });
  if (job.status !== wanted) {
    throw new FinetuneError(`${LABEL} ${id} ended ${job.status} before it was ${wanted}.`);
  }
  return job;
}
