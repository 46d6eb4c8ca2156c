import { HttpError } from "../errors";
import type { Reply, RequestContext, Route } from "../routing";
import type { AzureStore } from "./azureStore";
import { invalidPayload } from "./errors";
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

export const fileRoutes: readonly Route<AzureStore>[] = [
  { key: "POST /openai/files", handle: uploadFile },
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
  const purpose = form.field("purpose");
  if (typeof purpose !== "string" || purpose === "") {
    throw invalidPayload("purpose", `The purpose field is required; use one of: ${PURPOSE_LIST}.`);
  }
  if (!isFilePurpose(purpose)) {
    throw invalidPayload(
      "purpose",
      `Purpose '${purpose}' is not valid; use one of: ${PURPOSE_LIST}.`,
    );
  }
  const file = form.file("file");
  if (!file || file.filename === "") {
    throw invalidPayload("file", "The file field is required: a file part with a filename.");
  }
  // The content check runs in the background; the answer does not wait for it.
  const stored = await store.createFile({ filename: file.filename, purpose, content: file.data });
  return { status: 200, json: await toFileObject(store, stored, { wait: false }) };
}

async function listFiles({ store, query }: RequestContext<AzureStore>): Promise<Reply> {
  const files = store.listFiles(query.get("purpose") ?? undefined);
  const data = await Promise.all(files.map((file) => toFileObject(store, file)));
  return { status: 200, json: { object: "list", data } };
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

function requireFile({ store, param }: RequestContext<AzureStore>): StoredFile {
  const id = param("id");
  const file = store.getFile(id);
  if (!file) throw new HttpError(404, `File '${id}' not found.`, { target: "file-id" });
  return file;
}

export const PURPOSE_LIST = FILE_PURPOSES.join(", ");

export const isFilePurpose = (value: string): value is FilePurpose =>
  (FILE_PURPOSES as readonly string[]).includes(value);
