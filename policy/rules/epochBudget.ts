import type { ResourceValidationPolicy } from "@pulumi/policy";
import { FINE_TUNE_JOB_TYPE, QIANFAN_TASK_TYPE } from "../tokens";
import { configOf, getPath } from "../util";

export const DEFAULT_MAX_EPOCHS = 10;

export interface EpochBudgetConfig {
  maxEpochs: number;
}

const EPOCH_FIELDS: Record<string, string[]> = {
  [FINE_TUNE_JOB_TYPE]: [
    "hyperparameters.nEpochs",
    "method.hyperparameters.nEpochs",
    "method.reinforcement.hyperparameters.nEpochs",
  ],
  [QIANFAN_TASK_TYPE]: ["hyperParameterConfig.epoch"],
};

export const epochBudget: ResourceValidationPolicy = {
  name: "finetune-epoch-budget",
  description: "Fine-tuning jobs and tasks stay within the configured epoch budget.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: { maxEpochs: { type: "integer", minimum: 1, default: DEFAULT_MAX_EPOCHS } },
  },
  validateResource: (args, report) => {
    const fields = EPOCH_FIELDS[args.type];
    if (!fields) return;
    const { maxEpochs } = configOf<EpochBudgetConfig>(epochBudget, args);
    for (const field of fields) {
      const epochs = getPath(args.props, field);
      // "auto" (and anything unset or not a number) leaves the count to the service.
      if (typeof epochs === "number" && epochs > maxEpochs) {
        report(
          `${field} is ${epochs}; lower it to ${maxEpochs} or raise maxEpochs in the policy config.`,
        );
      }
    }
  },
};
