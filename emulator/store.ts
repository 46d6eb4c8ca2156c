import { randomBytes } from "node:crypto";
import type { Clock } from "./clock";
import { findTrainingDataError } from "./trainingData";

export const DEFAULT_PROCESSING_MS = 2000;

export type FileStatus = "pending" | "running" | "processed" | "error";

export interface StoredFile {
  readonly id: string;
  readonly filename: string;
  readonly purpose: string;
  readonly content: Buffer;
  readonly createdAtMs: number;
  /** Why processing will end in `error`; decided at upload because content never changes. */
  readonly invalidReason?: string;
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

export interface StoreOptions {
  clock: Clock;
  /** How long a fine-tune file takes from upload to `processed` or `error`. */
  processingMs?: number;
}

/** The emulator's in-memory state. Statuses are derived from the clock, never from timers. */
export class Store {
  readonly clock: Clock;
  readonly processingMs: number;
  readonly files = new Map<string, StoredFile>();

  constructor(options: StoreOptions) {
    this.clock = options.clock;
    this.processingMs = options.processingMs ?? DEFAULT_PROCESSING_MS;
  }

  createFile({ filename, purpose, content }: NewFile): StoredFile {
    const file: StoredFile = {
      id: `file-${randomBytes(16).toString("hex")}`,
      filename,
      purpose,
      content,
      createdAtMs: this.clock.now(),
      invalidReason: purpose === "fine-tune" ? findTrainingDataError(content) : undefined,
    };
    this.files.set(file.id, file);
    return file;
  }

  getFile(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  listFiles(purpose?: string): StoredFile[] {
    const files = [...this.files.values()];
    return purpose === undefined ? files : files.filter((file) => file.purpose === purpose);
  }

  deleteFile(id: string): boolean {
    return this.files.delete(id);
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
}
