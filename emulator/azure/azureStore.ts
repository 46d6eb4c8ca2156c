import type { Readable } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Clock } from "../clock";
import { type ContentStore, fileContentKey } from "../content/contentStore";
import { newId } from "../ids";
import {
  type NamedContent,
  type PersistedKind,
  type PersistentStore,
  persistentKinds,
} from "../state/persistentStore";
import type { StateReader } from "../state/stateJson";
import { jobOptionsOf, type JobOptions, JobStore } from "./jobStore";
import type { FileState, NewFile, StoredFile, WrittenFile } from "./storedFile";
import { findTrainingDataErrorIn } from "./trainingData";
import { type UploadLimits, UploadStore, type UploadView } from "./uploadStore";

export const DEFAULT_PROCESSING_MS = 2000;

/** Checks a fine-tune file's content; resolves to why it is not valid training data. */
export type TrainingDataValidator = (
  chunks: AsyncIterable<Uint8Array>,
) => Promise<string | undefined>;

/** Content is checked in slices this large, yielding to the event loop between them. */
const VALIDATION_SLICE_BYTES = 256 * 1024;

export interface AzureStoreOptions extends Partial<UploadLimits>, JobOptions {
  clock: Clock;
  /** Where file and part contents live (memory, or files under `dataDir`). */
  content: ContentStore;
  /** How long a fine-tune file takes from upload to `processed` or `error`. */
  processingMs?: number;
  /** Checks fine-tune content in the background; default `findTrainingDataErrorIn`. For tests. */
  validateTrainingData?: TrainingDataValidator;
}

/** A background content check that has not settled yet. */
interface RunningValidation {
  abort: AbortController;
}

/** How a content check ended: why the file is not valid (undefined: it is), or stopped unfinished. */
interface CheckOutcome {
  reason: string | undefined;
  /** The emulator closed before the check could finish: its `reason` says so; not kept. */
  stopped: boolean;
}

/**
 * The Azure OpenAI state: files (and their background content checks), uploads and fine-tuning
 * jobs. Statuses are derived from the clock, never from timers.
 */
export class AzureStore implements PersistentStore {
  readonly clock: Clock;
  readonly processingMs: number;
  readonly files = new Map<string, StoredFile>();
  readonly content: ContentStore;
  readonly uploads: UploadStore;
  readonly jobs: JobStore;
  private readonly validateTrainingData: TrainingDataValidator;
  /** Checks still running, by file id; deleting the file (or closing) stops its check. */
  private readonly running = new Map<string, RunningValidation>();
  /** Outcomes of settled checks, so answers that must not wait can still report them. */
  private readonly settled = new WeakMap<StoredFile, CheckOutcome>();
  /** What the state file keeps (with a data directory), restored in this order. */
  private readonly persisted: PersistentStore;

  constructor(options: AzureStoreOptions) {
    this.clock = options.clock;
    this.processingMs = options.processingMs ?? DEFAULT_PROCESSING_MS;
    this.validateTrainingData = options.validateTrainingData ?? findTrainingDataErrorIn;
    this.content = options.content;
    this.uploads = new UploadStore({
      clock: this.clock,
      content: this.content,
      limits: options,
      addFile: (file) => this.addFile(file),
    });
    this.jobs = new JobStore({
      clock: this.clock,
      ...jobOptionsOf(options),
      content: this.content,
      registerFile: (file, createdAtMs) => this.registerFile(file, createdAtMs),
    });
    this.persisted = persistentKinds([
      this.persistedFiles(),
      this.uploads.persisted,
      this.jobs.persisted,
    ]);
  }

  snapshot(): Record<string, object[]> {
    return this.persisted.snapshot();
  }

  restore(section: StateReader): NamedContent[] {
    return this.persisted.restore(section);
  }

  async createFile({ filename, purpose, content }: NewFile): Promise<StoredFile> {
    const id = newId("file-");
    await this.content.put(fileContentKey(id), content);
    return this.addFile({ id, filename, purpose, bytes: content.length });
  }

  /**
   * Lists a file whose content is written and starts checking its training data in the
   * background; returns without waiting for the check (see `StoredFile.validation`).
   */
  async addFile(file: WrittenFile): Promise<StoredFile> {
    return this.registerFile(file, this.clock.now());
  }

  /** As addFile, synchronously and with a given creation time (a job's results file). */
  registerFile(file: WrittenFile, createdAtMs: number): StoredFile {
    return this.listFile(file, createdAtMs, undefined);
  }

  /** Lists a file; a fine-tune file is checked unless its check's outcome is given (restored). */
  private listFile(
    { id, filename, purpose, bytes }: WrittenFile,
    createdAtMs: number,
    checked: CheckOutcome | undefined,
  ): StoredFile {
    const outcome =
      purpose !== "fine-tune"
        ? Promise.resolve({ reason: undefined, stopped: false })
        : checked
          ? Promise.resolve(checked)
          : this.startValidation(id);
    const validation = outcome.then(({ reason }) => reason);
    const file = { id, filename, purpose, bytes, createdAtMs, validation } as StoredFile;
    // Kept for tests outside the emulator's own that still read `file.content`.
    Object.defineProperty(file, "content", { get: () => this.readFileContent(id) });
    this.files.set(id, file);
    if (checked) this.settled.set(file, checked);
    else void outcome.then((settled) => this.settled.set(file, settled));
    return file;
  }

  /**
   * Files as the state file keeps them: a fine-tune file with its check's outcome (`checked`), or
   * without one while the check was still running (it runs again when the state is restored).
   */
  private persistedFiles(): PersistedKind {
    return {
      name: "files",
      write: () =>
        [...this.files.values()].map((file) => {
          const outcome = this.settled.get(file);
          const kept = file.purpose === "fine-tune" && outcome && !outcome.stopped;
          return {
            id: file.id,
            filename: file.filename,
            purpose: file.purpose,
            bytes: file.bytes,
            createdAtMs: file.createdAtMs,
            ...(kept ? { checked: { error: outcome.reason ?? null } } : {}),
          };
        }),
      read: (json) => {
        const file = {
          id: json.string("id"),
          filename: json.string("filename"),
          purpose: json.string("purpose"),
          bytes: json.number("bytes"),
        };
        const checked = json.optionalAt("checked");
        const outcome = checked && { reason: checked.optionalString("error"), stopped: false };
        this.listFile(file, json.number("createdAtMs"), outcome);
        return [{ key: fileContentKey(file.id), bytes: file.bytes }];
      },
    };
  }

  getFile(id: string): StoredFile | undefined {
    this.jobs.listResultsFiles();
    return this.files.get(id);
  }

  listFiles(purpose?: string): StoredFile[] {
    this.jobs.listResultsFiles();
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

  /** Forgets the file, stops its content check if one is running, and removes its content. */
  deleteFile(id: string): boolean {
    if (!this.files.delete(id)) return false;
    this.running.get(id)?.abort.abort();
    this.content.remove(fileContentKey(id));
    return true;
  }

  /**
   * Stops every running content check (the emulator calls this when it closes). Their files end in
   * `error` ("stopped") rather than keep reading content that may be about to be removed.
   */
  stopProcessing(): void {
    for (const { abort } of this.running.values()) abort.abort(STOPPED);
  }

  getUpload(id: string): UploadView | undefined {
    return this.uploads.get(id);
  }

  listUploads(): UploadView[] {
    return this.uploads.list();
  }

  /**
   * pending, then running after half of processingMs, then processed or error. Once the clock
   * says processing is over, waits for the file's content check (`file.validation`) if it is still
   * running, so a read after the clock passes processingMs always sees the final status. Before
   * that it waits for nothing.
   *
   * With `wait: false` (the create and complete answers, which must stay cheap) a check still
   * running reads as `pending`, the status of a file the service has only just received.
   */
  async fileState(file: StoredFile, { wait = true }: { wait?: boolean } = {}): Promise<FileState> {
    if (file.purpose !== "fine-tune") return { status: "processed", statusDetails: null };
    const elapsed = this.clock.now() - file.createdAtMs;
    if (elapsed < this.processingMs / 2) return { status: "pending", statusDetails: null };
    if (elapsed < this.processingMs) return { status: "running", statusDetails: null };
    const settled = this.settled.get(file);
    if (!settled && !wait) return { status: "pending", statusDetails: null };
    const reason = settled ? settled.reason : await file.validation;
    if (reason) return { status: "error", statusDetails: reason };
    return { status: "processed", statusDetails: null };
  }

  /**
   * Checks a file's content on later turns of the event loop, a slice at a time, so the create
   * answers first and other requests are served in between. Never rejects.
   */
  private async startValidation(id: string): Promise<CheckOutcome> {
    const running: RunningValidation = { abort: new AbortController() };
    const { signal } = running.abort;
    this.running.set(id, running);
    let stream: Readable | undefined;
    try {
      await nextTurn();
      signal.throwIfAborted();
      // Streams from disk with dataDir. A delete removes the content, but aborts this first.
      stream = this.content.stream(fileContentKey(id));
      // A delete settles this at once, even if the validator is not reading; the race also handles
      // the validator's own later failure, so it never goes unhandled.
      const check = this.validateTrainingData(inSlices(stream, signal));
      return { reason: await Promise.race([check, rejectWhenAborted(signal)]), stopped: false };
    } catch {
      if (signal.aborted) {
        // Deleted: nobody can read the outcome. Stopped: say so rather than claim a result.
        return signal.reason === STOPPED
          ? { reason: "Processing stopped: the emulator closed.", stopped: true }
          : { reason: undefined, stopped: false };
      }
      return {
        reason: "Processing failed: the file's content could not be checked.",
        stopped: false,
      };
    } finally {
      this.running.delete(id);
      stream?.destroy();
    }
  }

  private requireFile(id: string): StoredFile {
    const file = this.files.get(id);
    if (!file) throw new Error(`No file '${id}'.`);
    return file;
  }
}

const STOPPED = "stopped";

/** Rejects once the signal aborts, with an Error whose `cause` is `signal.reason`. */
function rejectWhenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const abort = () => reject(new Error("Aborted.", { cause: signal.reason }));
    if (signal.aborted) abort();
    else signal.addEventListener("abort", abort, { once: true });
  });
}

/** Re-chunks content into slices, yielding to the event loop after each; throws once aborted. */
async function* inSlices(
  chunks: AsyncIterable<Uint8Array>,
  signal: AbortSignal,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    for (let start = 0; start < chunk.byteLength; start += VALIDATION_SLICE_BYTES) {
      signal.throwIfAborted();
      yield chunk.subarray(start, start + VALIDATION_SLICE_BYTES);
      await nextTurn();
    }
  }
  signal.throwIfAborted();
}
