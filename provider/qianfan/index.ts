export * from "./fineTuneJob";
export * from "./fineTuneTask";
export { PARAMETER_SCALES, TRAIN_MODES } from "./inputs";
