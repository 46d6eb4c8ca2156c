import * as pulumi from "@pulumi/pulumi";
import { FinetuneResource } from "../core/resource";
import type { FilePurpose } from "./filePurposes";
import type { TrainingFileOutputs } from "./trainingFileProvider";

/** Inputs shared by TrainingFile and Upload. */
export interface FileArgs {
  /** Default `fine-tune`. */
  purpose?: pulumi.Input<FilePurpose>;
  /** Name the service records; default the source's base name, or `training.jsonl` for inline content. */
  filename?: pulumi.Input<string>;
  /**
   * The examples' format, when it must be said: `reinforcement` for reinforcement fine-tuning, whose examples end
   * with the user's turn (they would fail as chat examples, which need an assistant answer). Otherwise detected.
   */
  dataFormat?: pulumi.Input<"chat" | "completion" | "preference" | "reinforcement">;
  /** Validate fine-tune JSONL at preview (default true). */
  validateContent?: pulumi.Input<boolean>;
  /**
   * Keep what preview learnt of `source` (hash, size, format) in the check cache, so an unchanged file is not read
   * again (default true). Changing it is no change to the resource.
   */
  checkCache?: pulumi.Input<boolean>;
  /** Wait until the service has processed the file (default true). */
  waitForProcessing?: pulumi.Input<boolean>;
  /** How long to wait for processing (default 1800 s); Pulumi's customTimeouts do not reach dynamic providers. */
  processingTimeoutSeconds?: pulumi.Input<number>;
  /** Take over a file that already exists remotely instead of uploading (dynamic resources cannot be imported). */
  adoptExistingId?: pulumi.Input<string>;
  /** Overrides stack config azure-openai:endpoint for this resource. */
  endpoint?: pulumi.Input<string>;
  /** Overrides stack config azure-openai:apiVersion for this resource. */
  apiVersion?: pulumi.Input<string>;
}

export interface TrainingFileArgs extends FileArgs {
  /** Path of a local file to upload. Give exactly one of `source` and `content`. */
  source?: pulumi.Input<string>;
  /** The file's text, inline. Give exactly one of `source` and `content`. */
  content?: pulumi.Input<string>;
}

/** A training data file on Azure OpenAI (`pulumi-nodejs:dynamic/azure-openai:TrainingFile`). */
export class TrainingFile extends FinetuneResource {
  /** The file's id (`file-…`); also the resource id. */
  declare readonly fileId: pulumi.Output<TrainingFileOutputs["fileId"]>;
  /** The file's size in bytes, as the service reports it. */
  declare readonly bytes: pulumi.Output<TrainingFileOutputs["bytes"]>;
  /** The remote name: `filename`, with the sweep marker when a sweep tag is set. */
  declare readonly filename: pulumi.Output<TrainingFileOutputs["filename"]>;
  /** The file's purpose. */
  declare readonly purpose: pulumi.Output<TrainingFileOutputs["purpose"]>;
  /** The file's status: uploaded, pending, running, processed, error, deleting or deleted. */
  declare readonly status: pulumi.Output<TrainingFileOutputs["status"]>;
  /** Why processing failed, when it did. */
  declare readonly statusDetails: pulumi.Output<TrainingFileOutputs["statusDetails"]>;
  /** When the file was created (Unix seconds). */
  declare readonly createdAt: pulumi.Output<TrainingFileOutputs["createdAt"]>;
  /** SHA-256 of the content, computed at preview from the local bytes; a change replaces the file. */
  declare readonly contentSha256: pulumi.Output<TrainingFileOutputs["contentSha256"]>;
  /** The examples' format found at preview (chat, completion, preference or reinforcement). */
  declare readonly contentFormat: pulumi.Output<TrainingFileOutputs["contentFormat"]>;

  constructor(name: string, args: TrainingFileArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = {
      fileId: undefined,
      bytes: undefined,
      filename: undefined,
      purpose: undefined,
      status: undefined,
      statusDetails: undefined,
      createdAt: undefined,
      contentSha256: undefined,
      contentFormat: undefined,
    };
    super("trainingFile", "azure-openai", "TrainingFile", name, { ...outputs, ...args }, opts);
  }
}
