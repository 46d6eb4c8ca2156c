import * as pulumi from "@pulumi/pulumi";
import { FinetuneResource } from "../core/resource";
import type { FileArgs } from "./trainingFile";
import type { UploadOutputs } from "./uploadProvider";
import uploadHooks = require("./hooks/upload");

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
  declare readonly uploadId: pulumi.Output<UploadOutputs["uploadId"]>;
  declare readonly status: pulumi.Output<UploadOutputs["status"]>;
  declare readonly expiresAt: pulumi.Output<UploadOutputs["expiresAt"]>;
  declare readonly fileId: pulumi.Output<UploadOutputs["fileId"]>;
  declare readonly fileStatus: pulumi.Output<UploadOutputs["fileStatus"]>;
  declare readonly statusDetails: pulumi.Output<UploadOutputs["statusDetails"]>;
  declare readonly bytes: pulumi.Output<UploadOutputs["bytes"]>;
  declare readonly md5: pulumi.Output<UploadOutputs["md5"]>;
  declare readonly contentSha256: pulumi.Output<UploadOutputs["contentSha256"]>;
  declare readonly contentFormat: pulumi.Output<UploadOutputs["contentFormat"]>;
  declare readonly filename: pulumi.Output<UploadOutputs["filename"]>;
  declare readonly purpose: pulumi.Output<UploadOutputs["purpose"]>;
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
    super(uploadHooks, "azure-openai", "Upload", name, { ...outputs, ...args }, opts);
  }
}
