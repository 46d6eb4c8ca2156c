export * from "./age";
export * from "./marker";
export * from "./plan";
export * from "./sweep";
