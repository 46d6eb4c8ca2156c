import { defineHooks } from "../../core/hooks";

export = defineHooks(
  () =>
    (require("../trainingFileProvider") as typeof import("../trainingFileProvider"))
      .trainingFileProvider,
);
