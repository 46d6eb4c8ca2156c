import type { ResourceValidationPolicy } from "@pulumi/policy";
import { QIANFAN_SERVICE_TYPE } from "../tokens";
import { configOf, readPath, show, stackOfUrn } from "../util";

export const DEFAULT_PRODUCTION_STACKS = ["prod", "production"];

export interface QianfanServicePaymentConfig {
  productionStacks: string[];
}

/** A stack name as compared: letter case ignored, and an `org/project/` prefix in the config dropped. */
const stackKey = (name: string) => name.slice(name.lastIndexOf("/") + 1).toLowerCase();

/** Whether `stack` is one of `productionStacks`. */
export function isProductionStack(stack: string, productionStacks: string[]): boolean {
  return productionStacks.some((name) => stackKey(name) === stackKey(stack));
}

export const qianfanServicePayment: ResourceValidationPolicy = {
  name: "finetune-qianfan-service-payment",
  description: "Qianfan services buy prepaid compute units only in production stacks.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      productionStacks: {
        type: "array",
        items: { type: "string" },
        default: DEFAULT_PRODUCTION_STACKS,
      },
    },
  },
  validateResource: (args, report) => {
    if (args.type !== QIANFAN_SERVICE_TYPE) return;
    // The provider accepts exactly "Prepaid" or "Postpaid"; anything else (or unknown at preview) is not prepaid.
    if (readPath(args.props, "billing.paymentTiming") !== "Prepaid") return;
    const production =
      configOf<QianfanServicePaymentConfig>(qianfanServicePayment, args).productionStacks ?? [];
    // The URN is the one place the policy SDK gives every rule the stack's name, at preview as at update.
    const stack = stackOfUrn(args.urn) ?? "";
    if (isProductionStack(stack, production)) return;
    const listed =
      production.length > 0
        ? `which is not one of productionStacks (${production.join(", ")})`
        : "and productionStacks is empty";
    report(
      `billing.paymentTiming is "Prepaid" (a reservation paid up front) in stack ${show(stack)}, ${listed}; ` +
        'use { paymentTiming: "Postpaid", chargeType: "ComputingUnit" } outside production, or add the stack to ' +
        "productionStacks in the policy config.",
    );
  },
};
