import * as pulumi from "@pulumi/pulumi";
import { FinetuneResource } from "../core/resource";
import { QianfanDataset } from "./dataset";
import type { PARAMETER_SCALES } from "./valueLists";
import type { QianfanTaskOutputs } from "./taskProvider";

export interface QianfanDatasetVersionArgs {
  /** A published platform dataset version (sourceType Platform). */
  versionId?: pulumi.Input<string>;
  /** A BOS URI such as bos:/bucket/path/ (sourceType Bos). */
  versionBosUri?: pulumi.Input<string>;
  /** 0.01 to 10 (default 1). */
  samplingRate?: pulumi.Input<number>;
}

/** The training data as a QianfanDataset: its published version, with sourceType Platform. */
export interface QianfanDatasetConfigArgs {
  /** The dataset to train on; the task is created once its version is published. */
  dataset: QianfanDataset;
  /** 0.01 to 10 (default 1). */
  samplingRate?: pulumi.Input<number>;
  /** The share (percent, 0 to 20) held out for evaluation. */
  splitRatio?: pulumi.Input<number>;
}

/** The training data as Qianfan takes it. */
export interface QianfanRawDatasetConfigArgs {
  /** Platform (published dataset versions) or Bos (BOS URIs). */
  sourceType: pulumi.Input<"Platform" | "Bos">;
  /** The versions to train on. */
  versions: pulumi.Input<pulumi.Input<QianfanDatasetVersionArgs>[]>;
  /** 0 to 20. */
  splitRatio?: pulumi.Input<number>;
}

export interface QianfanFineTuneTaskArgs {
  /** The job to train in: a QianfanFineTuneJob's jobId (`job-…`). Replaces the task when changed. */
  jobId: pulumi.Input<string>;
  /** FullFineTuning, LoRA or PromptTuning (the model decides which it offers). Replaces the task when changed. */
  parameterScale?: pulumi.Input<(typeof PARAMETER_SCALES)[number]>;
  /** epoch (1–50), learningRate (0–1), maxSeqLen (512…32768), batchSize, loggingSteps, warmupRatio, weightDecay, LoRA settings… */
  hyperParameterConfig: pulumi.Input<Record<string, pulumi.Input<unknown>>>;
  /**
   * The training data: `{ dataset: aQianfanDataset, samplingRate?, splitRatio? }`, or as Qianfan takes it,
   * `{ sourceType: "Platform" | "Bos", versions, splitRatio (0–20) }`. Replaces the task when changed.
   */
  datasetConfig: QianfanDatasetConfigArgs | pulumi.Input<QianfanRawDatasetConfigArgs>;
  /** Continue training from this finished task (`task-…`). Replaces the task when changed. */
  incrementTaskId?: pulumi.Input<string>;
  /** The step of `incrementTaskId` to continue from. Replaces the task when changed. */
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
  /** The task's id (`task-…`); also the resource id. */
  declare readonly taskId: pulumi.Output<QianfanTaskOutputs["taskId"]>;
  /** Waiting, Running, Done, Stopped or Failed, at the last create or refresh. */
  declare readonly runStatus: pulumi.Output<QianfanTaskOutputs["runStatus"]>;
  /** How far training is, e.g. "40%". */
  declare readonly runProgress: pulumi.Output<QianfanTaskOutputs["runProgress"]>;
  /** The job's name. */
  declare readonly jobName: pulumi.Output<QianfanTaskOutputs["jobName"]>;
  /** The base model. */
  declare readonly model: pulumi.Output<QianfanTaskOutputs["model"]>;
  /** The job's training mode. */
  declare readonly trainMode: pulumi.Output<QianfanTaskOutputs["trainMode"]>;
  /** A link to the task's training charts (VisualDL). */
  declare readonly vdlLink: pulumi.Output<QianfanTaskOutputs["vdlLink"]>;
  /** The task's metrics, as the service reports them. */
  declare readonly metrics: pulumi.Output<QianfanTaskOutputs["metrics"]>;
  /** When the task was created. */
  declare readonly createDate: pulumi.Output<QianfanTaskOutputs["createDate"]>;
  /** When the task ended. */
  declare readonly finishDate: pulumi.Output<QianfanTaskOutputs["finishDate"]>;
  /** The task's checkpoints, as the service reports them. */
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
    const datasetConfig = platformConfig(args.datasetConfig);
    super(
      "fineTuneTask",
      "qianfan",
      "FineTuneTask",
      name,
      { ...outputs, ...args, datasetConfig },
      opts,
    );
  }
}

/** A QianfanDataset given as the training data becomes `{ sourceType: "Platform", versions: [{ versionId }] }`. */
function platformConfig(
  config: QianfanFineTuneTaskArgs["datasetConfig"],
): pulumi.Input<QianfanRawDatasetConfigArgs> {
  if (!isDatasetConfig(config)) return config;
  const { dataset, samplingRate, splitRatio } = config;
  return {
    sourceType: "Platform",
    versions: [
      { versionId: dataset.versionId, ...(samplingRate === undefined ? {} : { samplingRate }) },
    ],
    ...(splitRatio === undefined ? {} : { splitRatio }),
  };
}

function isDatasetConfig(
  config: QianfanFineTuneTaskArgs["datasetConfig"],
): config is QianfanDatasetConfigArgs {
  return (
    typeof config === "object" &&
    !pulumi.Output.isInstance(config) &&
    "dataset" in config &&
    config.dataset instanceof QianfanDataset
  );
}
