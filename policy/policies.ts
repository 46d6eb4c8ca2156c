/** The pack's rules, importable without starting the policy server (constructing a PolicyPack does). */
import type { Policies } from "@pulumi/policy";
import { allowedBaseModels } from "./rules/allowedBaseModels";
import { allowedTrainingTypes } from "./rules/allowedTrainingTypes";
import { deploymentSku } from "./rules/deploymentSku";
import { epochBudget } from "./rules/epochBudget";
import { filesDeclaredInStack } from "./rules/filesDeclaredInStack";
import { maxConcurrentJobs } from "./rules/maxConcurrentJobs";
import { modelNamePattern } from "./rules/modelNamePattern";
import { protectTrainedJobs } from "./rules/protectTrainedJobs";
import { qianfanModelLineage } from "./rules/qianfanModelLineage";
import { qianfanServicePayment } from "./rules/qianfanServicePayment";
import { qianfanServiceResources } from "./rules/qianfanServiceResources";
import { requiredMetadata } from "./rules/requiredMetadata";
import { rftCostGuard } from "./rules/rftCostGuard";
import { secureEndpointsAndNoCredentials } from "./rules/secureEndpointsAndNoCredentials";
import { trainingFileSizeBudget } from "./rules/trainingFileSizeBudget";

export {
  allowedBaseModels,
  allowedTrainingTypes,
  deploymentSku,
  epochBudget,
  filesDeclaredInStack,
  maxConcurrentJobs,
  modelNamePattern,
  protectTrainedJobs,
  qianfanModelLineage,
  qianfanServicePayment,
  qianfanServiceResources,
  requiredMetadata,
  rftCostGuard,
  secureEndpointsAndNoCredentials,
  trainingFileSizeBudget,
};

export const policies: Policies = [
  allowedBaseModels,
  epochBudget,
  trainingFileSizeBudget,
  maxConcurrentJobs,
  filesDeclaredInStack,
  protectTrainedJobs,
  modelNamePattern,
  deploymentSku,
  secureEndpointsAndNoCredentials,
  allowedTrainingTypes,
  rftCostGuard,
  requiredMetadata,
  qianfanServiceResources,
  qianfanServicePayment,
  qianfanModelLineage,
];
