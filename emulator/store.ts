import type { Readable } from "node:stream";
import type { Clock } from "./clock";
import type { ContentStore } from "./content/contentStore";
import { fileContentKey } from "./content/contentStore";
import { DiskContent } from "./content/diskContent";
import { MemoryContent } from "./content/memoryContent";
import { newId } from "./ids";
import { findTrainingDataErrorIn } from "./trainingData";
import { type UploadLimits, UploadStore, type UploadView } from "./uploadStore";

export const DEFAULT_PROCESSING_MS = 2000;

export type FileStatus = "pending" | "running" | "processed" | "error";

/** A file's metadata; its bytes are in `store.content` (read them with `store.readFileContent`). */
export interface StoredFile {
  readonly id: string;
  readonly filename: string;
  readonly purpose: string;
  readonly bytes: number;
  readonly createdAtMs: number;
  /** Why processing will end in `error`; decided at upload because content never changes. */
  readonly invalidReason?: string;
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

export interface StoreOptions extends Partial<UploadLimits> {
  clock: Clock;
  /** How long a fine-tune file takes from upload to `processed` or `error`. */
  processingMs?: number;
  /** Keep file and part contents in files under this directory instead of in memory. */
  dataDir?: string;
}

/** The emulator's state. Statuses are derived from the clock, never from timers. */
export class Store {
  readonly clock: Clock;
  readonly processingMs: number;
  readonly files = new Map<string, StoredFile>();
  readonly content: ContentStore;
  readonly uploads: UploadStore;

  constructor(options: StoreOptions) {
    this.clock = options.clock;
    this.processingMs = options.processingMs ?? DEFAULT_PROCESSING_MS;
    this.content =
      options.dataDir === undefined ? new MemoryContent() : new DiskContent(options.dataDir);
    this.uploads = new UploadStore({
      clock: this.clock,
      content: this.content,
      limits: options,
      addFile: (file) => this.addFile(file),
    });
  }

  async createFile({ filename, purpose, content }: NewFile): Promise<StoredFile> {
    const id = newId("file-");
    await this.content.put(fileContentKey(id), content);
    return this.addFile({ id, filename, purpose, bytes: content.length });
  }

  /** Lists a file whose content is written, once its training data has been checked. */
  async addFile({ id, filename, purpose, bytes }: WrittenFile): Promise<StoredFile> {
    const createdAtMs = this.clock.now();
    const invalidReason =
      purpose === "fine-tune"
        ? await findTrainingDataErrorIn(this.content.stream(fileContentKey(id)))
        : undefined;
    const file = { id, filename, purpose, bytes, createdAtMs, invalidReason } as StoredFile;
    // Kept for tests outside the emulator's own that still read `file.content`.
    Object.defineProperty(file, "content", { get: () => this.readFileContent(id) });
    this.files.set(id, file);
    return file;
  }

  getFile(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  listFiles(purpose?: string): StoredFile[] {
    const files = [...this.files.values()];
    return purpose === undefined ? files : files.filter((file) => file.purpose === purpose);
  }

  /** The whole content of a file at once; throws for an unknown id. */
  readFileContent(id: string): Buffer {
    return this.content.read(fileContentKey(this.requireFile(id).id));
  }

  fileContentStream(id: string): Readable {
    return this.content.stream(fileContentKey(this.requireFile(id).id));
  }

  deleteFile(id: string): boolean {
    if (!this.files.delete(id)) return false;
    this.content.remove(fileContentKey(id));
    return true;
  }

  getUpload(id: string): UploadView | undefined {
    return this.uploads.get(id);
  }

  listUploads(): UploadView[] {
    return this.uploads.list();
  }

  /** pending, then running after half of processingMs, then processed or error. */
  fileState(file: StoredFile): FileState {
    if (file.purpose !== "fine-tune") return { status: "processed", statusDetails: null };
    const elapsed = this.clock.now() - file.createdAtMs;
    if (elapsed < this.processingMs / 2) return { status: "pending", statusDetails: null };
    if (elapsed < this.processingMs) return { status: "running", statusDetails: null };
    if (file.invalidReason) return { status: "error", statusDetails: file.invalidReason };
    return { status: "processed", statusDetails: null };
  }

  private requireFile(id: string): StoredFile {
    const file = this.files.get(id);
    if (!file) throw new Error(`No file '${id}'.`);
    return file;
  }
}
