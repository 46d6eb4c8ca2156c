/**
 * multipart/form-data bodies with one file field. The envelope (text fields, the file part's headers, the closing
 * boundary) is built once; the file's bytes go either into a single buffer laid out around them (small files, read
 * from disk straight into place) or, for upload parts, are streamed from disk between the envelope's two halves.
 */
import { randomBytes } from "node:crypto";
import type { MultipartEnvelope } from "../core/filePartBody";

export interface MultipartFileBody {
  /** The whole body; the file's bytes go in `content`, a view into it. */
  body: Buffer;
  content: Buffer;
  contentType: string;
}

export function multipartEnvelope(
  field: string,
  filename: string,
  textFields: Record<string, string> = {},
): MultipartEnvelope {
  const boundary = `----pulumi-finetune-${randomBytes(12).toString("hex")}`;
  const texts = Object.entries(textFields)
    .map(
      ([name, value]) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`,
    )
    .join("");
  return {
    head: Buffer.from(
      `${texts}--${boundary}\r\nContent-Disposition: form-data; name="${quote(field)}"; filename="${quote(filename)}"\r\n` +
        "Content-Type: application/octet-stream\r\n\r\n",
    ),
    tail: Buffer.from(`\r\n--${boundary}--\r\n`),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

export function multipartFileBody(
  field: string,
  filename: string,
  length: number,
  textFields: Record<string, string> = {},
): MultipartFileBody {
  const { head, tail, contentType } = multipartEnvelope(field, filename, textFields);
  const body = Buffer.allocUnsafe(head.length + length + tail.length);
  head.copy(body, 0);
  tail.copy(body, head.length + length);
  return { body, content: body.subarray(head.length, head.length + length), contentType };
}

function quote(value: string): string {
  return value.replace(/["\\\r\n]/g, (c) => (c === '"' ? "%22" : c === "\\" ? "\\\\" : " "));
}
