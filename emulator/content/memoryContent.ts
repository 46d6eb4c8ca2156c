import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { ContentStore, WrittenContent } from "./contentStore";

/**
 * Content in memory, each key as a list of buffers: a complete keeps its parts' buffers as the
 * file's content instead of copying them into one.
 */
export class MemoryContent implements ContentStore {
  private readonly contents = new Map<string, readonly Buffer[]>();

  async put(key: string, bytes: Buffer): Promise<void> {
    this.contents.set(key, [bytes]);
  }

  /** Hashes the sources in order and keeps their buffers as they are: nothing is copied. */
  async concat(key: string, sources: readonly string[]): Promise<WrittenContent> {
    const pieces = sources.flatMap((source) => this.pieces(source));
    const hash = createHash("md5");
    let bytes = 0;
    for (const piece of pieces) {
      hash.update(piece);
      bytes += piece.length;
    }
    this.contents.set(key, pieces);
    return { bytes, md5: hash.digest("hex") };
  }

  /** Joins a multi-piece content once (tests and small reads) and keeps the joined buffer. */
  read(key: string): Buffer {
    const pieces = this.pieces(key);
    if (pieces.length === 1 && pieces[0]) return pieces[0];
    const joined = Buffer.concat(pieces);
    this.contents.set(key, [joined]);
    return joined;
  }

  stream(key: string): Readable {
    return Readable.from(this.pieces(key));
  }

  remove(key: string): void {
    for (const stored of [...this.contents.keys()]) {
      if (stored === key || stored.startsWith(`${key}/`)) this.contents.delete(stored);
    }
  }

  private pieces(key: string): readonly Buffer[] {
    const pieces = this.contents.get(key);
    if (!pieces) throw new Error(`No content under "${key}".`);
    return pieces;
  }
}
