export * from "./dataset";
export * from "./fineTuneJob";
export * from "./fineTuneTask";
export * from "./model";
export * from "./service";
export { PARAMETER_SCALES, TRAIN_MODES } from "./inputs";
export { DATA_FORMATS, STORAGE_TYPES } from "./datasetInputs";
export { MODEL_TYPES } from "./modelInputs";
export { DOCUMENTED_RESOURCE_TYPES, PAYMENT_TIMINGS, URL_SUFFIX } from "./serviceInputs";
