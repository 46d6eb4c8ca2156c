/** TrainingFile life cycle: check offline, put the file (one request or the Uploads API), wait, refresh, delete. */
import type * as pulumi from "@pulumi/pulumi";
import type { FileObject } from "openai/resources/files";
import { ResourceImplementation } from "../core/hooks";
import { azureClient, AzureOpenAIClient } from "./client";
import { diffProps } from "./diff";
import { checkFileInputs, FileInputs, FilePurpose } from "./fileInputs";
import { deleteFile, fileStatus, PlacedFile, placeFile, refreshFile, waitForProcessed } from "./fileLifecycle";

export interface TrainingFileOutputs extends FileInputs {
  fileId: string;
  bytes: number;
  status: string;
  statusDetails?: string;
  createdAt: number;
}

const LABEL = "TrainingFile";
const REPLACE_KEYS = ["contentSha256", "purpose", "filename", "endpoint"] as const;
const UPDATE_KEYS = [
  "source",
  "content",
  "validateContent",
  "waitForProcessing",
  "processingTimeoutSeconds",
  "apiVersion",
  "adoptExistingId",
] as const;

export const trainingFileProvider: ResourceImplementation = {
  check: (_olds, news) => checkFileInputs(news, "TrainingFile"),

  diff: async (_id, olds, news) => diffProps(olds, news, REPLACE_KEYS, UPDATE_KEYS),

  async create(props) {
    const inputs = props as unknown as FileInputs;
    const client = clientFor(inputs);
    const placed = await placeFile(client, inputs, LABEL);
    const file = inputs.waitForProcessing ? await waitForProcessed(client, placed, inputs, LABEL) : placed.file;
    return { id: file.id, outs: trainingFileOutputs(inputs, file, placed) as unknown as pulumi.Inputs };
  },

  async read(id, props) {
    const state = props as unknown as TrainingFileOutputs;
    const file = await refreshFile(clientFor(state), id);
    if (!file) return { id: "", props: {} };
    return { id, props: { ...state, ...remoteFields(file) } as unknown as pulumi.Inputs };
  },

  update: async (_id, olds, news) => ({ outs: { ...olds, ...news } as pulumi.Inputs }),

  async delete(id, props) {
    await deleteFile(clientFor(props as unknown as FileInputs), id, LABEL);
  },
};

export function clientFor(inputs: { endpoint?: string; apiVersion?: string }): AzureOpenAIClient {
  return azureClient({ endpoint: inputs.endpoint, apiVersion: inputs.apiVersion });
}

export function remoteFields(file: FileObject) {
  return {
    fileId: file.id,
    bytes: file.bytes,
    filename: file.filename,
    purpose: file.purpose as FilePurpose,
    status: fileStatus(file),
    statusDetails: file.status_details ?? undefined,
    createdAt: file.created_at,
  };
}

function trainingFileOutputs(inputs: FileInputs, file: FileObject, placed: PlacedFile): TrainingFileOutputs {
  return { ...inputs, ...remoteFields(file), contentSha256: placed.sha256 };
}
