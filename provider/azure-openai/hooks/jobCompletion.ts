import { defineHooks } from "../../core/hooks";

export = defineHooks(
  () =>
    (require("../jobCompletionProvider") as typeof import("../jobCompletionProvider"))
      .jobCompletionProvider,
);
