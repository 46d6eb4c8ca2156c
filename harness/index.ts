export * from "./engine";
export * from "./messages";
export * from "./program";
export * from "./providerHost";
export * from "./mocks";
export * from "./emulatorStack";
export * from "./inventory";
export * from "./crash";
