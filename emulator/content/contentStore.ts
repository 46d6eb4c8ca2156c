import { createHash } from "node:crypto";
import type { Readable } from "node:stream";

/**
 * Where file and part bytes live, by key ("files/<id>", "parts/<upload>/<part>"): in memory, or
 * on disk when the emulator has a data directory. Keys are built from emulator-generated ids only.
 */
export interface ContentStore {
  put(key: string, bytes: Buffer): Promise<void>;
  /** Writes content under `key` as it arrives; it exists once `finish` resolves. */
  writer(key: string): ContentWriter;
  /**
   * Makes the contents of `sources`, in order, the content of `key`, and removes the sources;
   * returns its size. Neither store copies the bytes: in memory the sources' buffers are kept, on
   * disk their files are moved.
   */
  concat(key: string, sources: readonly string[]): Promise<number>;
  /** The whole content at once; for tests and small reads. */
  read(key: string): Buffer;
  stream(key: string): Readable;
  /**
   * The content's bytes in order, for reading through once (hashing): each chunk is valid only until the next is
   * asked for, because on disk one buffer is reused for all of them.
   */
  scan(key: string): AsyncIterable<Buffer>;
  /** Removes the content under `key` and under every key below it ("parts/<upload>"). */
  remove(key: string): void;
}

export interface ContentWriter {
  write(chunk: Buffer): void | Promise<void>;
  finish(): Promise<void>;
  /** Discards what was written. */
  abort(): void;
}

/** The first segment of every key: the folders content lives in under a data directory. */
export const CONTENT_ROOTS: readonly string[] = ["files", "parts"];

export const fileContentKey = (fileId: string) => `files/${fileId}`;
export const uploadPartsKey = (uploadId: string) => `parts/${uploadId}`;
export const partContentKey = (uploadId: string, partId: string) =>
  `${uploadPartsKey(uploadId)}/${partId}`;

/** The MD5 (lowercase hex) of the contents of `keys`, in order. */
export async function md5OfContent(
  content: ContentStore,
  keys: readonly string[],
): Promise<string> {
  const hash = createHash("md5");
  for (const key of keys) {
    for await (const chunk of content.scan(key)) hash.update(chunk);
  }
  return hash.digest("hex");
}
