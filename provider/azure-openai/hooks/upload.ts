import { defineHooks } from "../../core/hooks";

export = defineHooks(
  () => (require("../uploadProvider") as typeof import("../uploadProvider")).uploadProvider,
);
