/**
 * A multipart/form-data parser over one buffer. Bodies of up to 64 MiB per upload part make the web platform's
 * `Request.formData()` the emulator's bottleneck (it copies and re-scans the bytes several times); this finds the
 * boundaries with native `Buffer.indexOf` and hands out views, not copies.
 */
import { HttpError } from "./errors";

export interface MultipartFile {
  filename: string;
  contentType?: string;
  data: Buffer;
}

export class MultipartForm {
  constructor(
    private readonly fields: ReadonlyMap<string, string>,
    private readonly files: ReadonlyMap<string, MultipartFile>,
  ) {}

  field(name: string): string | undefined {
    return this.fields.get(name);
  }

  file(name: string): MultipartFile | undefined {
    return this.files.get(name);
  }
}

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

export function boundaryOf(contentType: string): string | undefined {
  const match = /;\s*boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

export function parseMultipart(body: Buffer, contentType: string): MultipartForm {
  const malformed = () => new HttpError(400, "The multipart/form-data body is malformed.");
  const boundary = boundaryOf(contentType);
  if (!/^multipart\/form-data\s*;/i.test(contentType) || !boundary) {
    throw new HttpError(400, "Expected a multipart/form-data body (with a boundary).");
  }
  const delimiter = Buffer.from(`--${boundary}`);
  const fields = new Map<string, string>();
  const files = new Map<string, MultipartFile>();
  let position = body.indexOf(delimiter);
  if (position === -1) throw malformed();
  for (;;) {
    position += delimiter.length;
    if (body[position] === 0x2d && body[position + 1] === 0x2d) break;
    if (!body.subarray(position, position + 2).equals(CRLF)) throw malformed();
    const headersStart = position + 2;
    const headersEnd = body.indexOf(HEADER_END, headersStart);
    if (headersEnd === -1) throw malformed();
    const next = body.indexOf(Buffer.concat([CRLF, delimiter]), headersEnd + 4);
    if (next === -1) throw malformed();
    const headers = parseHeaders(body.subarray(headersStart, headersEnd).toString("utf8"));
    const disposition = headers.get("content-disposition") ?? "";
    const name = parameter(disposition, "name");
    if (!/^form-data\b/i.test(disposition) || name === undefined) throw malformed();
    const data = body.subarray(headersEnd + 4, next);
    const filename = parameter(disposition, "filename");
    if (filename !== undefined) files.set(name, { filename, contentType: headers.get("content-type"), data });
    else fields.set(name, data.toString("utf8"));
    position = next + 2;
  }
  return new MultipartForm(fields, files);
}

function parseHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function parameter(header: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, "i").exec(header);
  if (!match) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : match[2];
}
