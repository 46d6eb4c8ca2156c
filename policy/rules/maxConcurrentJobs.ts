import type { StackValidationPolicy } from "@pulumi/policy";
import { FINE_TUNE_JOB_TYPE, QIANFAN_TASK_TYPE } from "../tokens";
import { configOf } from "../util";

export const DEFAULT_MAX_JOBS = 3;

export interface MaxConcurrentJobsConfig {
  maxJobs: number;
}

export const maxConcurrentJobs: StackValidationPolicy = {
  name: "finetune-max-concurrent-jobs",
  description: "A stack holds no more fine-tuning jobs than the configured maximum.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: { maxJobs: { type: "integer", minimum: 0, default: DEFAULT_MAX_JOBS } },
  },
  validateStack: (args, report) => {
    const { maxJobs } = configOf<MaxConcurrentJobsConfig>(maxConcurrentJobs, args);
    const jobs = args.resources.filter(
      (r) => r.type === FINE_TUNE_JOB_TYPE || r.type === QIANFAN_TASK_TYPE,
    );
    if (jobs.length > maxJobs) {
      report(
        `The stack has ${jobs.length} fine-tuning jobs (${jobs.map((r) => r.name).join(", ")}); ` +
          `the limit is ${maxJobs}. Remove jobs or move them to another stack, or raise maxJobs in the policy config.`,
      );
    }
  },
};
