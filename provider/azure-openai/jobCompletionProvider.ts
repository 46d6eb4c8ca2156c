/**
 * JobCompletion: waits, during `pulumi up`, until a fine-tuning job has succeeded, and exposes its fine-tuned
 * model. It owns nothing remotely: deleting it leaves the job alone.
 */
import type * as pulumi from "@pulumi/pulumi";
import { diffProps } from "../core/diff";
import { FinetuneError, InputError, NotFoundError } from "../core/errors";
import type { ResourceImplementation } from "../core/lifecycle";
import { isUnknown } from "../core/unknown";
import { azureClient } from "./client";
import {
  DEFAULT_COMPLETION_TIMEOUT_SECONDS,
  DEFAULT_POLL_INTERVAL_SECONDS,
} from "./fineTuneJobInputs";
import { waitForJob } from "./jobPolling";
import { azureSettingsFailures } from "./settingsCheck";
import { shown } from "../core/validation";

export interface JobCompletionInputs {
  jobId: string;
  timeoutSeconds: number;
  pollIntervalSeconds: number;
  endpoint?: string;
  apiVersion?: string;
}

export interface JobCompletionOutputs extends JobCompletionInputs {
  status: string;
  fineTunedModel: string;
}

const LABEL = "JobCompletion";
const REPLACE_KEYS = [
  "jobId",
  "endpoint",
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
    const job = await waitForJob({
      client: azureClient(inputs),
      jobId: inputs.jobId,
      label: LABEL,
      timeoutMs: inputs.timeoutSeconds * 1000,
      pollIntervalSeconds: inputs.pollIntervalSeconds,
      timeoutHint: "The job keeps running; run `pulumi up` again later, or raise timeoutSeconds.",
    }).catch((error: unknown) => {
      if (error instanceof NotFoundError)
        throw new InputError(
          "jobId",
          `no fine-tuning job ${inputs.jobId} exists at this endpoint.`,
        );
      throw error;
    });
    if (job.status !== "succeeded" || !job.fine_tuned_model) {
      throw new FinetuneError(
        `${LABEL}: job ${job.id} ended ${job.status}${job.error?.message ? `: ${job.error.message}` : ""}; there is no model to serve.`,
      );
    }
    return {
      id: job.id,
      outs: { ...inputs, status: job.status, fineTunedModel: job.fine_tuned_model },
    };
  },

  async read(id, state) {
    try {
      const job = await azureClient(state).call("read fine-tuning job", (openai) =>
        openai.fineTuning.jobs.retrieve(id),
      );
      return {
        ...state,
        status: job.status,
        fineTunedModel: job.fine_tuned_model ?? state.fineTunedModel,
      };
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  },

  delete: async () => undefined,
};
