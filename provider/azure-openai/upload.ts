import * as pulumi from "@pulumi/pulumi";
import { FinetuneResource } from "../core/resource";
import type { FilePurpose } from "./fileInputs";
import type { FileArgs } from "./trainingFile";

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
  declare readonly uploadId: pulumi.Output<string | undefined>;
  declare readonly status: pulumi.Output<string>;
  declare readonly expiresAt: pulumi.Output<number | undefined>;
  declare readonly fileId: pulumi.Output<string>;
  declare readonly fileStatus: pulumi.Output<string>;
  declare readonly statusDetails: pulumi.Output<string | undefined>;
  declare readonly bytes: pulumi.Output<number>;
  declare readonly md5: pulumi.Output<string | undefined>;
  declare readonly contentSha256: pulumi.Output<string>;
  declare readonly filename: pulumi.Output<string>;
  declare readonly purpose: pulumi.Output<FilePurpose>;
  declare readonly createdAt: pulumi.Output<number>;

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
      filename: undefined,
      purpose: undefined,
      createdAt: undefined,
    };
    super(require("./hooks/upload"), "azure-openai", "Upload", name, { ...outputs, ...args }, opts);
  }
}
