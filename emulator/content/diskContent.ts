import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, readFileSync, rmSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ContentStore, WrittenContent } from "./contentStore";

/** Content as files under a directory, one per key. It never reads back an earlier run's files. */
export class DiskContent implements ContentStore {
  constructor(readonly directory: string) {}

  /** The file that holds `key`. */
  pathOf(key: string): string {
    return join(this.directory, ...key.split("/"));
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
  }

  async concat(key: string, sources: readonly string[]): Promise<WrittenContent> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const hash = createHash("md5");
    let bytes = 0;
    const sourcePaths = sources.map((source) => this.pathOf(source));
    async function* chunks() {
      for (const sourcePath of sourcePaths) {
        for await (const chunk of createReadStream(sourcePath)) {
          hash.update(chunk as Buffer);
          bytes += (chunk as Buffer).length;
          yield chunk as Buffer;
        }
      }
    }
    try {
      await pipeline(chunks, createWriteStream(path));
    } catch (error) {
      rmSync(path, { force: true });
      throw error;
    }
    return { bytes, md5: hash.digest("hex") };
  }

  read(key: string): Buffer {
    return readFileSync(this.pathOf(key));
  }

  stream(key: string): Readable {
    return createReadStream(this.pathOf(key));
  }

  remove(key: string): void {
    rmSync(this.pathOf(key), { recursive: true, force: true });
  }
}
