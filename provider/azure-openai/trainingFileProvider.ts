/** TrainingFile life cycle against the files API: upload, wait until processed, refresh, delete. */
import { promises as fs } from "node:fs";
import { basename } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { toFile } from "openai";
import type { FileObject } from "openai/resources/files";
import { FinetuneError, NotFoundError } from "../core/errors";
import { ResourceImplementation, Props } from "../core/hooks";
import { progress } from "../core/progress";
import { waitUntil } from "../core/wait";
import { azureClient, AzureOpenAIClient } from "./client";
import { diffProps } from "./diff";
import { checkTrainingFile, TrainingFileInputs } from "./trainingFileInputs";

export interface TrainingFileOutputs extends TrainingFileInputs {
  fileId: string;
  bytes: number;
  filename: string;
  status: string;
  statusDetails?: string;
  createdAt: number;
}

const REPLACE_KEYS = ["contentSha256", "purpose", "filename", "endpoint"] as const;
const UPDATE_KEYS = ["source", "content", "waitForProcessing", "processingTimeoutSeconds", "apiVersion"] as const;

export const trainingFileProvider: ResourceImplementation = {
  async check(_olds, news) {
    const result = await checkTrainingFile(news);
    const inputs = result.inputs as Props;
    if (inputs.filename === undefined && typeof inputs.source === "string") inputs.filename = basename(inputs.source);
    if (inputs.filename === undefined && typeof inputs.content === "string") inputs.filename = "training.jsonl";
    return result;
  },

  async diff(_id, olds, news) {
    return diffProps(olds, news, REPLACE_KEYS, UPDATE_KEYS);
  },

  async create(props) {
    const inputs = props as unknown as TrainingFileInputs;
    const client = clientFor(inputs);
    const bytes = inputs.content !== undefined ? Buffer.from(inputs.content) : await fs.readFile(inputs.source as string);
    const filename = inputs.filename ?? "training.jsonl";
    progress(`TrainingFile: uploading ${filename} (${bytes.length} bytes, purpose ${inputs.purpose})`);
    const upload = await toFile(bytes, filename);
    const created = await client.call("upload training file", (openai) =>
      openai.files.create({ file: upload, purpose: inputs.purpose as "fine-tune" }),
    );
    const file = inputs.waitForProcessing ? await waitForProcessed(client, created, inputs) : created;
    return { id: file.id, outs: outputs(inputs, file) as unknown as pulumi.Inputs };
  },

  async read(id, props) {
    const state = props as unknown as TrainingFileOutputs;
    try {
      const file = await clientFor(state).call("read training file", (openai) => openai.files.retrieve(id));
      if (fileStatus(file) === "deleted") return { id: "", props: {} };
      return { id, props: outputs(state, file) as unknown as pulumi.Inputs };
    } catch (error) {
      if (error instanceof NotFoundError) return { id: "", props: {} };
      throw error;
    }
  },

  async update(_id, olds, news) {
    const state = olds as unknown as TrainingFileOutputs;
    return { outs: { ...state, ...news } as pulumi.Inputs };
  },

  async delete(id, props) {
    await deleteFile(clientFor(props as unknown as TrainingFileOutputs), id);
  },
};

function clientFor(inputs: { endpoint?: string; apiVersion?: string }): AzureOpenAIClient {
  return azureClient({ endpoint: inputs.endpoint, apiVersion: inputs.apiVersion });
}

async function waitForProcessed(
  client: AzureOpenAIClient,
  created: FileObject,
  inputs: TrainingFileInputs,
): Promise<FileObject> {
  const file = await waitUntil({
    what: `TrainingFile ${created.id}`,
    poll: () => client.call("read training file", (openai) => openai.files.retrieve(created.id)),
    describe: fileStatus,
    isDone: (f) => ["processed", "error", "deleted"].includes(fileStatus(f)),
    timeoutMs: inputs.processingTimeoutSeconds * 1000,
    timeoutHint:
      `The file stays remotely and is deleted now so nothing is orphaned; raise processingTimeoutSeconds ` +
      "or set waitForProcessing: false.",
  }).catch(async (error: unknown) => {
    await deleteFile(client, created.id).catch(() => undefined);
    throw error;
  });
  if (file.status !== "processed") {
    await deleteFile(client, created.id);
    throw new FinetuneError(
      `TrainingFile ${created.id} (${created.filename}) ended in status "${file.status}": ` +
        `${(file.status_details ?? "the service gave no details").replace(/\.+$/, "")}. ` +
        "The remote file was deleted; fix the data and run again.",
    );
  }
  return file;
}

async function deleteFile(client: AzureOpenAIClient, id: string): Promise<void> {
  try {
    await client.call("delete training file", (openai) => openai.files.delete(id));
    progress(`TrainingFile: deleted ${id}`);
  } catch (error) {
    if (error instanceof NotFoundError) return;
    throw error;
  }
}

/** Azure reports more states than the SDK's type lists (pending, running, deleting, deleted). */
function fileStatus(file: FileObject): string {
  return file.status as string;
}

function outputs(inputs: TrainingFileInputs, file: FileObject): TrainingFileOutputs {
  return {
    ...inputs,
    fileId: file.id,
    bytes: file.bytes,
    filename: file.filename,
    purpose: file.purpose as TrainingFileInputs["purpose"],
    status: file.status,
    statusDetails: file.status_details ?? undefined,
    createdAt: file.created_at,
  };
}
