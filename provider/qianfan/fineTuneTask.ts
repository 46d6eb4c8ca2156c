import * as pulumi from "@pulumi/pulumi";
import { FinetuneResource } from "../core/resource";
import type { PARAMETER_SCALES } from "./inputs";
import type { QianfanTaskOutputs } from "./taskProvider";
import fineTuneTaskHooks = require("./hooks/fineTuneTask");

export interface QianfanDatasetVersionArgs {
  /** A published platform dataset version (sourceType Platform). */
  versionId?: pulumi.Input<string>;
  /** A BOS URI such as bos:/bucket/path/ (sourceType Bos). */
  versionBosUri?: pulumi.Input<string>;
  /** 0.01 to 10 (default 1). */
  samplingRate?: pulumi.Input<number>;
}

export interface QianfanFineTuneTaskArgs {
  jobId: pulumi.Input<string>;
  parameterScale?: pulumi.Input<(typeof PARAMETER_SCALES)[number]>;
  /** epoch (1–50), learningRate (0–1), maxSeqLen (512…32768), batchSize, loggingSteps, warmupRatio, weightDecay, LoRA settings… */
  hyperParameterConfig: pulumi.Input<Record<string, pulumi.Input<unknown>>>;
  datasetConfig: pulumi.Input<{
    sourceType: pulumi.Input<"Platform" | "Bos">;
    versions: pulumi.Input<pulumi.Input<QianfanDatasetVersionArgs>[]>;
    /** 0 to 20. */
    splitRatio?: pulumi.Input<number>;
  }>;
  incrementTaskId?: pulumi.Input<string>;
  incrementCheckpointStep?: pulumi.Input<number>;
  /** Wait for the task to finish during `pulumi up` (default false). */
  waitForCompletion?: pulumi.Input<boolean>;
  /** Default 86400 s; on timeout the task keeps running and stays in the state. */
  completionTimeoutSeconds?: pulumi.Input<number>;
  /** First poll interval (default 10 s), growing up to 30 s while nothing changes. */
  pollIntervalSeconds?: pulumi.Input<number>;
}

/** One training run of a Qianfan fine-tuning job (`pulumi-nodejs:dynamic/qianfan:FineTuneTask`). */
export class QianfanFineTuneTask extends FinetuneResource {
  declare readonly taskId: pulumi.Output<QianfanTaskOutputs["taskId"]>;
  declare readonly runStatus: pulumi.Output<QianfanTaskOutputs["runStatus"]>;
  declare readonly runProgress: pulumi.Output<QianfanTaskOutputs["runProgress"]>;
  declare readonly jobName: pulumi.Output<QianfanTaskOutputs["jobName"]>;
  declare readonly model: pulumi.Output<QianfanTaskOutputs["model"]>;
  declare readonly trainMode: pulumi.Output<QianfanTaskOutputs["trainMode"]>;
  declare readonly vdlLink: pulumi.Output<QianfanTaskOutputs["vdlLink"]>;
  declare readonly metrics: pulumi.Output<QianfanTaskOutputs["metrics"]>;
  declare readonly createDate: pulumi.Output<QianfanTaskOutputs["createDate"]>;
  declare readonly finishDate: pulumi.Output<QianfanTaskOutputs["finishDate"]>;
  declare readonly checkpointList: pulumi.Output<QianfanTaskOutputs["checkpointList"]>;

  constructor(name: string, args: QianfanFineTuneTaskArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = {
      taskId: undefined,
      runStatus: undefined,
      runProgress: undefined,
      jobName: undefined,
      model: undefined,
      trainMode: undefined,
      vdlLink: undefined,
      metrics: undefined,
      createDate: undefined,
      finishDate: undefined,
      checkpointList: undefined,
    };
    super(fineTuneTaskHooks, "qianfan", "FineTuneTask", name, { ...outputs, ...args }, opts);
  }
}
