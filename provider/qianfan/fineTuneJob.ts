import * as pulumi from "@pulumi/pulumi";
import { FinetuneResource } from "../core/resource";
import type { TRAIN_MODES } from "./valueLists";
import type { QianfanJobOutputs } from "./jobProvider";

export interface QianfanFineTuneJobArgs {
  /** 2 to 20 characters. */
  name: pulumi.Input<string>;
  /** Up to 500 characters. */
  description?: pulumi.Input<string>;
  /** The base model version, e.g. ERNIE-Speed-8K. */
  model: pulumi.Input<string>;
  /** SFT (default), PostPretrain, DPO or KTO. */
  trainMode?: pulumi.Input<(typeof TRAIN_MODES)[number]>;
}

/** A Baidu Qianfan fine-tuning job (`pulumi-nodejs:dynamic/qianfan:FineTuneJob`), the container of tasks. */
export class QianfanFineTuneJob extends FinetuneResource {
  /** The job's id (`job-…`); also the resource id. */
  declare readonly jobId: pulumi.Output<QianfanJobOutputs["jobId"]>;

  constructor(name: string, args: QianfanFineTuneJobArgs, opts?: pulumi.CustomResourceOptions) {
    super("fineTuneJob", "qianfan", "FineTuneJob", name, { jobId: undefined, ...args }, opts);
  }
}
