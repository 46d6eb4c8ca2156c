import * as pulumi from "@pulumi/pulumi";
import { InputError } from "../core/errors";
import { FinetuneResource } from "../core/resource";
import type { ReinforcementSettings } from "./fineTuneJobInputs";
import type { TrainingFile } from "./trainingFile";
import type { Upload } from "./upload";
import type { FineTuneJobOutputs } from "./fineTuneJobProvider";

export interface HyperparametersArgs {
  /** 1 to 50, or "auto". */
  nEpochs?: pulumi.Input<number | "auto">;
  /** 1 to 256, or "auto". */
  batchSize?: pulumi.Input<number | "auto">;
  /** Above 0 and up to 10, or "auto". */
  learningRateMultiplier?: pulumi.Input<number | "auto">;
  /** DPO only: above 0 and up to 2, or "auto". */
  beta?: pulumi.Input<number | "auto">;
}

export interface FineTuneJobArgs {
  /** The base model, e.g. gpt-4o-mini-2024-07-18. */
  model: pulumi.Input<string>;
  /** The training file: a TrainingFile or Upload of this stack (its purpose is then checked at preview)... */
  trainingFile?: TrainingFile | Upload;
  /** ...or a file id. Give exactly one. */
  trainingFileId?: pulumi.Input<string>;
  /**
   * A TrainingFile or Upload of this stack to validate on (its purpose and data format are checked at preview).
   * Replaces the job when changed.
   */
  validationFile?: TrainingFile | Upload;
  /**
   * ...or the validation file's id (`file-…`). Give at most one of the two. Required for reinforcement fine-
   * tuning.
   */
  validationFileId?: pulumi.Input<string>;
  /** Added to the fine-tuned model's name: 1 to 64 letters, digits, "-" or "_". */
  suffix?: pulumi.Input<string>;
  /** For reproducible training: 0 to 2147483647. Replaces the job when changed. */
  seed?: pulumi.Input<number>;
  /**
   * Training settings, each a number or "auto" (the service chooses): nEpochs 1–50, batchSize 1–256,
   * learningRateMultiplier above 0 and up to 10. Replaces the job when changed.
   */
  hyperparameters?: pulumi.Input<HyperparametersArgs>;
  /**
   * `supervised` (default) or `dpo`, with that method's hyperparameters (`beta` for DPO); or `reinforcement` (api-version
   * v1) with `reinforcement: { grader, responseFormat?, hyperparameters? }`, graders written as the service's JSON.
   */
  method?: pulumi.Input<
    | {
        type: pulumi.Input<"supervised" | "dpo">;
        hyperparameters?: pulumi.Input<HyperparametersArgs>;
      }
    | { type: pulumi.Input<"reinforcement">; reinforcement: pulumi.Input<ReinforcementSettings> }
  >;
  /** Where the job trains: standard, globalStandard or developer (any letter case; developerTier too). Replaces. */
  trainingType?: pulumi.Input<string>;
  /** Up to 16 string pairs (api-version v1). Replaces the job when changed. */
  metadata?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** A declarative pause (default false): true pauses a running job that has trained a step, false resumes it. */
  paused?: pulumi.Input<boolean>;
  /** Wait for the job to finish during `pulumi up` (default false). */
  waitForCompletion?: pulumi.Input<boolean>;
  /** How long to wait (default 86400 s); on timeout the job keeps running and stays in the state. */
  completionTimeoutSeconds?: pulumi.Input<number>;
  /** First poll interval while waiting (default 5 s); it grows up to 30 s while nothing changes. */
  pollIntervalSeconds?: pulumi.Input<number>;
  /** Take over an existing job (`ftjob-…`) instead of creating one. */
  adoptExistingId?: pulumi.Input<string>;
  /**
   * Overrides stack config azure-openai:endpoint for this job (https, or loopback http for the emulator).
   * Replaces the job when changed.
   */
  endpoint?: pulumi.Input<string>;
  /**
   * "v1" or a dated api-version (default stack config azure-openai:apiVersion, else 2025-04-01-preview); see the
   * README's route families. An update: nothing is replaced.
   */
  apiVersion?: pulumi.Input<string>;
}

/** An Azure OpenAI fine-tuning job (`pulumi-nodejs:dynamic/azure-openai:FineTuneJob`). */
export class FineTuneJob extends FinetuneResource {
  /** The job's id (`ftjob-…`); also the resource id. */
  declare readonly jobId: pulumi.Output<FineTuneJobOutputs["jobId"]>;
  /**
   * The job's status at the last create, update or refresh: pending, validating_files, queued, running, pausing,
   * paused, resuming, succeeded, failed or cancelled.
   */
  declare readonly status: pulumi.Output<FineTuneJobOutputs["status"]>;
  /** The fine-tuned model's name, once the job has succeeded. */
  declare readonly fineTunedModel: pulumi.Output<FineTuneJobOutputs["fineTunedModel"]>;
  /** Tokens trained, as the service reports them. */
  declare readonly trainedTokens: pulumi.Output<FineTuneJobOutputs["trainedTokens"]>;
  /** The ids of the job's result files (training metrics); deleted with the job. */
  declare readonly resultFiles: pulumi.Output<FineTuneJobOutputs["resultFiles"]>;
  /** When the job was created (Unix seconds). */
  declare readonly createdAt: pulumi.Output<FineTuneJobOutputs["createdAt"]>;
  /** When the job ended (Unix seconds). */
  declare readonly finishedAt: pulumi.Output<FineTuneJobOutputs["finishedAt"]>;
  /** When the service expects the job to end (Unix seconds), while it runs. */
  declare readonly estimatedFinish: pulumi.Output<FineTuneJobOutputs["estimatedFinish"]>;
  /** Why a failed job failed: { code, message, param }. */
  declare readonly error: pulumi.Output<FineTuneJobOutputs["error"]>;
  /** What the service chose for "auto" hyperparameters. */
  declare readonly resolvedHyperparameters: pulumi.Output<
    FineTuneJobOutputs["resolvedHyperparameters"]
  >;
  /** The latest checkpoints: { id, step, fineTunedModelCheckpoint, metrics }. */
  declare readonly checkpoints: pulumi.Output<FineTuneJobOutputs["checkpoints"]>;
  /** The newest checkpoint's metrics (train_loss, valid_loss, …), as the service names them. */
  declare readonly metrics: pulumi.Output<FineTuneJobOutputs["metrics"]>;
  /** Whether the job is pausing or paused; a pause from outside shows here after `pulumi refresh`. */
  declare readonly paused: pulumi.Output<FineTuneJobOutputs["paused"]>;
  /** The training type, as the service reports it (else as given). */
  declare readonly trainingType: pulumi.Output<FineTuneJobOutputs["trainingType"]>;
  /** The job's metadata, as the service reports it (else as given). */
  declare readonly metadata: pulumi.Output<FineTuneJobOutputs["metadata"]>;

  constructor(name: string, args: FineTuneJobArgs, opts?: pulumi.CustomResourceOptions) {
    const { trainingFile, validationFile, ...rest } = args;
    if (trainingFile && args.trainingFileId !== undefined) {
      throw new InputError(
        "trainingFile",
        `give trainingFile or trainingFileId, not both (FineTuneJob ${name}).`,
      );
    }
    if (validationFile && args.validationFileId !== undefined) {
      throw new InputError(
        "validationFile",
        `give validationFile or validationFileId, not both (FineTuneJob ${name}).`,
      );
    }
    const files = {
      ...(trainingFile
        ? {
            trainingFileId: trainingFile.fileId,
            trainingFilePurpose: trainingFile.purpose,
            trainingFileFormat: trainingFile.contentFormat,
          }
        : {}),
      ...(validationFile
        ? {
            validationFileId: validationFile.fileId,
            validationFilePurpose: validationFile.purpose,
            validationFileFormat: validationFile.contentFormat,
          }
        : {}),
    };
    const outputs = {
      jobId: undefined,
      status: undefined,
      fineTunedModel: undefined,
      trainedTokens: undefined,
      resultFiles: undefined,
      createdAt: undefined,
      finishedAt: undefined,
      estimatedFinish: undefined,
      error: undefined,
      resolvedHyperparameters: undefined,
      checkpoints: undefined,
      metrics: undefined,
      paused: undefined,
      trainingType: undefined,
      metadata: undefined,
    };
    super(
      "fineTuneJob",
      "azure-openai",
      "FineTuneJob",
      name,
      { ...outputs, ...rest, ...files },
      opts,
    );
  }
}
