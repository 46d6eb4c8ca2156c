/**
 * A multipart/form-data body with one file field, laid out in a single buffer so a part's bytes can be read from
 * disk straight into place: no FormData encoding, no copy of up to 64 MiB per part.
 */
import { randomBytes } from "node:crypto";

export interface MultipartFileBody {
  /** The whole body; the file's bytes go in `content`, a view into it. */
  body: Buffer;
  content: Buffer;
  contentType: string;
}

export function multipartFileBody(
  field: string,
  filename: string,
  length: number,
  textFields: Record<string, string> = {},
  options: { shared?: boolean } = {},
): MultipartFileBody {
  const boundary = `----pulumi-finetune-${randomBytes(12).toString("hex")}`;
  const texts = Object.entries(textFields)
    .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`)
    .join("");
  const head = Buffer.from(
    `${texts}--${boundary}\r\nContent-Disposition: form-data; name="${quote(field)}"; filename="${quote(filename)}"\r\n` +
      "Content-Type: application/octet-stream\r\n\r\n",
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const size = head.length + length + tail.length;
  const body = options.shared ? Buffer.from(new SharedArrayBuffer(size)) : Buffer.allocUnsafe(size);
  head.copy(body, 0);
  tail.copy(body, head.length + length);
  return {
    body,
    content: body.subarray(head.length, head.length + length),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

function quote(value: string): string {
  return value.replace(/["\\\r\n]/g, (c) => (c === '"' ? "%22" : c === "\\" ? "\\\\" : " "));
}
