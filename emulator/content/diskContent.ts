import { createReadStream, createWriteStream, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { mkdir, open, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { once } from "node:events";
import type { ContentStore, ContentWriter } from "./contentStore";

const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * Content as files under a directory, one per key. A file joined from upload parts is a directory holding the parts'
 * files, in order, so complete moves them instead of copying gigabytes. It never reads back an earlier run's files.
 */
export class DiskContent implements ContentStore {
  constructor(readonly directory: string) {}

  /** The file, or directory of pieces, that holds `key`. */
  pathOf(key: string): string {
    return join(this.directory, ...key.split("/"));
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
  }

  writer(key: string): ContentWriter {
    const path = this.pathOf(key);
    mkdirSync(dirname(path), { recursive: true });
    const file = createWriteStream(path);
    const failed = once(file, "error").then(([error]) => Promise.reject(error as Error));
    failed.catch(() => undefined);
    return {
      write: async (chunk) => {
        if (!file.write(chunk)) await Promise.race([once(file, "drain"), failed]);
      },
      finish: async () => {
        file.end();
        await Promise.race([once(file, "close"), failed]);
      },
      abort: () => {
        file.destroy();
        rmSync(path, { force: true });
      },
    };
  }

  async concat(key: string, sources: readonly string[]): Promise<number> {
    const path = this.pathOf(key);
    await mkdir(path, { recursive: true });
    let bytes = 0;
    const width = String(sources.length).length;
    for (const [index, source] of sources.entries()) {
      const sourcePath = this.pathOf(source);
      bytes += statSync(sourcePath).size;
      await rename(sourcePath, join(path, String(index).padStart(width, "0")));
    }
    return bytes;
  }

  read(key: string): Buffer {
    const pieces = this.piecesOf(key);
    return pieces.length === 1 ? readFileSync(pieces[0]!) : Buffer.concat(pieces.map((piece) => readFileSync(piece)));
  }

  stream(key: string): Readable {
    const pieces = this.piecesOf(key);
    return Readable.from(
      (async function* () {
        for (const piece of pieces) yield* createReadStream(piece, { highWaterMark: READ_CHUNK_BYTES });
      })(),
    );
  }

  async *scan(key: string): AsyncGenerator<Buffer> {
    const buffer = Buffer.allocUnsafeSlow(READ_CHUNK_BYTES);
    for (const piece of this.piecesOf(key)) {
      const file = await open(piece, "r");
      try {
        for (;;) {
          const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
          if (bytesRead === 0) break;
          yield buffer.subarray(0, bytesRead);
        }
      } finally {
        await file.close();
      }
    }
  }

  remove(key: string): void {
    rmSync(this.pathOf(key), { recursive: true, force: true });
  }

  private piecesOf(key: string): string[] {
    const path = this.pathOf(key);
    if (!statSync(path).isDirectory()) return [path];
    return readdirSync(path)
      .sort()
      .map((name) => join(path, name));
  }
}
