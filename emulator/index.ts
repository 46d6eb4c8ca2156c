// The package's `pulumi-finetune/emulator` entry. Only re-exports.

// Shared: the app, the facade, clock, credentials, errors, faults, content, the composed store and
// the state file of a data directory.
export * from "./app";
export * from "./clock";
export * from "./credentials";
export * from "./emulator";
export * from "./errors";
export * from "./faults";
export * from "./store";
export { MAX_RECORDED_BODY_BYTES } from "./requestLog";
export * from "./content/contentStore";
export { DiskContent } from "./content/diskContent";
export { MemoryContent } from "./content/memoryContent";
export {
  DATA_DIR_REMEDY,
  DataDirError,
  STATE_FILE_NAME,
  STATE_FORMAT,
  STATE_FORMAT_VERSION,
} from "./state/stateFile";

// Azure OpenAI: state, error bodies and wire objects.
export * from "./azure/errors";
export * from "./azure/storedFile";
export * from "./azure/azureStore";
export * from "./azure/uploadStore";
export * from "./azure/trainingData";
export * from "./azure/jobStore";
export * from "./azure/jobTimeline";
export { AZURE_FAMILIES, type AzureFamily, V1_API_VERSIONS } from "./azure/families";
export { AZURE_V1_ABSENT_KEYS } from "./azure/api";
export { FILE_PURPOSES, FILES_PAGE_LIMIT, type FileObject, type FilePurpose } from "./azure/files";
export { isLoopbackUrl, MAX_IMPORT_BYTES } from "./azure/fileImport";
export { FINE_TUNE_MIME_TYPES, type UploadObject, type UploadPartObject } from "./azure/uploads";
export {
  type FineTuningJobCheckpointObject,
  type FineTuningJobEventObject,
  type FineTuningJobObject,
  JOB_DELETE_SINCE,
} from "./azure/jobs";
export { AUTO_HYPERPARAMETERS, MAX_SUFFIX_LENGTH } from "./azure/jobRequest";

// Qianfan: state, error bodies and wire objects.
export * from "./qianfan/errors";
export * from "./qianfan/views";
export * from "./qianfan/qianfanStore";
export * from "./qianfan/qianfanTimeline";
export { type QianfanJobObject, type QianfanTaskObject, UNFINISHED_DATE } from "./qianfan/objects";
export type { QianfanPageInfo } from "./qianfan/paging";
export { QIANFAN_ACTIONS } from "./qianfan/finetuning";
export { MAX_CLOCK_SKEW_MS } from "./qianfan/auth";
