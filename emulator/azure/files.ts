import { HttpError } from "../errors";
import type { Reply, RequestContext } from "../routing";
import type { AzureStore } from "./azureStore";
import { invalidPayload } from "./errors";
import { type AzureRoute, CREATED, DATED_ONLY } from "./families";
import { fetchImportContent, importFields, importSource } from "./fileImport";
import { pageWithIds } from "./paging";
import type { StoredFile } from "./storedFile";

/** Purposes the files route accepts (seed `Purpose`, plus the newer ones). */
export const FILE_PURPOSES = [
  "fine-tune",
  "fine-tune-results",
  "assistants",
  "assistants_output",
  "batch",
  "batch_output",
  "vision",
  "user_data",
  "evals",
] as const;

export type FilePurpose = (typeof FILE_PURPOSES)[number];

/** The File object on the wire. */
export interface FileObject {
  id: string;
  object: "file";
  bytes: number;
  created_at: number;
  filename: string;
  purpose: string;
  status: string;
  status_details: string | null;
}

/** The files list's `limit`: 1 to 10,000, default 10,000 (2025-04-01-preview's description). */
export const FILES_PAGE_LIMIT = 10_000;

/**
 * Declared under their dated keys; each is also served under /openai/v1/ unless `families` says
 * otherwise (see `families.ts`). The upload answers 201 dated, 200 on v1, as the specs say.
 */
export const fileRoutes: readonly AzureRoute[] = [
  { key: "POST /openai/files", handle: uploadFile, successStatus: CREATED },
  { key: "POST /openai/files/import", handle: importFile, families: DATED_ONLY },
  { key: "GET /openai/files", handle: listFiles },
  { key: "GET /openai/files/{id}", handle: getFile },
  { key: "GET /openai/files/{id}/content", handle: getFileContent },
  { key: "DELETE /openai/files/{id}", handle: deleteFile },
];

/** `wait: false` for answers that must not wait for a content check (`AzureStore.fileState`). */
export async function toFileObject(
  store: AzureStore,
  file: StoredFile,
  options?: { wait?: boolean },
): Promise<FileObject> {
  const { status, statusDetails } = await store.fileState(file, options);
  return {
    id: file.id,
    object: "file",
    bytes: file.bytes,
    created_at: Math.floor(file.createdAtMs / 1000),
    filename: file.filename,
    purpose: file.purpose,
    status,
    status_details: statusDetails,
  };
}

async function uploadFile({ store, body }: RequestContext<AzureStore>): Promise<Reply> {
  const form = await body.form();
  const purpose = requirePurpose(form.field("purpose"));
  const file = form.file("file");
  if (!file || file.filename === "") {
    throw invalidPayload("file", "The file field is required: a file part with a filename.");
  }
  // The content check runs in the background; the answer does not wait for it.
  const stored = await store.createFile({ filename: file.filename, purpose, content: file.data });
  // 201 as the dated specs say; the route's successStatus makes it 200 on v1.
  return { status: 201, json: await toFileObject(store, stored, { wait: false }) };
}

/**
 * `POST /openai/files/import` `{purpose, filename, content_url, expires_after?}` (dated only): the
 * content is fetched from a loopback `content_url` (see `fileImport.ts`), then stored and checked
 * like an upload's. 201 File, `pending` for a fine-tune file.
 */
async function importFile({ store, body }: RequestContext<AzureStore>): Promise<Reply> {
  const fields = importFields(await body.json());
  const purpose = requirePurpose(fields.purpose);
  const { filename } = fields;
  if (typeof filename !== "string" || !isPlainFilename(filename)) {
    const message = "filename must be a non-empty name without path separators or control codes.";
    throw invalidPayload("filename", message);
  }
  const content = await fetchImportContent(importSource(fields));
  const stored = await store.createFile({ filename, purpose, content });
  return { status: 201, json: await toFileObject(store, stored, { wait: false }) };
}

/**
 * `purpose`, then `order` (`asc`, the default: oldest first, or `desc`; the spec gives no
 * default), then `after` and `limit` (1 to 10,000, default 10,000). Every family answers v1's shape:
 * `{object, data, first_id, last_id, has_more}` (the dated `FileList` is `{object, data}` and
 * allows more); `first_id` and `last_id` are null on an empty page.
 */
async function listFiles({ store, query }: RequestContext<AzureStore>): Promise<Reply> {
  const files = store.listFiles(query.get("purpose") ?? undefined);
  const order = query.get("order") ?? "asc";
  if (order !== "asc" && order !== "desc") {
    throw invalidPayload("order", `order must be asc or desc, not '${order}'.`);
  }
  const limits = { defaultLimit: FILES_PAGE_LIMIT, maxLimit: FILES_PAGE_LIMIT };
  const listed = pageWithIds(order === "asc" ? files : files.reverse(), query, limits);
  const data = await Promise.all(listed.data.map((file) => toFileObject(store, file)));
  return { status: 200, json: { ...listed, data } };
}

async function getFile(ctx: RequestContext<AzureStore>): Promise<Reply> {
  return { status: 200, json: await toFileObject(ctx.store, requireFile(ctx)) };
}

function getFileContent(ctx: RequestContext<AzureStore>): Reply {
  const file = requireFile(ctx);
  return {
    status: 200,
    stream: ctx.store.fileContentStream(file.id),
    contentType: "application/octet-stream",
    headers: { "content-length": String(file.bytes) },
  };
}

function deleteFile(ctx: RequestContext<AzureStore>): Reply {
  const { id } = requireFile(ctx);
  const job = ctx.store.jobs.activeJobUsing(id);
  if (job) {
    const message =
      `File '${id}' is in use by fine-tuning job '${job.id}' (${job.status}); cancel the job or ` +
      "wait for it to finish, then delete the file.";
    throw new HttpError(409, message, { code: "conflict", target: "file-id" });
  }
  ctx.store.deleteFile(id);
  return { status: 200, json: { object: "file", deleted: true, id } };
}

function requirePurpose(purpose: unknown): FilePurpose {
  if (typeof purpose !== "string" || purpose === "") {
    throw invalidPayload("purpose", `The purpose field is required; use one of: ${PURPOSE_LIST}.`);
  }
  if (!isFilePurpose(purpose)) {
    throw invalidPayload(
      "purpose",
      `Purpose '${purpose}' is not valid; use one of: ${PURPOSE_LIST}.`,
    );
  }
  return purpose;
}

function requireFile({ store, param }: RequestContext<AzureStore>): StoredFile {
  const id = param("id");
  const file = store.getFile(id);
  if (!file) throw new HttpError(404, `File '${id}' not found.`, { target: "file-id" });
  return file;
}

export const PURPOSE_LIST = FILE_PURPOSES.join(", ");

/** Not blank, and without a path separator or a control code (U+0000 to U+001F). */
export const isPlainFilename = (name: string) =>
  name.trim() !== "" && !/[/\\]/.test(name) && ![...name].some((char) => char.charCodeAt(0) < 0x20);

export const isFilePurpose = (value: string): value is FilePurpose =>
  (FILE_PURPOSES as readonly string[]).includes(value);
