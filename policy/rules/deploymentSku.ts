import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AZURE_DEPLOYMENT_TYPE } from "../tokens";
import { configOf, getPath, show } from "../util";

export const DEFAULT_ALLOWED_SKUS = ["Standard", "GlobalStandard", "DeveloperTier"];
export const DEFAULT_MAX_CAPACITY = 50;

export interface DeploymentSkuConfig {
  allowedSkus: string[];
  maxCapacity: number;
}

export const deploymentSku: ResourceValidationPolicy = {
  name: "finetune-deployment-sku",
  description:
    "Deployments of fine-tuned models use an approved SKU and stay within the capacity limit.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedSkus: { type: "array", items: { type: "string" }, default: DEFAULT_ALLOWED_SKUS },
      maxCapacity: { type: "integer", minimum: 1, default: DEFAULT_MAX_CAPACITY },
    },
  },
  validateResource: (args, report) => {
    if (args.type !== AZURE_DEPLOYMENT_TYPE) return;
    const modelName = getPath(args.props, "properties.model.name");
    if (typeof modelName !== "string" || !modelName.includes(".ft-")) return;
    const { allowedSkus, maxCapacity } = configOf<DeploymentSkuConfig>(deploymentSku, args);
    const skuName = getPath(args.props, "sku.name");
    if (typeof skuName === "string" && !allowedSkus.includes(skuName)) {
      report(
        `sku.name is ${show(skuName)}; use one of ${allowedSkus.join(", ")}, or add it to allowedSkus in the policy config.`,
      );
    }
    const capacity = getPath(args.props, "sku.capacity");
    if (typeof capacity === "number" && capacity > maxCapacity) {
      report(
        `sku.capacity is ${capacity}; lower it to ${maxCapacity} or raise maxCapacity in the policy config.`,
      );
    }
  },
};
