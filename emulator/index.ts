export * from "./app";
export * from "./clock";
export * from "./credentials";
export * from "./emulator";
export * from "./errors";
export * from "./faults";
export * from "./store";
export * from "./uploadStore";
export * from "./content/contentStore";
export { DiskContent } from "./content/diskContent";
export { MemoryContent } from "./content/memoryContent";
export * from "./trainingData";
export { FILE_PURPOSES, type FileObject, type FilePurpose } from "./azure/files";
export {
  FINE_TUNE_MIME_TYPES,
  type UploadObject,
  type UploadPartObject,
} from "./azure/uploads";
export * from "./jobStore";
export * from "./jobTimeline";
export * from "./qianfanStore";
export * from "./qianfanTimeline";
export {
  type QianfanJobObject,
  type QianfanTaskObject,
  UNFINISHED_DATE,
} from "./qianfan/objects";
export type { QianfanPageInfo } from "./qianfan/paging";
export { QIANFAN_ACTIONS } from "./qianfan/finetuning";
export { MAX_CLOCK_SKEW_MS } from "./qianfan/auth";
export {
  type FineTuningJobCheckpointObject,
  type FineTuningJobEventObject,
  type FineTuningJobObject,
  JOB_DELETE_SINCE,
} from "./azure/jobs";
export { AUTO_HYPERPARAMETERS, MAX_SUFFIX_LENGTH } from "./azure/jobRequest";
