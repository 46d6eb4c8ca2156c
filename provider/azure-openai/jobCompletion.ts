import * as pulumi from "@pulumi/pulumi";
import { FinetuneResource } from "../core/resource";
import type { JobCompletionOutputs } from "./jobCompletionProvider";

export interface JobCompletionArgs {
  /**
   * The fine-tuning job to wait for (`ftjob-…`), e.g. a FineTuneJob's jobId. Replaces this resource (nothing
   * remote) when changed.
   */
  jobId: pulumi.Input<string>;
  /**
   * Serve a checkpoint instead of the final model: `"latest"` (the newest, once the job is paused or has succeeded),
   * a step number, or a checkpoint id (`ftchkpt-…`). Changing it replaces this resource (nothing remote).
   */
  checkpoint?: pulumi.Input<number | string>;
  /** Default 86400 s. */
  timeoutSeconds?: pulumi.Input<number>;
  /** Default 5 s, growing to 30 s while nothing changes. */
  pollIntervalSeconds?: pulumi.Input<number>;
  /** Overrides stack config azure-openai:endpoint. Replaces this resource (nothing remote) when changed. */
  endpoint?: pulumi.Input<string>;
  /** Overrides stack config azure-openai:apiVersion ("v1" or dated). An update. */
  apiVersion?: pulumi.Input<string>;
}

/**
 * Waits until a fine-tuning job has succeeded (`pulumi-nodejs:dynamic/azure-openai:JobCompletion`) and outputs its
 * `fineTunedModel`. Removing it does nothing remotely.
 */
export class JobCompletion extends FinetuneResource {
  /** The job's status when the wait ended (or at the last refresh). */
  declare readonly status: pulumi.Output<JobCompletionOutputs["status"]>;
  /** The model to serve: the job's fine-tuned model, or the chosen checkpoint's. */
  declare readonly fineTunedModel: pulumi.Output<JobCompletionOutputs["fineTunedModel"]>;
  /** The checkpoint served (`ftchkpt-…`), when `checkpoint` was given. */
  declare readonly checkpointId: pulumi.Output<JobCompletionOutputs["checkpointId"]>;
  /** The step of the checkpoint served, when `checkpoint` was given. */
  declare readonly checkpointStep: pulumi.Output<JobCompletionOutputs["checkpointStep"]>;

  constructor(name: string, args: JobCompletionArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "jobCompletion",
      "azure-openai",
      "JobCompletion",
      name,
      {
        status: undefined,
        fineTunedModel: undefined,
        checkpointId: undefined,
        checkpointStep: undefined,
        ...args,
      },
      opts,
    );
  }
}
