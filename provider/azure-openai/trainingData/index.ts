export * from "./examples";
export * from "./lines";
export * from "./validateFile";
