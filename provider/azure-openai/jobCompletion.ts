import * as pulumi from "@pulumi/pulumi";
import { FinetuneResource } from "../core/resource";
import type { JobCompletionOutputs } from "./jobCompletionProvider";
import jobCompletionHooks = require("./hooks/jobCompletion");

export interface JobCompletionArgs {
  jobId: pulumi.Input<string>;
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

  constructor(name: string, args: JobCompletionArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      jobCompletionHooks,
      "azure-openai",
      "JobCompletion",
      name,
      { status: undefined, fineTunedModel: undefined, ...args },
      opts,
    );
  }
}
