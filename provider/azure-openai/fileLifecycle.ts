/**
 * What TrainingFile and Upload share: putting a file on the service (one request, the Uploads API, or adopting
 * one that exists), waiting until it is processed, refreshing it, and deleting it.
 */
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import type { FileObject } from "openai/resources/files";
import type { FineTuningJob } from "openai/resources/fine-tuning/jobs/jobs";
import {
  ConflictError,
  FinetuneError,
  InputError,
  InUseError,
  NotFoundError,
} from "../core/errors";
import { progress } from "../core/progress";
import { systemWaitClock } from "../core/clock";
import { poll } from "../core/poll";
import { configuredSweepTag, markedFilename } from "./sweepMarker";
import { AzureOpenAIClient } from "./client";
import { FileInputs, SINGLE_REQUEST_LIMIT_BYTES, UploadInputs } from "./fileInputs";
import { FileFingerprint, findCreatedFile } from "./fileLookup";
import { multipartFileBody } from "./multipartBody";
import { uploadInParts } from "./multipartUpload";
import { createOnce } from "../core/createOnce";
import { listAllJobs } from "./listing";

export interface PlacedFile {
  file: FileObject;
  uploadId?: string;
  uploadStatus?: string;
  expiresAt?: number;
  md5?: string;
  sha256: string;
  adopted: boolean;
}

/** Azure reports more states than the SDK's type lists (pending, running, deleting, deleted). */
export function fileStatus(file: FileObject): string {
  return file.status;
}

/**
 * `marker` (core/identity.ts) goes into the remote name; with it, a file an interrupted earlier run made for this
 * resource is taken over instead of uploaded again.
 */
export async function placeFile(
  client: AzureOpenAIClient,
  inputs: FileInputs | UploadInputs,
  label: string,
  marker?: string,
): Promise<PlacedFile> {
  if (inputs.adoptExistingId) return adoptFile(client, inputs, inputs.adoptExistingId, label);
  const filename = markedFilename(inputs.filename, configuredSweepTag(), marker);
  const bytes =
    inputs.source !== undefined
      ? (await fs.stat(inputs.source)).size
      : Buffer.byteLength(inputs.content ?? "");
  // The uploads inside have their own retries; this one only looks for an interrupted run's file first.
  return createOnce<PlacedFile>({
    label,
    request: "upload",
    makes: "file",
    attempts: 1,
    findInterrupted: marker
      ? () =>
          findInterruptedFile(client, { filename, bytes, purpose: inputs.purpose }, inputs, label)
      : undefined,
    create: () => uploadNew(client, inputs, filename, bytes, label, marker !== undefined),
    idOf: (placed) => placed.file.id,
    statusOf: (placed) => fileStatus(placed.file),
  });
}

/**
 * The file with this resource's marked name, size and purpose. One in status `error` is of no use: it is deleted,
 * and a new one is uploaded.
 */
async function findInterruptedFile(
  client: AzureOpenAIClient,
  fingerprint: FileFingerprint,
  inputs: FileInputs,
  label: string,
): Promise<PlacedFile | undefined> {
  const file = await findCreatedFile(client, fingerprint);
  if (!file) return undefined;
  if (fileStatus(file) === "error") {
    progress(
      `${label}: ${file.id}, which an interrupted earlier run made for this resource, failed processing; deleting it and uploading again`,
    );
    await deleteFile(client, file.id, label);
    return undefined;
  }
  return {
    file,
    sha256: inputs.contentSha256,
    adopted: false,
    ...("partSizeMb" in inputs ? { uploadStatus: "completed" } : {}),
  };
}

async function uploadNew(
  client: AzureOpenAIClient,
  inputs: FileInputs | UploadInputs,
  filename: string,
  size: number,
  label: string,
  marked: boolean,
): Promise<PlacedFile> {
  const multipart = "partSizeMb" in inputs;
  if (inputs.source !== undefined && (multipart || size > SINGLE_REQUEST_LIMIT_BYTES)) {
    const upload = inputs as Partial<UploadInputs>;
    const result = await uploadInParts({
      client,
      path: inputs.source,
      bytes: size,
      filename,
      purpose: inputs.purpose,
      mimeType: upload.mimeType ?? "text/jsonl",
      partSizeBytes: Math.floor((upload.partSizeMb ?? 64) * 1024 * 1024),
      concurrency: upload.concurrency ?? 4,
      label,
    });
    return {
      file: result.file,
      uploadId: result.upload.id,
      uploadStatus: result.upload.status,
      expiresAt: result.upload.expires_at,
      md5: result.md5,
      sha256: result.sha256,
      adopted: false,
    };
  }
  const bytes =
    inputs.content !== undefined ? Buffer.from(inputs.content) : await fs.readFile(inputs.source!);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  progress(`${label}: uploading ${filename} (${bytes.length} bytes, purpose ${inputs.purpose})`);
  const file = await createFileOnce(
    client,
    bytes,
    {
      filename,
      bytes: bytes.length,
      purpose: inputs.purpose,
      since: marked ? undefined : Math.floor(systemWaitClock.now() / 1000),
    },
    label,
  );
  return { file, sha256, adopted: false };
}

/**
 * A create whose answer was lost may still have made the file: look for it before sending again, so a retried
 * create never leaves two files.
 */
async function createFileOnce(
  client: AzureOpenAIClient,
  bytes: Buffer,
  fingerprint: FileFingerprint,
  label: string,
): Promise<FileObject> {
  const create = () => {
    const form = multipartFileBody("file", fingerprint.filename, bytes.length, {
      purpose: fingerprint.purpose,
    });
    bytes.copy(form.content);
    return client.call("upload file", (openai) =>
      openai.post<FileObject>("/files", {
        body: form.body,
        headers: { "content-type": form.contentType },
      }),
    );
  };
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  return createOnce({
    label,
    request: "upload",
    makes: "file",
    create,
    // A marked name is this resource's alone; without one, the content tells the file apart from someone else's.
    findCreated: () =>
      findCreatedFile(
        client,
        fingerprint,
        fingerprint.since === undefined
          ? undefined
          : async (file) => {
              const content = await client.call("read file content", (openai) =>
                openai.files.content(file.id),
              );
              return (
                createHash("sha256")
                  .update(Buffer.from(await content.arrayBuffer()))
                  .digest("hex") === sha256
              );
            },
      ),
    idOf: (file) => file.id,
  });
}

async function adoptFile(
  client: AzureOpenAIClient,
  inputs: FileInputs,
  id: string,
  label: string,
): Promise<PlacedFile> {
  let file: FileObject;
  try {
    file = await client.call("read file to adopt", (openai) => openai.files.retrieve(id));
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new InputError(
        "adoptExistingId",
        `no file ${id} exists at this endpoint; remove adoptExistingId to upload instead.`,
      );
    }
    throw error;
  }
  if (file.purpose !== inputs.purpose) {
    throw new InputError(
      "adoptExistingId",
      `file ${id} has purpose "${file.purpose}", but purpose is "${inputs.purpose}".`,
    );
  }
  if (typeof inputs.contentBytes === "number" && file.bytes !== inputs.contentBytes) {
    throw new InputError(
      "adoptExistingId",
      `file ${id} has ${file.bytes} bytes but the declared content has ${inputs.contentBytes}: they are not the same file.`,
    );
  }
  progress(
    `${label}: adopted existing file ${id}; the stack now owns it and deletes it when the resource is removed`,
  );
  return { file, sha256: inputs.contentSha256, adopted: true };
}

const PROCESSING_FIRST_DELAY_MS = 500;
const PROCESSING_MAX_DELAY_MS = 10_000;

export async function waitForProcessed(
  client: AzureOpenAIClient,
  placed: PlacedFile,
  inputs: FileInputs,
  label: string,
): Promise<FileObject> {
  const id = placed.file.id;
  const cleanUp = async () => {
    if (!placed.adopted) await deleteFile(client, id, label).catch(() => undefined);
  };
  const file = await poll({
    what: `${label} ${id}`,
    read: () => client.call("read file", (openai) => openai.files.retrieve(id)),
    state: fileStatus,
    done: (f) => ["processed", "error", "deleted"].includes(fileStatus(f)),
    timeoutMs: inputs.processingTimeoutSeconds * 1000,
    firstDelayMs: PROCESSING_FIRST_DELAY_MS,
    maxDelayMs: PROCESSING_MAX_DELAY_MS,
    timeoutHint:
      "It was deleted so nothing is orphaned; raise processingTimeoutSeconds or set waitForProcessing: false.",
  }).catch(async (error: unknown) => {
    await cleanUp();
    throw error;
  });
  if (fileStatus(file) !== "processed") {
    await cleanUp();
    const details = (file.status_details ?? "the service gave no details").replace(/\.+$/, "");
    throw new FinetuneError(
      `${label} ${id} (${file.filename}) ended in status "${fileStatus(file)}": ${details}. ` +
        (placed.adopted
          ? "The adopted file was left as it is."
          : "The remote file was deleted; fix the data and run again."),
    );
  }
  return file;
}

/** The file as the service has it now, or undefined when it is gone. */
export async function refreshFile(
  client: AzureOpenAIClient,
  id: string,
): Promise<FileObject | undefined> {
  try {
    const file = await client.call("read file", (openai) => openai.files.retrieve(id));
    return fileStatus(file) === "deleted" ? undefined : file;
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

export async function deleteFile(
  client: AzureOpenAIClient,
  id: string,
  label: string,
): Promise<void> {
  try {
    await client.call("delete file", (openai) => openai.files.delete(id));
    progress(`${label}: deleted ${id}`);
  } catch (error) {
    if (error instanceof NotFoundError) {
      progress(`${label}: ${id} was already gone`);
      return;
    }
    if (error instanceof ConflictError) {
      const users = await jobsUsing(client, id);
      throw new InUseError(
        `${label}: file ${id} cannot be deleted while it is in use (${error.vendorMessage})` +
          (users.length > 0
            ? `: fine-tuning job(s) ${users.map((job) => `${job.id} (${job.status})`).join(", ")} use it`
            : "") +
          ". A FineTuneJob of the same stack is deleted before its files, so these are not in this stack's state: " +
          "cancel and delete them (DELETE /openai/fine_tuning/jobs/<id>, or pulumi-finetune-sweep for jobs on swept " +
          "files), then run the delete again.",
        users.map((job) => job.id),
      );
    }
    throw error;
  }
}

async function jobsUsing(client: AzureOpenAIClient, fileId: string): Promise<FineTuningJob[]> {
  try {
    return (await listAllJobs(client))
      .filter((job) => job.training_file === fileId || job.validation_file === fileId)
      .filter((job) => !["succeeded", "failed", "cancelled"].includes(job.status));
  } catch {
    return [];
  }
}
