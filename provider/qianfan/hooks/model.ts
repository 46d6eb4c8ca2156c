import { defineHooks } from "../../core/hooks";

export = defineHooks(
  () => (require("../modelProvider") as typeof import("../modelProvider")).qianfanModelProvider,
);
