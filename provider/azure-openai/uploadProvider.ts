/** Upload life cycle: the Uploads API for large files, then the resulting file as a TrainingFile would be. */
import type * as pulumi from "@pulumi/pulumi";
import { ResourceImplementation } from "../core/hooks";
import { diffProps } from "./diff";
import { checkFileInputs, UploadInputs } from "./fileInputs";
import { deleteFile, fileStatus, placeFile, refreshFile, waitForProcessed } from "./fileLifecycle";
import { clientFor, remoteFields } from "./trainingFileProvider";

export interface UploadOutputs extends UploadInputs {
  uploadId?: string;
  status?: string;
  expiresAt?: number;
  md5?: string;
  fileId: string;
  fileStatus: string;
  statusDetails?: string;
  bytes: number;
  createdAt: number;
}

const LABEL = "Upload";
const REPLACE_KEYS = ["contentSha256", "purpose", "filename", "endpoint", "mimeType"] as const;
const UPDATE_KEYS = [
  "source",
  "partSizeMb",
  "concurrency",
  "validateContent",
  "waitForProcessing",
  "processingTimeoutSeconds",
  "apiVersion",
  "adoptExistingId",
] as const;

export const uploadProvider: ResourceImplementation = {
  check: (_olds, news) => checkFileInputs(news, "Upload"),

  diff: async (_id, olds, news) => diffProps(olds, news, REPLACE_KEYS, UPDATE_KEYS),

  async create(props) {
    const inputs = props as unknown as UploadInputs;
    const client = clientFor(inputs);
    const placed = await placeFile(client, inputs, LABEL);
    const file = inputs.waitForProcessing ? await waitForProcessed(client, placed, inputs, LABEL) : placed.file;
    const { status: _fileStatus, ...remote } = remoteFields(file);
    const outs: UploadOutputs = {
      ...inputs,
      ...remote,
      fileStatus: fileStatus(file),
      uploadId: placed.uploadId,
      status: placed.adopted ? "adopted" : placed.uploadStatus,
      expiresAt: placed.expiresAt,
      md5: placed.md5,
      contentSha256: placed.sha256,
    };
    return { id: file.id, outs: outs as unknown as pulumi.Inputs };
  },

  async read(id, props) {
    const state = props as unknown as UploadOutputs;
    const file = await refreshFile(clientFor(state), id);
    if (!file) return { id: "", props: {} };
    const { status, ...remote } = remoteFields(file);
    return { id, props: { ...state, ...remote, fileStatus: status } as unknown as pulumi.Inputs };
  },

  update: async (_id, olds, news) => ({ outs: { ...olds, ...news } as pulumi.Inputs }),

  async delete(id, props) {
    await deleteFile(clientFor(props as unknown as UploadInputs), id, LABEL);
  },
};
