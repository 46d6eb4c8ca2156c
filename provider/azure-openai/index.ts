export * from "./trainingFile";
export { FILE_PURPOSES, type FilePurpose } from "./trainingFileInputs";
