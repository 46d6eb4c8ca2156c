import type { ResourceValidationPolicy } from "@pulumi/policy";
import { FINE_TUNE_JOB_TYPE, QIANFAN_JOB_TYPE } from "../tokens";
import { configOf, show } from "../util";

export const DEFAULT_SUFFIX_PATTERN = "^[a-z0-9][a-z0-9-]{1,39}$";
export const DEFAULT_QIANFAN_NAME_PATTERN = "^[A-Za-z0-9_-]{2,20}$";

export interface ModelNamePatternConfig {
  suffixPattern: string;
  requireSuffix: boolean;
  requireQianfanDescription: boolean;
  qianfanNamePattern: string;
}

const isBlank = (value: unknown) =>
  value === undefined || value === null || (typeof value === "string" && value.trim() === "");

export const modelNamePattern: ResourceValidationPolicy = {
  name: "finetune-model-name-pattern",
  description: "Fine-tuned models are named and described following the configured conventions.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      suffixPattern: { type: "string", default: DEFAULT_SUFFIX_PATTERN },
      requireSuffix: { type: "boolean", default: true },
      requireQianfanDescription: { type: "boolean", default: true },
      qianfanNamePattern: { type: "string", default: DEFAULT_QIANFAN_NAME_PATTERN },
    },
  },
  validateResource: (args, report) => {
    const config = configOf<ModelNamePatternConfig>(modelNamePattern, args);
    if (args.type === FINE_TUNE_JOB_TYPE) {
      const suffix: unknown = args.props.suffix;
      if (isBlank(suffix)) {
        if (config.requireSuffix) {
          report(
            `suffix is missing; set a suffix matching ${config.suffixPattern}, or set requireSuffix to false in the policy config.`,
          );
        }
      } else if (typeof suffix !== "string" || !new RegExp(config.suffixPattern).test(suffix)) {
        report(
          `suffix is ${show(suffix)}; rename it to match ${config.suffixPattern}, or change suffixPattern in the policy config.`,
        );
      }
    } else if (args.type === QIANFAN_JOB_TYPE) {
      const name: unknown = args.props.name;
      if (
        name !== undefined &&
        (typeof name !== "string" || !new RegExp(config.qianfanNamePattern).test(name))
      ) {
        report(
          `name is ${show(name)}; rename it to match ${config.qianfanNamePattern}, or change qianfanNamePattern in the policy config.`,
        );
      }
      if (config.requireQianfanDescription && isBlank(args.props.description)) {
        report(
          "description is missing; describe what the job trains, or set requireQianfanDescription to false in the policy config.",
        );
      }
    }
  },
};
