import { defineHooks } from "../../core/hooks";

export = defineHooks(
  () => (require("../taskProvider") as typeof import("../taskProvider")).qianfanTaskProvider,
);
