import { HttpError, invalidPayload } from "../errors";
import type { Reply, RequestContext, Route } from "../routing";
import type { Store, StoredFile } from "../store";

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

export const fileRoutes: readonly Route[] = [
  { key: "POST /openai/files", handle: uploadFile },
  { key: "GET /openai/files", handle: listFiles },
  { key: "GET /openai/files/{id}", handle: getFile },
  { key: "GET /openai/files/{id}/content", handle: getFileContent },
  { key: "DELETE /openai/files/{id}", handle: deleteFile },
];

export function toFileObject(store: Store, file: StoredFile): FileObject {
  const { status, statusDetails } = store.fileState(file);
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

async function uploadFile({ store, body }: RequestContext): Promise<Reply> {
  const form = await body.formData();
  const purpose = form.get("purpose");
  if (typeof purpose !== "string" || purpose === "") {
    throw invalidPayload("purpose", `The purpose field is required; use one of: ${PURPOSE_LIST}.`);
  }
  if (!isFilePurpose(purpose)) {
    throw invalidPayload(
      "purpose",
      `Purpose '${purpose}' is not valid; use one of: ${PURPOSE_LIST}.`,
    );
  }
  const file = form.get("file");
  if (!(file instanceof File) || file.name === "") {
    throw invalidPayload("file", "The file field is required: a file part with a filename.");
  }
  const content = Buffer.from(await file.arrayBuffer());
  const stored = await store.createFile({ filename: file.name, purpose, content });
  return { status: 200, json: toFileObject(store, stored) };
}

function listFiles({ store, query }: RequestContext): Reply {
  const files = store.listFiles(query.get("purpose") ?? undefined);
  return { status: 200, json: { object: "list", data: files.map((f) => toFileObject(store, f)) } };
}

function getFile(ctx: RequestContext): Reply {
  return { status: 200, json: toFileObject(ctx.store, requireFile(ctx)) };
}

function getFileContent(ctx: RequestContext): Reply {
  const file = requireFile(ctx);
  return {
    status: 200,
    stream: ctx.store.fileContentStream(file.id),
    contentType: "application/octet-stream",
    headers: { "content-length": String(file.bytes) },
  };
}

function deleteFile(ctx: RequestContext): Reply {
  const { id } = requireFile(ctx);
  ctx.store.deleteFile(id);
  return { status: 200, json: { object: "file", deleted: true, id } };
}

function requireFile({ store, param }: RequestContext): StoredFile {
  const id = param("id");
  const file = store.getFile(id);
  if (!file) throw new HttpError(404, `File '${id}' not found.`, { target: "file-id" });
  return file;
}

export const PURPOSE_LIST = FILE_PURPOSES.join(", ");

export const isFilePurpose = (value: string): value is FilePurpose =>
  (FILE_PURPOSES as readonly string[]).includes(value);
