import type { Readable } from "node:stream";

/**
 * Where file and part bytes live, by key ("files/<id>", "parts/<upload>/<part>"): in memory, or
 * on disk when the emulator has a data directory. Keys are built from emulator-generated ids only.
 */
export interface ContentStore {
  put(key: string, bytes: Buffer): Promise<void>;
  /**
   * Writes the contents of `sources`, in order, under `key`; returns its size and md5 (lowercase
   * hex). On disk it streams, holding one chunk at a time; in memory it hashes the sources'
   * buffers and keeps them as the content, without copying.
   */
  concat(key: string, sources: readonly string[]): Promise<WrittenContent>;
  /** The whole content at once; for tests and small reads. */
  read(key: string): Buffer;
  stream(key: string): Readable;
  /** Removes the content under `key` and under every key below it ("parts/<upload>"). */
  remove(key: string): void;
}

export interface WrittenContent {
  bytes: number;
  md5: string;
}

export const fileContentKey = (fileId: string) => `files/${fileId}`;
export const uploadPartsKey = (uploadId: string) => `parts/${uploadId}`;
export const partContentKey = (uploadId: string, partId: string) =>
  `${uploadPartsKey(uploadId)}/${partId}`;
