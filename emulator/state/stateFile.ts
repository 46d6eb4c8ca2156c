// The whole state of an emulator with a data directory: `state.json` beside the content folders,
// written atomically (temporary file, fsync, rename, fsync of the directory) before a request that
// changed something is answered, and read back at start, or refused: never reset.
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { open, rename } from "node:fs/promises";
import { join } from "node:path";
import type { DiskContent } from "../content/diskContent";
import type { NamedContent, PersistentStore } from "./persistentStore";
import { StateError, StateReader } from "./stateJson";

export const STATE_FILE_NAME = "state.json";
/** Where a state is written before it is renamed over `state.json`; a leftover one is removed. */
const TEMP_FILE_NAME = "state.json.tmp";
/** The `format` field of every state file: what tells it from any other JSON file. */
export const STATE_FORMAT = "pulumi-finetune-emulator-state";
/** Raised when a change is made that an older emulator would misread; additions of kinds are not. */
export const STATE_FORMAT_VERSION = 1;

/** What to do about a data directory the emulator refuses; ends every refusal. */
export const DATA_DIR_REMEDY =
  "The emulator does not reset a data directory it cannot read: remove the directory (or move it " +
  "aside) or point --data-dir (dataDir) at an empty one.";

/** The data directory cannot be used; the message names the path and what to do. */
export class DataDirError extends Error {
  constructor(
    readonly directory: string,
    message: string,
  ) {
    super(`${message} ${DATA_DIR_REMEDY}`);
    this.name = "DataDirError";
  }
}

/** The stores whose objects the state file keeps, each under its name. */
export type PersistentStores = Readonly<Record<string, PersistentStore>>;

/**
 * The state file of one data directory. `open` restores the stores from it (or marks a new
 * directory as the emulator's); `save` writes them after each change.
 */
export class StateFile {
  readonly path: string;
  /** The text on disk, so a save that changes nothing writes nothing. */
  private written: string;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly directory: string,
    private readonly stores: PersistentStores,
    private readonly content: DiskContent,
    written: string,
  ) {
    this.path = join(directory, STATE_FILE_NAME);
    this.written = written;
  }

  /**
   * Opens `directory` (created if missing), restoring `stores` (which hold nothing yet) from its
   * state file, and holds `content`'s removals from then on. Refuses, with a `DataDirError`, a path
   * that is not a directory, a non-empty directory without a state file, and a state file that
   * cannot be read back whole: not JSON, another format or version, a field that is not what the
   * emulator writes, or content it names that is missing or of another size. Content no object
   * names (left by requests that had not answered) is removed.
   */
  static open(directory: string, stores: PersistentStores, content: DiskContent): StateFile {
    const text = readStateText(directory);
    const file = new StateFile(directory, stores, content, text ?? "");
    if (text === undefined) {
      file.written = file.serialize();
      writeAtomicallySync(directory, file.written);
    } else {
      const named = file.restore(text);
      checkContent(file.path, named, content);
      content.removeUnnamed(new Set(named.map(({ key }) => key)));
    }
    content.holdRemovals();
    return file;
  }

  /**
   * Writes the state if it changed since the last write, then performs the content removals held
   * until then. Saves run one at a time; each writes the state as it is when its turn comes, so
   * a change made before `save` was called is on disk once it resolves. After `close`, nothing.
   */
  save(): Promise<void> {
    const run = this.queue.then(() => this.writeIfChanged());
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** A last save; later ones (requests still in flight) write nothing. */
  async close(): Promise<void> {
    try {
      await this.save();
    } finally {
      this.closed = true;
    }
  }

  private async writeIfChanged(): Promise<void> {
    if (this.closed) return;
    const text = this.serialize();
    const due = this.content.takeHeldRemovals();
    if (text !== this.written) {
      try {
        await writeAtomically(this.directory, text);
      } catch (error) {
        this.content.holdAgain(due);
        throw new Error(`Could not write ${this.path}: ${(error as Error).message}`, {
          cause: error,
        });
      }
      this.written = text;
    }
    this.content.removeNow(due);
  }

  private serialize(): string {
    const stores = Object.fromEntries(
      Object.entries(this.stores).map(([name, store]) => [name, store.snapshot()]),
    );
    const state = { format: STATE_FORMAT, version: STATE_FORMAT_VERSION, stores };
    return `${JSON.stringify(state, null, 1)}\n`;
  }

  /** Loads every store from the file's text; returns the content the objects name. */
  private restore(text: string): NamedContent[] {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const why = (error as Error).message;
      throw this.refusal(`is not valid JSON (${why}); it may have been cut short or edited.`);
    }
    try {
      const root = new StateReader(parsed, "");
      if (root.optionalString("format") !== STATE_FORMAT) {
        throw this.refusal(`is not an emulator state file: its "format" is not "${STATE_FORMAT}".`);
      }
      const version = root.number("version");
      if (version !== STATE_FORMAT_VERSION) {
        throw this.refusal(
          `has state format version ${version}; this emulator reads version ` +
            `${STATE_FORMAT_VERSION}. Run the emulator version that wrote it, or start afresh.`,
        );
      }
      const section = root.at("stores");
      const unknown = section.keys().filter((name) => !(name in this.stores));
      if (unknown.length > 0) {
        const names = unknown.map((name) => `'${name}'`).join(", ");
        throw this.refusal(`holds stores this emulator does not know: ${names}.`);
      }
      return Object.entries(this.stores).flatMap(([name, store]) =>
        section.has(name) ? store.restore(section.at(name)) : [],
      );
    } catch (error) {
      if (!(error instanceof StateError)) throw error;
      throw this.refusal(`cannot be read back: ${error.message}.`);
    }
  }

  private refusal(problem: string): DataDirError {
    return new DataDirError(this.directory, `The state file ${this.path} ${problem}`);
  }
}

/**
 * The state file's text; undefined for a directory that is new (created here) or empty. Refuses a
 * path that is not a directory and a non-empty directory without a state file.
 */
function readStateText(directory: string): string | undefined {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(directory).isDirectory();
  } catch {
    mkdirSync(directory, { recursive: true });
    return undefined;
  }
  if (!isDirectory) {
    throw new DataDirError(directory, `The data directory ${directory} is not a directory.`);
  }
  // A first write that was cut short leaves only its temporary file.
  rmSync(join(directory, TEMP_FILE_NAME), { recursive: true, force: true });
  const entries = readdirSync(directory);
  if (entries.includes(STATE_FILE_NAME))
    return readFileSync(join(directory, STATE_FILE_NAME), "utf8");
  if (entries.length === 0) return undefined;
  const shown = entries.slice(0, 5).map((name) => `'${name}'`);
  if (entries.length > shown.length) shown.push(`and ${entries.length - shown.length} more`);
  throw new DataDirError(
    directory,
    `The data directory ${directory} is not empty but holds no ${STATE_FILE_NAME} (it has ` +
      `${shown.join(", ")}), so it is not an emulator data directory, or one from a version that ` +
      "kept only contents.",
  );
}

/** Every named content must be there, whole: a state is never served without its bytes. */
function checkContent(statePath: string, named: readonly NamedContent[], content: DiskContent) {
  const problems = named.flatMap(({ key, bytes }) => {
    const size = content.sizeOf(key);
    if (size === bytes) return [];
    const where = content.pathOf(key);
    return [
      size === undefined ? `${where} is missing` : `${where} holds ${size} bytes, not ${bytes}`,
    ];
  });
  if (problems.length === 0) return;
  const shown = problems.slice(0, 3).join("; ");
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : "";
  throw new DataDirError(
    content.directory,
    `The state file ${statePath} names content that is not on disk as it was written: ${shown}${more}.`,
  );
}

async function writeAtomically(directory: string, text: string): Promise<void> {
  const temp = join(directory, TEMP_FILE_NAME);
  const handle = await open(temp, "w");
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, join(directory, STATE_FILE_NAME));
  syncDirectory(directory);
}

function writeAtomicallySync(directory: string, text: string): void {
  const temp = join(directory, TEMP_FILE_NAME);
  const fd = openSync(temp, "w");
  try {
    writeFileSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, join(directory, STATE_FILE_NAME));
  syncDirectory(directory);
}

/** Makes the rename itself durable; where directories cannot be synced (Windows), skipped. */
function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, "r");
    fsyncSync(fd);
  } catch {
    // Not supported here; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
