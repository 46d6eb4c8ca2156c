import type { IncomingMessage } from "node:http";
import { HttpError } from "./errors";
import {
  collectMultipart,
  FileSink,
  FormFileInfo,
  MultipartForm,
  parseMultipartStream,
  StreamedForm,
} from "./multipart";

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

  /** The whole form in memory. */
  async form(): Promise<MultipartForm> {
    return collectMultipart(this.chunks(), this.req.headers["content-type"] ?? "");
  }

  /** The form's text fields; its files go, chunk by chunk as they arrive, to the sinks `sinkFor` gives. */
  streamForm(sinkFor: (file: FormFileInfo) => FileSink): Promise<StreamedForm> {
    return parseMultipartStream(this.chunks(), this.req.headers["content-type"] ?? "", sinkFor);
  }

  /** The body's chunks as they arrive, refused (413) as soon as they pass the limit. */
  private async *chunks(): AsyncGenerator<Buffer> {
    if (this.read) throw new Error("The request body was already read.");
    this.read = Promise.reject(new Error("The request body was streamed."));
    this.read.catch(() => undefined);
    if (Number(this.req.headers["content-length"]) > this.maxBytes)
      throw bodyTooLarge(this.maxBytes);
    let total = 0;
    // Not destroyed on a refusal: the 413 answer must still go out, and closes the connection.
    for await (const chunk of this.req.iterator({ destroyOnReturn: false })) {
      total += (chunk as Buffer).length;
      if (total > this.maxBytes) throw bodyTooLarge(this.maxBytes);
      yield chunk as Buffer;
    }
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
