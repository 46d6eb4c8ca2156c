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
import { fileGotShorter, fileReadFailure, FilePartBody } from "./filePartBody";
import type { Fetch } from "./fetch";

// Idle sockets are dropped after 4 s, before a server with the common 5 s keep-alive (Node's default, the
// emulator's) closes them, so a request is rarely written to a socket the server is closing. When it still happens,
// creates look for what they made before sending again (core/createOnce), and other requests are safe to repeat.
const IDLE_SOCKET_MS = 4_000;
const agents = {
  "http:": new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
  "https:": new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
};

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export const nodeHttpFetch: Fetch = (input, init) => {
  const body = init?.body;
  const inMemory =
    body === undefined || body === null || typeof body === "string" || body instanceof Uint8Array;
  if (input instanceof Request || !(inMemory || body instanceof FilePartBody))
    return fetch(input, init);
  const url = new URL(String(input));
  const client = url.protocol === "https:" ? https : url.protocol === "http:" ? http : undefined;
  if (!client) return fetch(input, init);
  const method = (init?.method ?? "GET").toUpperCase();
  const headers: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, key) => {
    headers[key] = value;
  });
  const payload =
    typeof body === "string"
      ? Buffer.from(body)
      : body instanceof FilePartBody
        ? body
        : (body ?? undefined);
  if (payload && headers["content-length"] === undefined) {
    headers["content-length"] = String(
      payload instanceof FilePartBody ? payload.size : payload.length,
    );
  }

  return new Promise<Response>((resolve, reject) => {
    const request = client.request(
      url,
      {
        method,
        headers,
        agent: agents[url.protocol as "http:" | "https:"],
        signal: init?.signal ?? undefined,
      },
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

/**
 * Envelope head, the file's range, envelope tail. The range goes through two buffers read into in turn, each reused
 * once the socket has taken what was written from it: memory new to the process is costly on small VMs (measured:
 * 3 ms per MiB here), and a stream that allocated a buffer per read would touch 256 MiB of it for a 256 MiB file.
 * A file that got shorter aborts the request.
 */
function streamFilePart(part: FilePartBody, request: http.ClientRequest): void {
  let stopped = false;
  // A destroyed request may never call back for what it had not written yet.
  const closed = new Promise<void>((resolve) => request.once("close", resolve)).then(() => {
    stopped = true;
  });
  void (async () => {
    const { path, start, end } = part.range;
    const file = await fs.promises.open(path, "r");
    try {
      const buffers = [
        Buffer.allocUnsafeSlow(STREAM_CHUNK_BYTES),
        Buffer.allocUnsafeSlow(STREAM_CHUNK_BYTES),
      ];
      const flushed: Promise<void>[] = [Promise.resolve(), Promise.resolve()];
      const written = (chunk: Buffer) =>
        new Promise<void>((resolve) => request.write(chunk, () => resolve()));
      void written(part.envelope.head);
      for (let position = start, turn = 0; position < end && !stopped; turn ^= 1) {
        await Promise.race([flushed[turn], closed]);
        const buffer = buffers[turn]!;
        const { bytesRead } = await file.read(
          buffer,
          0,
          Math.min(buffer.length, end - position),
          position,
        );
        if (bytesRead === 0) throw fileGotShorter(path);
        flushed[turn] = written(buffer.subarray(0, bytesRead));
        position += bytesRead;
      }
      await Promise.race([Promise.all(flushed), closed]);
      if (!stopped) request.end(part.envelope.tail);
    } finally {
      await file.close();
    }
  })().catch((error: unknown) => request.destroy(fileReadFailure(part.range.path, error)));
}

const STREAM_CHUNK_BYTES = 1024 * 1024;
