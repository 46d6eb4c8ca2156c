export * from "./trainingFile";
export * from "./upload";
export { FILE_PURPOSES, type FilePurpose } from "./fileInputs";
