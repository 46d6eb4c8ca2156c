/**
 * Sends a local file through the Uploads API: create, parts read from disk in order and sent several at a time,
 * complete with the ordered part ids and the MD5 of the whole. Parts stream from disk; MD5 and SHA-256 come from
 * one sequential read on a worker thread while they are sent, so memory stays a few MiB per part in flight, whatever
 * the part size. On any failure the upload is cancelled, so nothing stays pending.
 */
import * as fs from "node:fs";
import type { FileObject } from "openai/resources/files";
import type { UploadPart } from "openai/resources/uploads/parts";
import type { Upload } from "openai/resources/uploads/uploads";
import { createOnce } from "../core/createOnce";
import { ConflictError, FinetuneError, messageOf } from "../core/errors";
import { progress } from "../core/progress";
import { systemWaitClock, WaitClock } from "../core/clock";
import { AzureOpenAIClient } from "./client";
import { FileFingerprint, findCreatedFile } from "./fileLookup";
import { FileHashing, hashFileOnWorker } from "./fileHasher";
import { FilePartBody } from "../core/filePartBody";
import { multipartEnvelope } from "./multipartBody";

export const MAX_PART_BYTES = 64 * 1024 * 1024;
export const MAX_UPLOAD_BYTES = 9 * 1024 * 1024 * 1024;
export const DEFAULT_CONCURRENCY = 4;
const EXPIRY_MARGIN_MS = 60_000;

export interface PartUploadRequest {
  client: AzureOpenAIClient;
  path: string;
  bytes: number;
  filename: string;
  purpose: string;
  mimeType: string;
  partSizeBytes: number;
  concurrency: number;
  clock?: WaitClock;
  label?: string;
}

export interface PartUploadResult {
  upload: Upload;
  file: FileObject;
  md5: string;
  sha256: string;
  parts: number;
}

export function partCount(bytes: number, partSizeBytes: number): number {
  return Math.max(1, Math.ceil(bytes / partSizeBytes));
}

/**
 * Whether the upload can still finish before it expires, at the rate seen so far. Pure, for the table tests.
 * Returns the predicted finish (ms) when it cannot.
 */
export function predictedOverrun(progressSoFar: {
  startedMs: number;
  nowMs: number;
  sentBytes: number;
  totalBytes: number;
  expiresAtMs: number;
}): number | undefined {
  const elapsed = progressSoFar.nowMs - progressSoFar.startedMs;
  if (progressSoFar.sentBytes <= 0 || elapsed <= 0) return undefined;
  const remaining = progressSoFar.totalBytes - progressSoFar.sentBytes;
  const finish = progressSoFar.nowMs + (remaining * elapsed) / progressSoFar.sentBytes;
  return finish > progressSoFar.expiresAtMs - EXPIRY_MARGIN_MS ? finish : undefined;
}

export async function uploadInParts(request: PartUploadRequest): Promise<PartUploadResult> {
  const { client, bytes, filename, purpose } = request;
  const clock = request.clock ?? systemWaitClock;
  const label = request.label ?? "Upload";
  const since = Math.floor(clock.now() / 1000);
  // Hashing needs no upload, so it starts first.
  const hashing = hashFileOnWorker(request.path, bytes);
  try {
    const upload = await createUpload(request, label);
    const parts = partCount(bytes, request.partSizeBytes);
    progress(
      `${label} ${upload.id}: sending ${filename} (${formatBytes(bytes)}) in ${parts} part(s) of up to ` +
        `${formatBytes(request.partSizeBytes)}, ${request.concurrency} at a time`,
    );
    try {
      const sent = await sendParts(request, upload, parts, hashing, clock, label);
      const completed = await completeUpload(
        client,
        upload,
        sent.partIds,
        sent.md5,
        { filename, bytes, purpose, since },
        label,
      );
      if (!completed.file)
        throw new FinetuneError(`${label} ${upload.id}: completed without a file; run again.`);
      progress(`${label} ${upload.id}: completed as file ${completed.file.id}`);
      return { upload: completed, file: completed.file, md5: sent.md5, sha256: sent.sha256, parts };
    } catch (error) {
      await cancelUpload(client, upload.id, label);
      throw error;
    }
  } finally {
    await hashing.stop();
  }
}

async function sendParts(
  request: PartUploadRequest,
  upload: Upload,
  parts: number,
  hashing: FileHashing,
  clock: WaitClock,
  label: string,
): Promise<{ partIds: string[]; md5: string; sha256: string }> {
  let failure: { error: unknown } | undefined;
  const hashed = hashing.digests.catch((error: unknown) => {
    failure ??= { error };
    return undefined;
  });
  const partIds = new Array<string>(parts);
  const inFlight = new Set<Promise<void>>();
  const started = clock.now();
  let sentBytes = 0;
  let sentParts = 0;
  let lastReported = 0;
  const wholeFile = await fs.openAsBlob(request.path);
  for (let index = 0; index < parts && !failure; index++) {
    const start = index * request.partSizeBytes;
    const end = Math.min(start + request.partSizeBytes, request.bytes);
    const body = new FilePartBody(
      multipartEnvelope("data", `part-${index + 1}`),
      { path: request.path, start, end },
      wholeFile,
    );
    const task = request.client
      .call(
        `add part ${index + 1} of ${parts} to upload`,
        (openai) =>
          openai.post<UploadPart>(`/uploads/${encodeURIComponent(upload.id)}/parts`, {
            body,
            headers: { "content-type": body.envelope.contentType },
          }),
        "uploads",
      )
      .then((part) => {
        partIds[index] = part.id;
        sentBytes += end - start;
        sentParts++;
        const percent = Math.floor((100 * sentParts) / parts);
        if (percent - lastReported >= 10 || sentParts === parts) {
          lastReported = percent;
          const seconds = Math.max(0.001, (clock.now() - started) / 1000);
          progress(
            `${label} ${upload.id}: ${sentParts}/${parts} parts (${percent}%), ${formatBytes(sentBytes / seconds)}/s`,
          );
        }
        const overrun = predictedOverrun({
          startedMs: started,
          nowMs: clock.now(),
          sentBytes,
          totalBytes: request.bytes,
          expiresAtMs: upload.expires_at * 1000,
        });
        if (overrun !== undefined && sentParts >= 2 && sentParts < parts) {
          throw new FinetuneError(
            `${label} ${upload.id} cannot finish before it expires at ${new Date(upload.expires_at * 1000).toISOString()}: ` +
              `at the rate so far it would end at ${new Date(overrun).toISOString()}. It was cancelled; raise ` +
              "`concurrency`, or upload from a machine with a faster link to the service.",
          );
        }
      })
      .catch((error: unknown) => {
        failure ??= { error };
      });
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
    if (inFlight.size >= request.concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure) throw failure.error;
  const digests = await hashed;
  // Set by the hashing's own failure (the file changed or could not be read).
  if (!digests) throw (failure as { error: unknown } | undefined)?.error;
  return { partIds, ...digests };
}

/**
 * Completes the upload (the transport repeats it through 5xx and dropped connections). A 409 then may mean that
 * an earlier attempt completed it and only its answer was lost: the file it made is found by name, size and time.
 */
async function completeUpload(
  client: AzureOpenAIClient,
  upload: Upload,
  partIds: string[],
  md5: string,
  fingerprint: FileFingerprint,
  label: string,
): Promise<Upload> {
  return createOnce<Upload>({
    label: `${label} ${upload.id}`,
    request: "complete",
    makes: "file",
    create: () =>
      client.call(
        "complete upload",
        (openai) => openai.uploads.complete(upload.id, { part_ids: partIds, md5 }),
        "uploads",
      ),
    findCreated: async () => {
      const file = await findCreatedFile(client, fingerprint);
      return file && { ...upload, status: "completed", file };
    },
    refusedAsDone: (error) => error instanceof ConflictError,
    idOf: (completed) => completed.file?.id ?? completed.id,
  });
}

/** Starts an upload. */
function createUpload(request: PartUploadRequest, label: string): Promise<Upload> {
  return createOnce({
    label,
    request: "upload create",
    makes: "upload",
    create: () =>
      // Azure's purposes are more than the SDK's type lists (its spec has fine-tune-results, batch_output, ...).
      request.client.call(
        "create upload",
        (openai) =>
          openai.post<Upload>("/uploads", {
            body: {
              bytes: request.bytes,
              filename: request.filename,
              purpose: request.purpose,
              mime_type: request.mimeType,
            },
          }),
        "uploads",
      ),
    unfindable:
      "an upload cannot be listed, but one that was started holds no data and expires by itself",
    idOf: (upload) => upload.id,
  });
}

async function cancelUpload(
  client: AzureOpenAIClient,
  uploadId: string,
  label: string,
): Promise<void> {
  try {
    await client.call("cancel upload", (openai) => openai.uploads.cancel(uploadId), "uploads");
    progress(`${label} ${uploadId}: cancelled after the failure, so nothing stays pending`);
  } catch (error) {
    if (error instanceof ConflictError) return;
    progress(
      `${label} ${uploadId}: could not be cancelled (${messageOf(error)}); it expires by itself`,
    );
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${Math.round(bytes)} B`;
}
