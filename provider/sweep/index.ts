export * from "./age";
export * from "../azure-openai/sweepMarker";
export * from "./plan";
export * from "./sweep";
