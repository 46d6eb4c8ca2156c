export * from "./fineTuneJob";
export * from "./jobCompletion";
export * from "./trainingFile";
export * from "./upload";
export { FILE_PURPOSES, type FilePurpose } from "./fileInputs";
export {
  KNOWN_BASE_MODELS,
  METHOD_TYPES,
  type MethodType,
  type ReinforcementHyperparameters,
  type ReinforcementSettings,
} from "./fineTuneJobInputs";
export type { Grader } from "./graders";
export type { AzureOpenAIClient } from "./client";
export type { FamilyOperation } from "./apiVersions";
export type { ExampleFormat } from "./trainingData";
export type { Checkpoint } from "./fineTuneJobProvider";
