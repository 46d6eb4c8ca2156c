/**
 * MD5 and SHA-256 of an upload's parts, in order, on a worker thread. Hashing on the main thread stops it from
 * feeding the sockets of the parts in flight; the parts live in shared memory, so the worker reads them in place.
 */
import { Worker } from "node:worker_threads";

const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const md5 = createHash("md5");
const sha256 = createHash("sha256");
parentPort.on("message", (message) => {
  if (message.finish) {
    parentPort.postMessage({ finished: true, md5: md5.digest("hex"), sha256: sha256.digest("hex") });
    return;
  }
  const view = Buffer.from(message.memory, message.offset, message.length);
  md5.update(view);
  sha256.update(view);
  parentPort.postMessage({ hashed: message.sequence });
});
`;

export interface Digests {
  md5: string;
  sha256: string;
}

export class PartHasher {
  private readonly worker = new Worker(WORKER_SOURCE, { eval: true });
  private readonly waiting = new Map<number, () => void>();
  private sequence = 0;
  private finished?: (digests: Digests) => void;
  private failure?: Error;

  constructor() {
    this.worker.on("message", (message: { hashed?: number; finished?: boolean } & Partial<Digests>) => {
      if (message.finished) this.finished?.({ md5: message.md5!, sha256: message.sha256! });
      else if (message.hashed !== undefined) {
        this.waiting.get(message.hashed)?.();
        this.waiting.delete(message.hashed);
      }
    });
    this.worker.on("error", (error) => {
      this.failure = error;
    });
  }

  /** Hashes `bytes` (a view into a SharedArrayBuffer) after the parts given before; resolves once hashed. */
  update(bytes: Buffer): Promise<void> {
    if (!(bytes.buffer instanceof SharedArrayBuffer)) throw new Error("PartHasher needs buffers in shared memory");
    if (this.failure) return Promise.reject(this.failure);
    const sequence = this.sequence++;
    const done = new Promise<void>((resolve) => this.waiting.set(sequence, resolve));
    this.worker.postMessage({ memory: bytes.buffer, offset: bytes.byteOffset, length: bytes.length, sequence });
    return done;
  }

  async digest(): Promise<Digests> {
    const result = new Promise<Digests>((resolve) => (this.finished = resolve));
    this.worker.postMessage({ finish: true });
    return result;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
