/** The package's resource types: the type token each registers and the hooks module that is its provider. */
export type ResourceKind =
  | "TrainingFile"
  | "Upload"
  | "FineTuneJob"
  | "JobCompletion"
  | "QianfanFineTuneJob"
  | "QianfanFineTuneTask";

export interface ResourceKindInfo {
  token: string;
  /** Subpath of the package's "./<vendor>/hooks/*" export, e.g. "azure-openai/hooks/trainingFile". */
  hooksModule: string;
}

export const RESOURCE_KINDS: Readonly<Record<ResourceKind, ResourceKindInfo>> = {
  TrainingFile: {
    token: "pulumi-nodejs:dynamic/azure-openai:TrainingFile",
    hooksModule: "azure-openai/hooks/trainingFile",
  },
  Upload: {
    token: "pulumi-nodejs:dynamic/azure-openai:Upload",
    hooksModule: "azure-openai/hooks/upload",
  },
  FineTuneJob: {
    token: "pulumi-nodejs:dynamic/azure-openai:FineTuneJob",
    hooksModule: "azure-openai/hooks/fineTuneJob",
  },
  JobCompletion: {
    token: "pulumi-nodejs:dynamic/azure-openai:JobCompletion",
    hooksModule: "azure-openai/hooks/jobCompletion",
  },
  QianfanFineTuneJob: {
    token: "pulumi-nodejs:dynamic/qianfan:FineTuneJob",
    hooksModule: "qianfan/hooks/fineTuneJob",
  },
  QianfanFineTuneTask: {
    token: "pulumi-nodejs:dynamic/qianfan:FineTuneTask",
    hooksModule: "qianfan/hooks/fineTuneTask",
  },
};
