import * as pulumi from "@pulumi/pulumi";
import { FinetuneResource } from "../core/resource";
import type { FileArgs } from "./trainingFile";
import type { UploadOutputs } from "./uploadProvider";

export interface UploadArgs extends FileArgs {
  /** Path of the local file to send in parts. */
  source: pulumi.Input<string>;
  /** Default `text/jsonl`. */
  mimeType?: pulumi.Input<string>;
  /** Part size in MiB, 1 to 64 (default 64). */
  partSizeMb?: pulumi.Input<number>;
  /** Parts sent at once, 1 to 16 (default 4). Memory use is about partSizeMb × (concurrency + 1). */
  concurrency?: pulumi.Input<number>;
}

/**
 * A large file sent through the multipart Uploads API (`pulumi-nodejs:dynamic/azure-openai:Upload`). Its id is the
 * id of the file the upload produced.
 */
export class Upload extends FinetuneResource {
  /** The upload's id (`upload_…`). */
  declare readonly uploadId: pulumi.Output<UploadOutputs["uploadId"]>;
  /** The upload's status (completed), or "adopted" for an adopted file. */
  declare readonly status: pulumi.Output<UploadOutputs["status"]>;
  /** When the upload would have expired (Unix seconds). */
  declare readonly expiresAt: pulumi.Output<UploadOutputs["expiresAt"]>;
  /** The id of the file the upload produced (`file-…`); also the resource id. */
  declare readonly fileId: pulumi.Output<UploadOutputs["fileId"]>;
  /** The file's own status: uploaded, pending, running, processed, error, deleting or deleted. */
  declare readonly fileStatus: pulumi.Output<UploadOutputs["fileStatus"]>;
  /** Why processing failed, when it did. */
  declare readonly statusDetails: pulumi.Output<UploadOutputs["statusDetails"]>;
  /** The file's size in bytes. */
  declare readonly bytes: pulumi.Output<UploadOutputs["bytes"]>;
  /** MD5 of the whole file, sent with the completion. */
  declare readonly md5: pulumi.Output<UploadOutputs["md5"]>;
  /** SHA-256 of the content, computed at preview; a change replaces the upload. */
  declare readonly contentSha256: pulumi.Output<UploadOutputs["contentSha256"]>;
  /** The examples' format found at preview (chat, completion, preference or reinforcement). */
  declare readonly contentFormat: pulumi.Output<UploadOutputs["contentFormat"]>;
  /** The remote name: `filename`, with the sweep marker when a sweep tag is set. */
  declare readonly filename: pulumi.Output<UploadOutputs["filename"]>;
  /** The file's purpose. */
  declare readonly purpose: pulumi.Output<UploadOutputs["purpose"]>;
  /** When the file was created (Unix seconds). */
  declare readonly createdAt: pulumi.Output<UploadOutputs["createdAt"]>;

  constructor(name: string, args: UploadArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = {
      uploadId: undefined,
      status: undefined,
      expiresAt: undefined,
      fileId: undefined,
      fileStatus: undefined,
      statusDetails: undefined,
      bytes: undefined,
      md5: undefined,
      contentSha256: undefined,
      contentFormat: undefined,
      filename: undefined,
      purpose: undefined,
      createdAt: undefined,
    };
    super("upload", "azure-openai", "Upload", name, { ...outputs, ...args }, opts);
  }
}
