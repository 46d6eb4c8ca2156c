/** Type tokens of the resources the pulumi-finetune policies look at. */
export const AZURE_DYNAMIC_PREFIX = "pulumi-nodejs:dynamic/azure-openai:";
export const QIANFAN_DYNAMIC_PREFIX = "pulumi-nodejs:dynamic/qianfan:";
export const COMPONENT_PREFIX = "pulumi-finetune:";

export const TRAINING_FILE_TYPE = `${AZURE_DYNAMIC_PREFIX}TrainingFile`;
export const UPLOAD_TYPE = `${AZURE_DYNAMIC_PREFIX}Upload`;
export const FINE_TUNE_JOB_TYPE = `${AZURE_DYNAMIC_PREFIX}FineTuneJob`;
export const JOB_COMPLETION_TYPE = `${AZURE_DYNAMIC_PREFIX}JobCompletion`;
export const QIANFAN_JOB_TYPE = `${QIANFAN_DYNAMIC_PREFIX}FineTuneJob`;
export const QIANFAN_TASK_TYPE = `${QIANFAN_DYNAMIC_PREFIX}FineTuneTask`;
export const QIANFAN_DATASET_TYPE = `${QIANFAN_DYNAMIC_PREFIX}Dataset`;
export const QIANFAN_MODEL_TYPE = `${QIANFAN_DYNAMIC_PREFIX}Model`;
export const QIANFAN_SERVICE_TYPE = `${QIANFAN_DYNAMIC_PREFIX}Service`;
export const FINE_TUNED_DEPLOYMENT_TYPE = `${COMPONENT_PREFIX}azure-openai:FineTunedDeployment`;
export const AZURE_DEPLOYMENT_TYPE = "azure-native:cognitiveservices:Deployment";

export const FILE_TYPES: readonly string[] = [TRAINING_FILE_TYPE, UPLOAD_TYPE];

/** True for a resource this package defines (its dynamic resources and its components). */
export function isPackageResource(type: string): boolean {
  return (
    type.startsWith(AZURE_DYNAMIC_PREFIX) ||
    type.startsWith(QIANFAN_DYNAMIC_PREFIX) ||
    type.startsWith(COMPONENT_PREFIX)
  );
}
