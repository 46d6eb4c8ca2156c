/**
 * MD5 and SHA-256 of a file in one sequential read, on a worker thread: hashing on the main thread would stop it
 * from feeding the sockets of the parts in flight. The worker reads through one reused buffer, so hashing a file of
 * any size takes a few MiB of memory. Workers are kept for a while after a hash: starting one takes some 65 ms here,
 * all of it before the first byte is hashed.
 *
 * The same workers also hash what the main thread reads for itself (`readFileHashingOnWorker`): the main thread
 * reads the file once into shared memory and works on each chunk (preview's validation) while a worker computes the
 * SHA-256 of the same bytes, so the two take the time of the longer, not of both.
 */
import { promises as fs } from "node:fs";
import { Worker } from "node:worker_threads";
import { FinetuneError } from "../core/errors";
import { fileGotShorter } from "../core/filePartBody";

const CHUNK_BYTES = 4 * 1024 * 1024;

const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const buffer = Buffer.allocUnsafe(${CHUNK_BYTES});
let shared;
parentPort.on("message", (message) => {
  if (message.share) {
    const { memory, slotBytes, slots } = message.share;
    shared = { views: [], sha256: createHash("sha256") };
    for (let i = 0; i < slots; i++) shared.views.push(Buffer.from(memory, i * slotBytes, slotBytes));
    return;
  }
  if (message.slot !== undefined) {
    try {
      shared.sha256.update(shared.views[message.slot].subarray(0, message.length));
      parentPort.postMessage({ hashed: message.slot });
    } catch (error) {
      parentPort.postMessage({ failed: error.message });
    }
    return;
  }
  if (message.finish) {
    const sha256 = shared.sha256.digest("hex");
    shared = undefined;
    parentPort.postMessage({ sha256 });
    return;
  }
  const { path, bytes } = message;
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
    // Out of the idle list before it is terminated: it ends later, and a hash asked for meanwhile must not get it.
    retire: setTimeout(() => {
      entry.forget();
      void worker.terminate();
    }, IDLE_WORKER_MS).unref(),
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

/** A file read once into memory shared with a worker thread, which hashes each chunk as the caller works on it. */
export interface SharedFileRead {
  /** The file's bytes in order; a chunk is valid until the next one is asked for. */
  chunks: AsyncGenerator<Buffer>;
  /** SHA-256 of every byte the chunks held; settles once the chunks have all been read. */
  sha256: Promise<string>;
}

export const SHARED_CHUNK_BYTES = 1024 * 1024;
/** The chunk the caller holds, the one read ahead, and two for the worker to catch up on. */
const SHARED_SLOTS = 4;

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((done, failed) => {
    resolve = done;
    reject = failed;
  });
  // Whoever needs the value awaits it; one that nobody awaits any more is not an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

type SharedAnswer = { hashed?: number; sha256?: string; failed?: string };

export function readFileHashingOnWorker(
  path: string,
  chunkBytes = SHARED_CHUNK_BYTES,
): SharedFileRead {
  const digest = deferred<string>();
  const chunks = (async function* () {
    const handle = await fs.open(path, "r");
    const worker = takeWorker();
    const memory = new SharedArrayBuffer(chunkBytes * SHARED_SLOTS);
    const views = Array.from({ length: SHARED_SLOTS }, (_, i) =>
      Buffer.from(memory, i * chunkBytes, chunkBytes),
    );
    /** Per slot: settled once the worker has hashed what was last put there. */
    const inWorker: (Deferred<void> | undefined)[] = [];
    const finish = deferred<string>();
    let failure: Error | undefined;
    const fail = (reason: string) => {
      failure ??= new FinetuneError(`Could not hash ${path}: ${reason}`);
      for (const slot of inWorker) slot?.reject(failure);
      finish.reject(failure);
    };
    const onMessage = (answer: SharedAnswer) => {
      if (answer.failed !== undefined) fail(answer.failed);
      else if (answer.hashed !== undefined) inWorker[answer.hashed]?.resolve();
      else if (answer.sha256 !== undefined) finish.resolve(answer.sha256);
    };
    const onError = (error: Error) => fail(error.message);
    const onExit = () => fail("the hashing thread ended");
    worker.on("message", onMessage).once("error", onError).once("exit", onExit);
    worker.postMessage({ share: { memory, slotBytes: chunkBytes, slots: SHARED_SLOTS } });

    let position = 0;
    const readInto = (slot: number) => {
      const read = (async () => {
        await inWorker[slot]?.promise;
        if (failure) throw failure;
        return (await handle.read(views[slot]!, 0, chunkBytes, position)).bytesRead;
      })();
      read.catch(() => undefined);
      return read;
    };
    let next = readInto(0);
    let done = false;
    try {
      for (let slot = 0; ; slot = (slot + 1) % SHARED_SLOTS) {
        const bytesRead = await next;
        if (failure) throw failure;
        if (bytesRead === 0) break;
        position += bytesRead;
        inWorker[slot] = deferred<void>();
        worker.postMessage({ slot, length: bytesRead });
        next = readInto((slot + 1) % SHARED_SLOTS);
        yield views[slot]!.subarray(0, bytesRead);
      }
      await Promise.all(inWorker.flatMap((slot) => (slot ? [slot.promise] : [])));
      worker.postMessage({ finish: true });
      digest.resolve(await finish.promise);
      done = true;
    } catch (error) {
      digest.reject(error instanceof Error ? error : new FinetuneError(String(error)));
      throw error;
    } finally {
      await next.catch(() => undefined);
      await handle.close();
      worker.off("message", onMessage).off("error", onError).off("exit", onExit);
      if (done) keepWorker(worker);
      else {
        digest.reject(new FinetuneError(`Hashing ${path} stopped before its end.`));
        void worker.terminate();
      }
    }
  })();
  return { chunks, sha256: digest.promise };
}
