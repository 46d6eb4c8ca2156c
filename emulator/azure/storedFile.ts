// A file as the Azure state keeps it. Its own module so the stores that create files (uploads,
// jobs' results) and the store that lists them share the types without importing each other.

export type FileStatus = "pending" | "running" | "processed" | "error";

/** A file's metadata; its bytes are in `store.content` (read them with `store.readFileContent`). */
export interface StoredFile {
  readonly id: string;
  readonly filename: string;
  readonly purpose: string;
  readonly bytes: number;
  readonly createdAtMs: number;
  /**
   * The content check, started in the background when the file is created (the create answers
   * without waiting for it): resolves to why processing ends in `error`, or undefined when it ends
   * `processed`. Never rejects; resolves undefined once the file is deleted. `store.fileState`
   * waits for it only when the clock says processing is over.
   */
  readonly validation: Promise<string | undefined>;
  /**
   * @deprecated Reads the whole content on each access (from disk with `dataDir`); use
   * `store.readFileContent(id)`. Not enumerable, so spreads and equality checks ignore it.
   */
  readonly content: Buffer;
}

export interface FileState {
  status: FileStatus;
  statusDetails: string | null;
}

export interface NewFile {
  filename: string;
  purpose: string;
  content: Buffer;
}

/** A file whose content is already stored under `fileContentKey(id)`. */
export interface WrittenFile {
  id: string;
  filename: string;
  purpose: string;
  bytes: number;
}
