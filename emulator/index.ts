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
export { QIANFAN_AREAS } from "./qianfan/api";
export type { ActionArea } from "./qianfan/actions";
export { QIANFAN_CREATOR } from "./qianfan/account";
export { MB_PER_SOURCE, SAMPLES_PER_SOURCE } from "./qianfan/bosPaths";

// Qianfan datasets, custom models and services.
export * from "./qianfan/datasetViews";
export * from "./qianfan/datasetTimeline";
export type { DatasetStore, DatasetStoreOptions } from "./qianfan/datasetStore";
export {
  type QianfanDatasetObject,
  type QianfanDatasetVersionObject,
  type QianfanImportTaskObject,
} from "./qianfan/datasetObjects";
export { QIANFAN_DATA_FORMATS, QIANFAN_STORAGE_TYPES } from "./qianfan/datasetRequests";
export { DATASET_PATH } from "./qianfan/datasets";
export * from "./qianfan/modelViews";
export * from "./qianfan/modelTimeline";
export type { ModelStore, ModelStoreOptions } from "./qianfan/modelStore";
export type { QianfanModelObject, QianfanModelSetObject } from "./qianfan/modelObjects";
export { QIANFAN_MODEL_TYPES } from "./qianfan/modelRequests";
export { MODEL_PATH } from "./qianfan/models";
export * from "./qianfan/serviceViews";
export * from "./qianfan/serviceTimeline";
export type {
  QianfanDeactivation,
  ServiceStore,
  ServiceStoreOptions,
} from "./qianfan/serviceStore";
export { type QianfanServiceObject, SERVICE_URL_BASE } from "./qianfan/serviceObjects";
export { type QianfanChargeType, type QianfanPayType, URL_SUFFIX } from "./qianfan/serviceRequests";
export { SERVICE_PATH } from "./qianfan/services";
