/**
 * MD5 and SHA-256 of a file in one sequential read, on a worker thread: hashing on the main thread would stop it
 * from feeding the sockets of the parts in flight. The worker reads through one reused buffer, so hashing a file of
 * any size takes a few MiB of memory. Workers are kept for a while after a hash: starting one takes some 65 ms here,
 * all of it before the first byte is hashed.
 */
import { Worker } from "node:worker_threads";
import { FinetuneError } from "../core/errors";
import { fileGotShorter } from "../core/filePartBody";

const CHUNK_BYTES = 4 * 1024 * 1024;

const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const buffer = Buffer.allocUnsafe(${CHUNK_BYTES});
parentPort.on("message", ({ path, bytes }) => {
  try {
    const md5 = createHash("md5");
    const sha256 = createHash("sha256");
    const fd = fs.openSync(path, "r");
    let position = 0;
    try {
      while (position < bytes) {
        const read = fs.readSync(fd, buffer, 0, Math.min(buffer.length, bytes - position), position);
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
  } catch (error) {
    parentPort.postMessage({ failed: error.code || error.message });
  }
});
`;

/** Idle workers kept for the next hash; each ends after this long unused. */
const MAX_IDLE_WORKERS = 2;
const IDLE_WORKER_MS = 10_000;

export interface Digests {
  md5: string;
  sha256: string;
}

export interface FileHashing {
  digests: Promise<Digests>;
  /** Stops a hash still running (its worker ends); `digests` then never settles. */
  stop(): Promise<void>;
}

type WorkerAnswer = Partial<Digests> & { shorter?: number; failed?: string };

interface IdleWorker {
  worker: Worker;
  retire: NodeJS.Timeout;
  forget: () => void;
}

const idle: IdleWorker[] = [];

function takeWorker(): Worker {
  const kept = idle.pop();
  if (!kept) return new Worker(WORKER_SOURCE, { eval: true });
  clearTimeout(kept.retire);
  kept.worker.off("exit", kept.forget);
  kept.worker.ref();
  return kept.worker;
}

function keepWorker(worker: Worker): void {
  if (idle.length >= MAX_IDLE_WORKERS) {
    void worker.terminate();
    return;
  }
  worker.unref();
  const entry: IdleWorker = {
    worker,
    retire: setTimeout(() => void worker.terminate(), IDLE_WORKER_MS).unref(),
    // A kept worker that ends, by its time running out or otherwise, is no longer handed out.
    forget: () => {
      clearTimeout(entry.retire);
      const at = idle.indexOf(entry);
      if (at !== -1) idle.splice(at, 1);
    },
  };
  worker.once("exit", entry.forget);
  idle.push(entry);
}

/** How many idle workers are kept for the next hashes. */
export function keptHashingWorkers(): number {
  return idle.length;
}

/** Hashes the first `bytes` bytes of `path`; fails if the file has fewer. */
export function hashFileOnWorker(path: string, bytes: number): FileHashing {
  const worker = takeWorker();
  let settled = false;
  let stopped = false;
  const digests = new Promise<Digests>((resolve, reject) => {
    const cannotRead = (reason: string) =>
      new FinetuneError(`Could not read ${path} to hash it: ${reason}`);
    // After stop() nobody waits for the digests: failing them would only be an unhandled rejection.
    const fail = (reason: string) => () => stopped || reject(cannotRead(reason));
    const onError = (error: Error) => finish(fail(error.message), false);
    const onExit = () => finish(fail("the hashing thread ended"), false);
    const onMessage = (answer: WorkerAnswer) =>
      finish(() => {
        if (answer.failed !== undefined) reject(cannotRead(answer.failed));
        else if (answer.shorter !== undefined) reject(fileGotShorter(path));
        else resolve({ md5: answer.md5!, sha256: answer.sha256! });
      }, true);
    const finish = (settle: () => void, reusable: boolean) => {
      settled = true;
      worker.off("message", onMessage).off("error", onError).off("exit", onExit);
      if (reusable) keepWorker(worker);
      settle();
    };
    worker.once("message", onMessage).once("error", onError).once("exit", onExit);
  });
  worker.postMessage({ path, bytes });
  return {
    digests,
    stop: async () => {
      if (settled) return;
      stopped = true;
      await worker.terminate();
    },
  };
}
