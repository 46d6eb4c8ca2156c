export * from "./checkTrainingFile";
export * from "./examples";
export * from "./exampleScanner";
export * from "./lineBlocks";
export * from "./lines";
export * from "./validateFile";
