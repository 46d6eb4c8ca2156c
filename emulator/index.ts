export * from "./app";
export * from "./clock";
export * from "./credentials";
export * from "./emulator";
export * from "./errors";
export * from "./faults";
export * from "./store";
export * from "./trainingData";
export { FILE_PURPOSES, type FileObject, type FilePurpose } from "./azure/files";
