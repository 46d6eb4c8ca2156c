import { Readable } from "node:stream";
import type { ContentStore, ContentWriter } from "./contentStore";

/**
 * Content in memory, each key as a list of buffers: a complete keeps its parts' buffers as the
 * file's content instead of copying them into one.
 */
export class MemoryContent implements ContentStore {
  private readonly contents = new Map<string, readonly Buffer[]>();

  async put(key: string, bytes: Buffer): Promise<void> {
    this.contents.set(key, [bytes]);
  }

  writer(key: string): ContentWriter {
    const chunks: Buffer[] = [];
    return {
      write: (chunk) => void chunks.push(chunk),
      finish: async () => void this.contents.set(key, chunks),
      abort: () => void chunks.splice(0),
    };
  }

  /** Keeps the sources' buffers as they are: nothing is copied. */
  async concat(key: string, sources: readonly string[]): Promise<number> {
    const pieces = sources.flatMap((source) => this.pieces(source));
    this.contents.set(key, pieces);
    for (const source of sources) this.contents.delete(source);
    return pieces.reduce((sum, piece) => sum + piece.length, 0);
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

  async *scan(key: string): AsyncGenerator<Buffer> {
    yield* this.pieces(key);
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
