import { defineHooks } from "../../core/hooks";

export = defineHooks(
  () =>
    (require("../datasetProvider") as typeof import("../datasetProvider")).qianfanDatasetProvider,
);
