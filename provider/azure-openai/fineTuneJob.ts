import * as pulumi from "@pulumi/pulumi";
import { InputError } from "../core/errors";
import { FinetuneResource } from "../core/resource";
import type { ReinforcementSettings } from "./fineTuneJobInputs";
import type { TrainingFile } from "./trainingFile";
import type { Upload } from "./upload";
import type { FineTuneJobOutputs } from "./fineTuneJobProvider";
import fineTuneJobHooks = require("./hooks/fineTuneJob");

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
  validationFile?: TrainingFile | Upload;
  validationFileId?: pulumi.Input<string>;
  /** Added to the fine-tuned model's name: 1 to 64 letters, digits, "-" or "_". */
  suffix?: pulumi.Input<string>;
  seed?: pulumi.Input<number>;
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
  endpoint?: pulumi.Input<string>;
  apiVersion?: pulumi.Input<string>;
}

/** An Azure OpenAI fine-tuning job (`pulumi-nodejs:dynamic/azure-openai:FineTuneJob`). */
export class FineTuneJob extends FinetuneResource {
  declare readonly jobId: pulumi.Output<FineTuneJobOutputs["jobId"]>;
  declare readonly status: pulumi.Output<FineTuneJobOutputs["status"]>;
  declare readonly fineTunedModel: pulumi.Output<FineTuneJobOutputs["fineTunedModel"]>;
  declare readonly trainedTokens: pulumi.Output<FineTuneJobOutputs["trainedTokens"]>;
  declare readonly resultFiles: pulumi.Output<FineTuneJobOutputs["resultFiles"]>;
  declare readonly createdAt: pulumi.Output<FineTuneJobOutputs["createdAt"]>;
  declare readonly finishedAt: pulumi.Output<FineTuneJobOutputs["finishedAt"]>;
  declare readonly estimatedFinish: pulumi.Output<FineTuneJobOutputs["estimatedFinish"]>;
  declare readonly error: pulumi.Output<FineTuneJobOutputs["error"]>;
  declare readonly resolvedHyperparameters: pulumi.Output<
    FineTuneJobOutputs["resolvedHyperparameters"]
  >;
  declare readonly checkpoints: pulumi.Output<FineTuneJobOutputs["checkpoints"]>;
  declare readonly paused: pulumi.Output<FineTuneJobOutputs["paused"]>;
  declare readonly trainingType: pulumi.Output<FineTuneJobOutputs["trainingType"]>;
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
    };
    super(
      fineTuneJobHooks,
      "azure-openai",
      "FineTuneJob",
      name,
      { ...outputs, ...rest, ...files },
      opts,
    );
  }
}
