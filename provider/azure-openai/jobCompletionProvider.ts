/**
 * JobCompletion: waits, during `pulumi up`, until a fine-tuning job has succeeded, and exposes its fine-tuned
 * model. It owns nothing remotely: deleting it leaves the job alone.
 */
import type * as pulumi from "@pulumi/pulumi";
import { diffProps } from "../core/diff";
import { FinetuneError, InputError, NotFoundError } from "../core/errors";
import type { ResourceImplementation } from "../core/lifecycle";
import { isUnknown } from "../core/unknown";
import { azureClient, AzureOpenAIClient } from "./client";
import {
  DEFAULT_COMPLETION_TIMEOUT_SECONDS,
  DEFAULT_POLL_INTERVAL_SECONDS,
  MAX_POLL_INTERVAL_SECONDS,
} from "./fineTuneJobInputs";
import { poll } from "../core/poll";
import { progress } from "../core/progress";
import {
  CheckpointChoice,
  checkpointProblem,
  chooseCheckpoint,
  listCheckpoints,
} from "./checkpoints";
import { isTerminal, jobStatus, waitForJob } from "./jobPolling";
import { azureSettingsFailures } from "./settingsCheck";
import { isKnown, shown } from "../core/validation";

export interface JobCompletionInputs {
  jobId: string;
  /** Serve a checkpoint instead of the final model. */
  checkpoint?: CheckpointChoice;
  timeoutSeconds: number;
  pollIntervalSeconds: number;
  endpoint?: string;
  apiVersion?: string;
}

export interface JobCompletionOutputs extends JobCompletionInputs {
  status: string;
  /** The model to serve: the job's fine-tuned model, or the chosen checkpoint's. */
  fineTunedModel: string;
  checkpointId?: string;
  checkpointStep?: number;
}

const LABEL = "JobCompletion";
const REPLACE_KEYS = [
  "jobId",
  "endpoint",
  "checkpoint",
] as const satisfies readonly (keyof JobCompletionInputs)[];
const UPDATE_KEYS = [
  "timeoutSeconds",
  "pollIntervalSeconds",
  "apiVersion",
] as const satisfies readonly (keyof JobCompletionInputs)[];

export const jobCompletionProvider: ResourceImplementation<
  JobCompletionInputs,
  JobCompletionOutputs
> = {
  async check(_olds, news) {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    const jobId = news.jobId;
    if (!isUnknown(jobId) && (typeof jobId !== "string" || !/^ftjob-[A-Za-z0-9_-]+$/.test(jobId))) {
      failures.push({
        property: "jobId",
        reason: `jobId: ${shown(jobId)} is not a fine-tuning job id (ftjob-…).`,
      });
    }
    const checkpoint = news.checkpoint;
    const problem = isKnown(checkpoint) ? checkpointProblem(checkpoint) : undefined;
    if (problem) failures.push({ property: "checkpoint", reason: `checkpoint: ${problem}` });
    failures.push(...azureSettingsFailures(news));
    return {
      inputs: {
        timeoutSeconds: DEFAULT_COMPLETION_TIMEOUT_SECONDS,
        pollIntervalSeconds: DEFAULT_POLL_INTERVAL_SECONDS,
        ...news,
      },
      failures,
    };
  },

  diff: async (_id, olds, news) => diffProps(olds, news, REPLACE_KEYS, UPDATE_KEYS),

  async create(inputs) {
    const client = azureClient(inputs);
    const outputs = await (
      inputs.checkpoint === undefined
        ? finalModel(client, inputs)
        : checkpointModel(client, inputs, inputs.checkpoint)
    ).catch((error: unknown) => {
      if (error instanceof NotFoundError) {
        throw new InputError(
          "jobId",
          `no fine-tuning job ${inputs.jobId} exists at this endpoint.`,
        );
      }
      throw error;
    });
    return { id: inputs.jobId, outs: outputs };
  },

  // A checkpoint once chosen stays the one served; a refresh only updates the job's status.
  async read(id, state) {
    try {
      const job = await azureClient(state).call("read fine-tuning job", (openai) =>
        openai.fineTuning.jobs.retrieve(id),
      );
      const fineTunedModel =
        state.checkpoint === undefined
          ? (job.fine_tuned_model ?? state.fineTunedModel)
          : state.fineTunedModel;
      return { ...state, status: job.status, fineTunedModel };
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  },

  delete: async () => undefined,
};

async function finalModel(
  client: AzureOpenAIClient,
  inputs: JobCompletionInputs,
): Promise<JobCompletionOutputs> {
  const job = await waitForJob({
    client,
    jobId: inputs.jobId,
    label: LABEL,
    timeoutMs: inputs.timeoutSeconds * 1000,
    pollIntervalSeconds: inputs.pollIntervalSeconds,
    timeoutHint: "The job keeps running; run `pulumi up` again later, or raise timeoutSeconds.",
  });
  if (job.status !== "succeeded" || !job.fine_tuned_model) {
    throw new FinetuneError(
      `${LABEL}: job ${job.id} ended ${job.status}${job.error?.message ? `: ${job.error.message}` : ""}; there is no model to serve.`,
    );
  }
  return { ...inputs, status: job.status, fineTunedModel: job.fine_tuned_model };
}

/**
 * Waits until the chosen checkpoint exists (for `latest`: until the job is paused or has succeeded, so the newest
 * checkpoint no longer moves), reading the checkpoints with each read of the job.
 */
async function checkpointModel(
  client: AzureOpenAIClient,
  inputs: JobCompletionInputs,
  choice: CheckpointChoice,
): Promise<JobCompletionOutputs> {
  const settled = (status: string) => status === "paused" || status === "succeeded";
  const { job, checkpoint } = await poll({
    what: `${LABEL} ${inputs.jobId}`,
    read: async () => {
      const job = await client.call("read fine-tuning job", (openai) =>
        openai.fineTuning.jobs.retrieve(inputs.jobId),
      );
      return {
        job,
        checkpoint: chooseCheckpoint(await listCheckpoints(client, inputs.jobId), choice),
      };
    },
    state: ({ job, checkpoint }) =>
      `${jobStatus(job)}${checkpoint ? `, checkpoint ${checkpoint.id} at step ${checkpoint.step_number}` : ""}`,
    done: ({ job, checkpoint }) =>
      isTerminal(jobStatus(job)) ||
      (checkpoint !== undefined && (choice !== "latest" || settled(jobStatus(job)))),
    timeoutMs: inputs.timeoutSeconds * 1000,
    timeoutHint: "The job keeps running; run `pulumi up` again later, or raise timeoutSeconds.",
    firstDelayMs: inputs.pollIntervalSeconds * 1000,
    maxDelayMs: MAX_POLL_INTERVAL_SECONDS * 1000,
  });
  if (!checkpoint) {
    throw new FinetuneError(
      `${LABEL}: job ${job.id} ended ${job.status} without ${choice === "latest" ? "any checkpoint" : `checkpoint ${String(choice)}`}; there is no model to serve.`,
    );
  }
  progress(
    `${LABEL} ${job.id}: serving checkpoint ${checkpoint.id} (step ${checkpoint.step_number})`,
  );
  return {
    ...inputs,
    status: job.status,
    fineTunedModel: checkpoint.fine_tuned_model_checkpoint,
    checkpointId: checkpoint.id,
    checkpointStep: checkpoint.step_number,
  };
}
