import type { IncomingMessage } from "node:http";
import { HttpError } from "./errors";
import { MultipartForm, parseMultipart } from "./multipart";

export const DEFAULT_MAX_BODY_BYTES = 600 * 1024 * 1024;

/** Reads a request body at most once, refusing it (413) as soon as it passes the limit. */
export class BodyReader {
  private read?: Promise<Buffer>;

  constructor(
    private readonly req: IncomingMessage,
    private readonly maxBytes: number,
  ) {}

  bytes(): Promise<Buffer> {
    this.read ??= readLimited(this.req, this.maxBytes);
    return this.read;
  }

  async json(): Promise<unknown> {
    return parseJson(await this.bytes());
  }

  async form(): Promise<MultipartForm> {
    const contentType = this.req.headers["content-type"] ?? "";
    if (!/^multipart\/form-data\s*;/i.test(contentType)) {
      throw new HttpError(400, "Expected a multipart/form-data body (with a boundary).");
    }
    return parseMultipart(await this.bytes(), contentType);
  }
}

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    // No parser detail: it would quote the body back.
    throw new HttpError(400, "The request body is not valid JSON.");
  }
}

export const bodyTooLarge = (maxBytes: number) =>
  new HttpError(413, `The request body exceeds the limit of ${maxBytes} bytes.`, {
    headers: { connection: "close" },
  });

function readLimited(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  if (Number(req.headers["content-length"]) > maxBytes) {
    return Promise.reject(bodyTooLarge(maxBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total <= maxBytes) return void chunks.push(chunk);
      // Stop reading; the 413 answer closes the connection, discarding the rest.
      req.off("data", onData);
      req.pause();
      reject(bodyTooLarge(maxBytes));
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks, total)));
    req.once("error", reject);
  });
}
