import { HttpError } from "../errors";
import type { Reply, RequestContext } from "../routing";
import type { AzureStore } from "./azureStore";
import { invalidPayload } from "./errors";
import { type AzureRoute, DATED_ONLY } from "./families";
import {
  type FileObject,
  isFilePurpose,
  isPlainFilename,
  PURPOSE_LIST,
  toFileObject,
} from "./files";
import { uploadNotFound, type UploadStatus, type UploadView } from "./uploadStore";

/** MIME types a `fine-tune` upload may declare. */
export const FINE_TUNE_MIME_TYPES = [
  "application/jsonl",
  "application/json",
  "text/jsonl",
  "text/plain",
] as const;

/** The Upload object on the wire (seed `UploadResource`). */
export interface UploadObject {
  id: string;
  object: "upload";
  bytes: number;
  created_at: number;
  expires_at: number;
  filename: string;
  purpose: string;
  status: UploadStatus;
  file: FileObject | null;
}

/** The Upload Part object on the wire. */
export interface UploadPartObject {
  id: string;
  object: "upload.part";
  created_at: number;
  upload_id: string;
}

/** Only the dated specs have uploads; under /openai/v1/ they answer 404 (see `families.ts`). */
export const uploadRoutes: readonly AzureRoute[] = [
  { key: "POST /openai/uploads", handle: createUpload, families: DATED_ONLY },
  { key: "POST /openai/uploads/{id}/parts", handle: addPart, families: DATED_ONLY },
  { key: "POST /openai/uploads/{id}/complete", handle: completeUpload, families: DATED_ONLY },
  { key: "POST /openai/uploads/{id}/cancel", handle: cancelUpload, families: DATED_ONLY },
];

/** The complete's answer passes `wait: false`, so it does not wait for the file's content check. */
export async function toUploadObject(
  store: AzureStore,
  upload: UploadView,
  options?: { wait?: boolean },
): Promise<UploadObject> {
  const file = upload.fileId === null ? undefined : store.getFile(upload.fileId);
  return {
    id: upload.id,
    object: "upload",
    bytes: upload.bytes,
    created_at: toSeconds(upload.createdAtMs),
    expires_at: toSeconds(upload.expiresAtMs),
    filename: upload.filename,
    purpose: upload.purpose,
    status: upload.status,
    file: file ? await toFileObject(store, file, options) : null,
  };
}

async function createUpload({ store, body }: RequestContext<AzureStore>): Promise<Reply> {
  const fields = asObject(await body.json());
  const { filename, purpose, bytes, mime_type: mimeType } = fields;
  if (typeof filename !== "string" || !isPlainFilename(filename)) {
    const message = "filename must be a non-empty name without path separators or control codes.";
    throw invalidPayload("filename", message);
  }
  if (typeof purpose !== "string" || !isFilePurpose(purpose)) {
    throw invalidPayload("purpose", `purpose must be one of: ${PURPOSE_LIST}.`);
  }
  const { maxUploadBytes } = store.uploads.limits;
  if (
    typeof bytes !== "number" ||
    !Number.isSafeInteger(bytes) ||
    bytes < 1 ||
    bytes > maxUploadBytes
  ) {
    throw invalidPayload("bytes", `bytes must be an integer from 1 to ${maxUploadBytes}.`);
  }
  if (typeof mimeType !== "string" || mimeType.trim() === "") {
    throw invalidPayload("mime_type", "mime_type is required.");
  }
  if (purpose === "fine-tune" && !isFineTuneMimeType(mimeType)) {
    const allowed = FINE_TUNE_MIME_TYPES.join(", ");
    throw invalidPayload("mime_type", `A fine-tune upload's mime_type must be one of: ${allowed}.`);
  }
  const upload = store.uploads.create({ filename, purpose, bytes, mimeType });
  return { status: 200, json: await toUploadObject(store, upload) };
}

async function addPart({ store, body, param }: RequestContext<AzureStore>): Promise<Reply> {
  const uploadId = param("id");
  // An unknown upload answers 404 before its body is looked at.
  requireUpload(store, uploadId);
  const part = await store.uploads.addPart(uploadId, async (writer) => {
    let dataFields = 0;
    const form = await body.streamForm((file) => {
      if (file.name !== "data") return { write: () => undefined };
      if (++dataFields > 1) throw invalidPayload("data", "The data field may appear once.");
      return writer;
    });
    if (!form.files.has("data")) {
      throw invalidPayload("data", "The data field is required: a file part with the bytes.");
    }
  });
  const json: UploadPartObject = {
    id: part.id,
    object: "upload.part",
    created_at: toSeconds(part.createdAtMs),
    upload_id: uploadId,
  };
  return { status: 200, json };
}

async function completeUpload({ store, body, param }: RequestContext<AzureStore>): Promise<Reply> {
  const uploadId = param("id");
  requireUpload(store, uploadId);
  const { part_ids: partIds, md5 } = asObject(await body.json());
  if (!isNonEmptyStringArray(partIds)) {
    throw invalidPayload("part_ids", "part_ids must be a non-empty array of part ids, in order.");
  }
  if (md5 !== undefined && (typeof md5 !== "string" || !/^[0-9a-f]{32}$/i.test(md5))) {
    throw invalidPayload("md5", "md5 must be 32 hex digits.");
  }
  // The new file's content check runs in the background; the answer does not wait for it.
  const upload = await store.uploads.complete(uploadId, partIds, md5);
  return { status: 200, json: await toUploadObject(store, upload, { wait: false }) };
}

async function cancelUpload({ store, param }: RequestContext<AzureStore>): Promise<Reply> {
  const upload = store.uploads.cancel(param("id"));
  return { status: 200, json: await toUploadObject(store, upload) };
}

function requireUpload(store: AzureStore, id: string): void {
  if (!store.getUpload(id)) throw uploadNotFound(id);
}

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return value as Record<string, unknown>;
  }
  throw new HttpError(400, "The request body must be a JSON object.");
}

// MIME types compare case-insensitively, and parameters such as charset do not change the type.
const isFineTuneMimeType = (mimeType: string) =>
  (FINE_TUNE_MIME_TYPES as readonly string[]).includes(
    (mimeType.split(";")[0] ?? "").trim().toLowerCase(),
  );

const isNonEmptyStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === "string");

const toSeconds = (ms: number) => Math.floor(ms / 1000);
