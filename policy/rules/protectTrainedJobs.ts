import type { StackValidationPolicy } from "@pulumi/policy";
import { FINE_TUNE_JOB_TYPE } from "../tokens";
import { configOf } from "../util";

export interface ProtectTrainedJobsConfig {
  acceptLosingTrainedJobs: boolean;
}

export const protectTrainedJobs: StackValidationPolicy = {
  name: "finetune-protect-trained-jobs",
  description:
    "Fine-tuning jobs that have succeeded are protected so their trained model cannot be deleted by accident.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { acceptLosingTrainedJobs: { type: "boolean", default: false } } },
  validateStack: (args, report) => {
    const { acceptLosingTrainedJobs } = configOf<ProtectTrainedJobsConfig>(
      protectTrainedJobs,
      args,
    );
    if (acceptLosingTrainedJobs) return;
    for (const job of args.resources) {
      if (job.type !== FINE_TUNE_JOB_TYPE || job.props.status !== "succeeded" || job.opts?.protect)
        continue;
      report(
        `status is "succeeded" but protect is false on FineTuneJob ${job.name}; set protect: true in its resource ` +
          "options so deleting it cannot lose the trained model, or set acceptLosingTrainedJobs in the policy config.",
        job.urn,
      );
    }
  },
};
