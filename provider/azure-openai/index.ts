export * from "./fineTuneJob";
export * from "./jobCompletion";
export * from "./trainingFile";
export * from "./upload";
export { FILE_PURPOSES, type FilePurpose } from "./fileInputs";
export { KNOWN_BASE_MODELS, METHOD_TYPES, type MethodType } from "./fineTuneJobInputs";
export type { Checkpoint } from "./fineTuneJobProvider";
