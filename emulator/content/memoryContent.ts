import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { ContentStore, WrittenContent } from "./contentStore";

export class MemoryContent implements ContentStore {
  private readonly contents = new Map<string, Buffer>();

  async put(key: string, bytes: Buffer): Promise<void> {
    this.contents.set(key, bytes);
  }

  async concat(key: string, sources: readonly string[]): Promise<WrittenContent> {
    const bytes = Buffer.concat(sources.map((source) => this.read(source)));
    this.contents.set(key, bytes);
    return { bytes: bytes.length, md5: createHash("md5").update(bytes).digest("hex") };
  }

  read(key: string): Buffer {
    const bytes = this.contents.get(key);
    if (!bytes) throw new Error(`No content under "${key}".`);
    return bytes;
  }

  stream(key: string): Readable {
    return Readable.from([this.read(key)]);
  }

  remove(key: string): void {
    for (const stored of [...this.contents.keys()]) {
      if (stored === key || stored.startsWith(`${key}/`)) this.contents.delete(stored);
    }
  }
}
