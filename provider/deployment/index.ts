export * from "./fineTunedDeployment";
