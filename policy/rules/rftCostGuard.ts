import type { ResourceValidationPolicy } from "@pulumi/policy";
import { FINE_TUNE_JOB_TYPE } from "../tokens";
import { configOf, getPath, show } from "../util";

export type ReasoningEffort = "low" | "medium" | "high";

export const REASONING_EFFORTS: readonly ReasoningEffort[] = ["low", "medium", "high"];
export const DEFAULT_MAX_COMPUTE_MULTIPLIER = 1.0;
export const DEFAULT_MAX_REASONING_EFFORT: ReasoningEffort = "medium";

export interface RftCostGuardConfig {
  allowReinforcement: boolean;
  maxComputeMultiplier: number;
  maxReasoningEffort: ReasoningEffort;
}

const HYPERPARAMETERS = "method.reinforcement.hyperparameters";
/** The effort each reasoningEffort value costs; "default" (and an unset value) is the service's medium. */
const RANK = new Map<string, number>([
  ["low", 0],
  ["medium", 1],
  ["default", 1],
  ["high", 2],
]);
const MEDIUM = 1;

export const rftCostGuard: ResourceValidationPolicy = {
  name: "finetune-rft-cost-guard",
  description:
    "Reinforcement fine-tuning jobs are allowed and stay within the compute and reasoning-effort ceilings.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowReinforcement: { type: "boolean", default: true },
      maxComputeMultiplier: {
        type: "number",
        exclusiveMinimum: 0,
        default: DEFAULT_MAX_COMPUTE_MULTIPLIER,
      },
      maxReasoningEffort: {
        type: "string",
        enum: [...REASONING_EFFORTS],
        default: DEFAULT_MAX_REASONING_EFFORT,
      },
    },
  },
  validateResource: (args, report) => {
    if (args.type !== FINE_TUNE_JOB_TYPE) return;
    if (getPath(args.props, "method.type") !== "reinforcement") return;
    const config = configOf<RftCostGuardConfig>(rftCostGuard, args);
    if (!config.allowReinforcement) {
      report(
        'method.type is "reinforcement", and reinforcement fine-tuning is not allowed; use a supervised or dpo ' +
          "method, or set allowReinforcement to true in the policy config.",
      );
      return;
    }
    const multiplier = getPath(args.props, `${HYPERPARAMETERS}.computeMultiplier`);
    // "auto" (and anything unset or not a number) leaves the multiplier to the service.
    if (typeof multiplier === "number" && multiplier > config.maxComputeMultiplier) {
      report(
        `${HYPERPARAMETERS}.computeMultiplier is ${multiplier}; lower it to ${config.maxComputeMultiplier} ` +
          "or raise maxComputeMultiplier in the policy config.",
      );
    }
    const ceiling = RANK.get(String(config.maxReasoningEffort).toLowerCase()) ?? MEDIUM;
    const allowed = REASONING_EFFORTS.filter((e) => (RANK.get(e) ?? MEDIUM) <= ceiling).join(
      " or ",
    );
    const fix = `set it to ${allowed} or raise maxReasoningEffort in the policy config.`;
    const effort = getPath(args.props, `${HYPERPARAMETERS}.reasoningEffort`);
    if (effort === undefined || effort === null) {
      if (MEDIUM > ceiling) {
        report(
          `${HYPERPARAMETERS}.reasoningEffort is not set, so the service default (medium) applies; ${fix}`,
        );
      }
      return;
    }
    // A computed value is not known yet; an unrecognised one is the provider's to refuse.
    if (typeof effort !== "string") return;
    const rank = RANK.get(effort.toLowerCase());
    if (rank === undefined || rank <= ceiling) return;
    const counts = effort.toLowerCase() === "default" ? ", which counts as medium" : "";
    report(`${HYPERPARAMETERS}.reasoningEffort is ${show(effort)}${counts}; ${fix}`);
  },
};
