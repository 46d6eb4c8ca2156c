import { createHash } from "node:crypto";
import type { Emulator, UploadObject, UploadPartObject } from "../../emulator";
import { azureFetch } from "./helpers";

export const DEFAULT_UPLOAD = {
  filename: "train.jsonl",
  purpose: "fine-tune",
  bytes: 10,
  mime_type: "application/jsonl",
};

export const postJson = (emulator: Emulator, path: string, body: unknown) =>
  azureFetch(emulator, path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

/** POST /openai/uploads with DEFAULT_UPLOAD, overridden by `fields` (undefined drops a field). */
export const createUpload = (emulator: Emulator, fields: Record<string, unknown> = {}) =>
  postJson(emulator, "/openai/uploads", { ...DEFAULT_UPLOAD, ...fields });

export async function createdUpload(
  emulator: Emulator,
  fields: Record<string, unknown> = {},
): Promise<UploadObject> {
  const res = await createUpload(emulator, fields);
  if (res.status !== 200) throw new Error(`create upload answered ${res.status}`);
  return readUpload(res);
}

export function addPart(emulator: Emulator, uploadId: string, data: Buffer | string) {
  const form = new FormData();
  form.set("data", new Blob([data]), "part");
  return azureFetch(emulator, `/openai/uploads/${uploadId}/parts`, { method: "POST", body: form });
}

export async function addedPartId(emulator: Emulator, uploadId: string, data: Buffer | string) {
  const res = await addPart(emulator, uploadId, data);
  if (res.status !== 200) throw new Error(`add part answered ${res.status}`);
  return ((await res.json()) as UploadPartObject).id;
}

export const completeUpload = (emulator: Emulator, uploadId: string, body: unknown) =>
  postJson(emulator, `/openai/uploads/${uploadId}/complete`, body);

export const cancelUpload = (emulator: Emulator, uploadId: string) =>
  azureFetch(emulator, `/openai/uploads/${uploadId}/cancel`, { method: "POST" });

export const readUpload = async (res: Response) => (await res.json()) as UploadObject;

export const md5Hex = (bytes: Buffer) => createHash("md5").update(bytes).digest("hex");

/** Splits `bytes` into `count` pieces of near-equal size, cutting wherever that falls. */
export function splitBytes(bytes: Buffer, count: number): Buffer[] {
  const size = Math.ceil(bytes.length / count);
  return Array.from({ length: count }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
}

/** Fine-tune JSONL of `lines` numbered chat examples, each padded with non-ASCII text. */
export function trainingJsonl(lines: number, padding = 0): Buffer {
  const line = (i: number) =>
    JSON.stringify({
      messages: [
        { role: "user", content: `Question ${i} ${"é".repeat(padding)}` },
        { role: "assistant", content: `Answer ${i}` },
      ],
    });
  return Buffer.from(Array.from({ length: lines }, (_, i) => `${line(i)}\n`).join(""));
}
