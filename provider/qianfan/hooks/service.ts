import { defineHooks } from "../../core/hooks";

export = defineHooks(
  () =>
    (require("../serviceProvider") as typeof import("../serviceProvider")).qianfanServiceProvider,
);
