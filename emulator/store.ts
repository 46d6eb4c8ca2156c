import type { Readable } from "node:stream";
import { AzureStore, type AzureStoreOptions } from "./azure/azureStore";
import type { JobStore } from "./azure/jobStore";
import type { FileState, NewFile, StoredFile, WrittenFile } from "./azure/storedFile";
import type { UploadStore, UploadView } from "./azure/uploadStore";
import type { Clock } from "./clock";
import type { ContentStore } from "./content/contentStore";
import { DiskContent } from "./content/diskContent";
import { MemoryContent } from "./content/memoryContent";
import { type QianfanOptions, QianfanStore } from "./qianfan/qianfanStore";

export interface StoreOptions extends Omit<AzureStoreOptions, "content">, QianfanOptions {
  /** Keep file and part contents in files under this directory instead of in memory. */
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
  /** Qianfan fine-tuning jobs and tasks. */
  readonly qianfan: QianfanStore;

  constructor(options: StoreOptions) {
    this.clock = options.clock;
    this.content =
      options.dataDir === undefined ? new MemoryContent() : new DiskContent(options.dataDir);
    this.azure = new AzureStore({ ...options, content: this.content });
    this.qianfan = new QianfanStore(this.clock, {
      qianfanModels: options.qianfanModels,
      qianfanTaskTimings: options.qianfanTaskTimings,
      failQianfanTasks: options.failQianfanTasks,
    });
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
