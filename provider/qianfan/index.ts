export * from "./dataset";
export * from "./fineTuneJob";
export * from "./fineTuneTask";
export * from "./model";
export * from "./service";
export {
  DATA_FORMATS,
  DOCUMENTED_RESOURCE_TYPES,
  MODEL_TYPES,
  PARAMETER_SCALES,
  PAYMENT_TIMINGS,
  STORAGE_TYPES,
  TRAIN_MODES,
  URL_SUFFIX,
} from "./valueLists";
