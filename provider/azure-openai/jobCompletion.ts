import * as pulumi from "@pulumi/pulumi";
import { FinetuneResource } from "../core/resource";
import type { JobCompletionOutputs } from "./jobCompletionProvider";
import jobCompletionHooks = require("./hooks/jobCompletion");

export interface JobCompletionArgs {
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
  endpoint?: pulumi.Input<string>;
  apiVersion?: pulumi.Input<string>;
}

/**
 * Waits until a fine-tuning job has succeeded (`pulumi-nodejs:dynamic/azure-openai:JobCompletion`) and outputs its
 * `fineTunedModel`. Removing it does nothing remotely.
 */
export class JobCompletion extends FinetuneResource {
  declare readonly status: pulumi.Output<JobCompletionOutputs["status"]>;
  declare readonly fineTunedModel: pulumi.Output<JobCompletionOutputs["fineTunedModel"]>;
  declare readonly checkpointId: pulumi.Output<JobCompletionOutputs["checkpointId"]>;
  declare readonly checkpointStep: pulumi.Output<JobCompletionOutputs["checkpointStep"]>;

  constructor(name: string, args: JobCompletionArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      jobCompletionHooks,
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
