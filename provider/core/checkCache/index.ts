export * from "./cachedFileCheck";
export * from "./entryStore";
export * from "./fingerprint";
export * from "./location";
export * from "./codeStamp";
