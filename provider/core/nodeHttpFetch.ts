/**
 * `fetch` over node:http(s) for requests whose body is in memory (none, a string or bytes) or is an upload part
 * (a byte range of a file, streamed from disk). Undici's fetch re-chunks and copies large bodies (measured: ~500 ms
 * per 64 MiB upload part, against ~90 ms here), and upload parts are exactly such bodies. Anything else (FormData,
 * streams, other Blobs) goes to the built-in fetch.
 */
import * as http from "node:http";
import * as https from "node:https";
import * as fs from "node:fs";
import { Readable } from "node:stream";
import { fileGotShorter, FilePartBody } from "./filePartBody";
import type { Fetch } from "./transport";

const agents = {
  "http:": new http.Agent({ keepAlive: true }),
  "https:": new https.Agent({ keepAlive: true }),
};

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export const nodeHttpFetch: Fetch = (input, init) => {
  const body = init?.body;
  const inMemory = body === undefined || body === null || typeof body === "string" || body instanceof Uint8Array;
  if (input instanceof Request || !(inMemory || body instanceof FilePartBody)) return fetch(input, init);
  const url = new URL(String(input));
  const client = url.protocol === "https:" ? https : url.protocol === "http:" ? http : undefined;
  if (!client) return fetch(input, init);
  const method = (init?.method ?? "GET").toUpperCase();
  const headers: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, key) => {
    headers[key] = value;
  });
  const payload = typeof body === "string" ? Buffer.from(body) : body instanceof FilePartBody ? body : (body ?? undefined);
  if (payload && headers["content-length"] === undefined) {
    headers["content-length"] = String(payload instanceof FilePartBody ? payload.size : payload.length);
  }

  return new Promise<Response>((resolve, reject) => {
    const request = client.request(
      url,
      { method, headers, agent: agents[url.protocol as "http:" | "https:"], signal: init?.signal ?? undefined },
      (response) => {
        const status = response.statusCode ?? 0;
        const responseHeaders = new Headers();
        for (const [key, value] of Object.entries(response.headers)) {
          if (Array.isArray(value)) value.forEach((v) => responseHeaders.append(key, v));
          else if (value !== undefined) responseHeaders.set(key, value);
        }
        const noBody = method === "HEAD" || NULL_BODY_STATUSES.has(status);
        if (noBody) response.resume();
        resolve(
          new Response(noBody ? null : (Readable.toWeb(response) as ReadableStream<Uint8Array>), {
            status,
            statusText: response.statusMessage,
            headers: responseHeaders,
          }),
        );
      },
    );
    request.once("error", reject);
    if (payload instanceof FilePartBody) streamFilePart(payload, request);
    else request.end(payload);
  });
};

/** Envelope head, the file's range through a reused-size read buffer, envelope tail; a short file aborts the request. */
function streamFilePart(part: FilePartBody, request: http.ClientRequest): void {
  const { path, start, end } = part.range;
  request.write(part.envelope.head);
  let sent = 0;
  const content = fs.createReadStream(path, { start, end: end - 1, highWaterMark: STREAM_CHUNK_BYTES });
  content.on("data", (chunk) => {
    sent += chunk.length;
    if (!request.write(chunk)) {
      content.pause();
      request.once("drain", () => content.resume());
    }
  });
  content.once("end", () => {
    if (sent < end - start) request.destroy(fileGotShorter(path));
    else request.end(part.envelope.tail);
  });
  content.once("error", (error) => request.destroy(error));
  request.once("close", () => content.destroy());
}

const STREAM_CHUNK_BYTES = 1024 * 1024;
