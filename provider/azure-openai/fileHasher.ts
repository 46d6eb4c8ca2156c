/**
 * MD5 and SHA-256 of a file in one sequential read, on a worker thread: hashing on the main thread would stop it
 * from feeding the sockets of the parts in flight. The worker reads through one reused buffer, so hashing a file of
 * any size takes a few MiB of memory.
 */
import { Worker } from "node:worker_threads";
import { FinetuneError } from "../core/errors";
import { fileGotShorter } from "../core/filePartBody";

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const { path, bytes, chunkBytes } = workerData;
const md5 = createHash("md5");
const sha256 = createHash("sha256");
const buffer = Buffer.allocUnsafe(chunkBytes);
const fd = fs.openSync(path, "r");
let position = 0;
try {
  while (position < bytes) {
    const read = fs.readSync(fd, buffer, 0, Math.min(chunkBytes, bytes - position), position);
    if (read === 0) break;
    const chunk = buffer.subarray(0, read);
    md5.update(chunk);
    sha256.update(chunk);
    position += read;
  }
} finally {
  fs.closeSync(fd);
}
parentPort.postMessage(position < bytes ? { shorter: position } : { md5: md5.digest("hex"), sha256: sha256.digest("hex") });
`;

const CHUNK_BYTES = 4 * 1024 * 1024;

export interface Digests {
  md5: string;
  sha256: string;
}

export interface FileHashing {
  digests: Promise<Digests>;
  /** Stops the worker; `digests` then never settles. */
  stop(): Promise<void>;
}

/** Hashes the first `bytes` bytes of `path`; fails if the file has fewer. */
export function hashFileOnWorker(path: string, bytes: number): FileHashing {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, bytes, chunkBytes: CHUNK_BYTES } });
  const digests = new Promise<Digests>((resolve, reject) => {
    worker.once("message", (message: Partial<Digests> & { shorter?: number }) => {
      if (message.shorter !== undefined) reject(fileGotShorter(path));
      else resolve({ md5: message.md5!, sha256: message.sha256! });
    });
    worker.once("error", (error) => reject(new FinetuneError(`Could not read ${path} to hash it: ${error.message}`)));
  });
  return {
    digests,
    stop: async () => {
      await worker.terminate();
    },
  };
}
