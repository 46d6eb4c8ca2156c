import type { ResourceValidationPolicy } from "@pulumi/policy";
import { FINE_TUNE_JOB_TYPE, QIANFAN_JOB_TYPE } from "../tokens";
import { configOf, show } from "../util";

export const DEFAULT_ALLOWED_MODELS = [
  "gpt-4o-mini-2024-07-18",
  "gpt-4o-2024-08-06",
  "gpt-4.1-2025-04-14",
  "gpt-4.1-mini-2025-04-14",
  "gpt-35-turbo-0125",
];
export const DEFAULT_ALLOWED_QIANFAN_MODELS = ["ERNIE-Speed-8K", "ERNIE-Lite-8K", "ERNIE-4.0-8K"];

export interface AllowedBaseModelsConfig {
  allowedModels: string[];
  allowedQianfanModels: string[];
}

export const allowedBaseModels: ResourceValidationPolicy = {
  name: "finetune-allowed-base-models",
  description: "Fine-tuning jobs start only from the approved base models.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedModels: { type: "array", items: { type: "string" }, default: DEFAULT_ALLOWED_MODELS },
      allowedQianfanModels: {
        type: "array",
        items: { type: "string" },
        default: DEFAULT_ALLOWED_QIANFAN_MODELS,
      },
    },
  },
  validateResource: (args, report) => {
    const config = configOf<AllowedBaseModelsConfig>(allowedBaseModels, args);
    const [allowed, key] =
      args.type === FINE_TUNE_JOB_TYPE
        ? [config.allowedModels, "allowedModels"]
        : args.type === QIANFAN_JOB_TYPE
          ? [config.allowedQianfanModels, "allowedQianfanModels"]
          : [undefined, ""];
    if (!allowed) return;
    const model: unknown = args.props.model;
    if (typeof model !== "string" || model === "") return;
    if (!allowed.includes(model)) {
      report(
        `model is ${show(model)}; use one of ${allowed.join(", ")}, or add it to ${key} in the policy config.`,
      );
    }
  },
};
