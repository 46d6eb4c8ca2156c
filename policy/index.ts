/**
 * The pulumi-finetune policy pack: `pulumi preview --policy-pack policy/` (or `pulumi up`).
 * Constructing the PolicyPack starts the policy server, so the rules live in ./policies for tests to import.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("pulumi-finetune", {
  description:
    "Guards fine-tuning on Azure OpenAI and Baidu Qianfan: models, training types, budgets, RFT cost, metadata, file provenance, naming, SKUs, credentials, and Qianfan services' compute, payment and model lineage.",
  policies,
});
