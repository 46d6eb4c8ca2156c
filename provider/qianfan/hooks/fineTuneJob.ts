import { defineHooks } from "../../core/hooks";

export = defineHooks(
  () => (require("../jobProvider") as typeof import("../jobProvider")).qianfanJobProvider,
);
