import type { Readable } from "node:stream";
import { AzureStore, type AzureStoreOptions } from "./azure/azureStore";
import type { JobStore } from "./azure/jobStore";
import type { FileState, NewFile, StoredFile, WrittenFile } from "./azure/storedFile";
import type { UploadStore, UploadView } from "./azure/uploadStore";
import type { Clock } from "./clock";
import type { ContentStore } from "./content/contentStore";
import { DiskContent } from "./content/diskContent";
import { MemoryContent } from "./content/memoryContent";
import { type QianfanOptions, qianfanOptionsOf, QianfanStore } from "./qianfan/qianfanStore";
import { type PersistentStores, StateFile } from "./state/stateFile";

export interface StoreOptions extends Omit<AzureStoreOptions, "content">, QianfanOptions {
  /**
   * Keep the whole state under this directory (created if missing): contents as files, objects in
   * `state.json`, restored by the next store on the same directory. A directory that is not
   * empty and not an emulator's, or whose state cannot be read back whole, is refused (throws).
   */
  dataDir?: string;
}

/**
 * The emulator's state: each vendor's store, over one content store. Statuses are derived from the
 * clock, never from timers. The Azure members (files, uploads, jobs) are also here, as they were
 * before the vendors had stores of their own; tests and the harness read them from here.
 */
export class Store {
  readonly clock: Clock;
  readonly content: ContentStore;
  /** Azure OpenAI files, uploads and fine-tuning jobs. */
  readonly azure: AzureStore;
  /** Qianfan fine-tuning jobs and tasks, datasets, custom models and services. */
  readonly qianfan: QianfanStore;
  /** With a data directory: where the objects are kept. */
  private readonly state: StateFile | undefined;

  constructor(options: StoreOptions) {
    this.clock = options.clock;
    const disk = options.dataDir === undefined ? undefined : new DiskContent(options.dataDir);
    this.content = disk ?? new MemoryContent();
    this.azure = new AzureStore({ ...options, content: this.content });
    this.qianfan = new QianfanStore(this.clock, qianfanOptionsOf(options));
    try {
      this.state = disk && StateFile.open(disk.directory, this.persistentStores(), disk);
    } catch (error) {
      // Restored files may have started their checks.
      this.azure.stopProcessing();
      throw error;
    }
  }

  /**
   * The stores the state file keeps, each under its name in the file: the one place a store is
   * registered. Each store lists its own kinds of objects (`PersistentStore`).
   */
  private persistentStores(): PersistentStores {
    return { azure: this.azure, qianfan: this.qianfan };
  }

  /**
   * With a data directory, writes the state if it changed (atomically) and then removes content
   * it no longer names; the app calls it before answering a request that may have changed
   * something. Without one, nothing. Rejects when the state cannot be written.
   */
  save(): Promise<void> {
    return this.state?.save() ?? Promise.resolve();
  }

  /** Stops the content checks and saves a last time (the emulator calls this when it closes). */
  async close(): Promise<void> {
    this.stopProcessing();
    await this.state?.close();
  }

  get processingMs(): number {
    return this.azure.processingMs;
  }

  get files(): Map<string, StoredFile> {
    return this.azure.files;
  }

  get uploads(): UploadStore {
    return this.azure.uploads;
  }

  get jobs(): JobStore {
    return this.azure.jobs;
  }

  createFile(file: NewFile): Promise<StoredFile> {
    return this.azure.createFile(file);
  }

  addFile(file: WrittenFile): Promise<StoredFile> {
    return this.azure.addFile(file);
  }

  registerFile(file: WrittenFile, createdAtMs: number): StoredFile {
    return this.azure.registerFile(file, createdAtMs);
  }

  getFile(id: string): StoredFile | undefined {
    return this.azure.getFile(id);
  }

  listFiles(purpose?: string): StoredFile[] {
    return this.azure.listFiles(purpose);
  }

  readFileContent(id: string): Buffer {
    return this.azure.readFileContent(id);
  }

  fileContentStream(id: string): Readable {
    return this.azure.fileContentStream(id);
  }

  deleteFile(id: string): boolean {
    return this.azure.deleteFile(id);
  }

  /** Stops every running content check (the emulator calls this when it closes). */
  stopProcessing(): void {
    this.azure.stopProcessing();
  }

  getUpload(id: string): UploadView | undefined {
    return this.azure.getUpload(id);
  }

  listUploads(): UploadView[] {
    return this.azure.listUploads();
  }

  fileState(file: StoredFile, options?: { wait?: boolean }): Promise<FileState> {
    return this.azure.fileState(file, options);
  }
}
