import { defineHooks } from "../../core/hooks";

export = defineHooks(
  () =>
    (require("../fineTuneJobProvider") as typeof import("../fineTuneJobProvider"))
      .fineTuneJobProvider,
);
