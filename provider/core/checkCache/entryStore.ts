/**
 * The check cache on disk: one small JSON file per entry, written to a temporary name and renamed into place, so a
 * reader sees a whole entry or none, and two writers of the same entry leave one of theirs. At most `maxEntries`
 * are kept: after a write, the ones used longest ago (by their files' mtime, which a hit moves) are deleted.
 *
 * Nothing here is ever fatal: an entry that cannot be read or parsed is a miss, and a directory that cannot be
 * made or written to (read-only, permission denied, full) leaves the check uncached. Nothing is printed.
 */
import { randomBytes } from "node:crypto";
import { promises as nodeFs } from "node:fs";
import * as path from "node:path";

/** The calls of node:fs/promises the store makes, so tests can fail them. */
export interface StoreFs {
  readFile(file: string, encoding: "utf8"): Promise<string>;
  writeFile(file: string, data: string, options: { mode: number; flag: string }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  mkdir(dir: string, options: { recursive: true; mode: number }): Promise<unknown>;
  readdir(dir: string): Promise<string[]>;
  stat(file: string): Promise<{ mtimeMs: number }>;
  unlink(file: string): Promise<void>;
  utimes(file: string, atime: Date, mtime: Date): Promise<void>;
}

export const DEFAULT_MAX_ENTRIES = 1000;
const ENTRY_SUFFIX = ".json";
const TEMP_SUFFIX = ".tmp";
/** A temporary file this old was left by a process that died before its rename. */
const STALE_TEMP_MS = 60 * 60 * 1000;

export interface EntryStoreOptions {
  maxEntries?: number;
  fs?: StoreFs;
  now?: () => number;
}

export class EntryStore {
  private readonly maxEntries: number;
  private readonly fs: StoreFs;
  private readonly now: () => number;

  constructor(
    readonly dir: string,
    options: EntryStoreOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.fs = options.fs ?? nodeFs;
    this.now = options.now ?? Date.now;
  }

  /** The entry's JSON, parsed, or undefined: missing, unreadable or not JSON. A hit counts as a use. */
  async get(name: string): Promise<unknown> {
    const file = this.fileOf(name);
    if (file === undefined) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(await this.fs.readFile(file, "utf8"));
    } catch {
      return undefined;
    }
    const now = new Date(this.now());
    await this.fs.utimes(file, now, now).catch(() => undefined);
    return value;
  }

  async put(name: string, value: unknown): Promise<void> {
    const file = this.fileOf(name);
    if (file === undefined) return;
    const temp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}${TEMP_SUFFIX}`;
    try {
      await this.fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
      await this.fs.writeFile(temp, JSON.stringify(value), { mode: 0o600, flag: "wx" });
      await this.fs.rename(temp, file);
    } catch {
      await this.fs.unlink(temp).catch(() => undefined);
      return;
    }
    await this.evict().catch(() => undefined);
  }

  /** Entry names are hex digests; anything else names no file (it could reach outside the directory). */
  private fileOf(name: string): string | undefined {
    return /^[0-9a-f]{16,128}$/.test(name) ? path.join(this.dir, name + ENTRY_SUFFIX) : undefined;
  }

  /** Deletes the entries used longest ago beyond maxEntries, and temporary files left behind. */
  private async evict(): Promise<void> {
    const names = await this.fs.readdir(this.dir);
    const entries = names.filter((n) => n.endsWith(ENTRY_SUFFIX));
    const temps = names.filter((n) => n.endsWith(TEMP_SUFFIX));
    const mtimeOf = async (n: string) => {
      const stats = await this.fs.stat(path.join(this.dir, n)).catch(() => undefined);
      return { name: n, mtimeMs: stats?.mtimeMs ?? 0 };
    };
    const unlink = (n: string) => this.fs.unlink(path.join(this.dir, n)).catch(() => undefined);
    if (entries.length > this.maxEntries) {
      const aged = await Promise.all(entries.map(mtimeOf));
      aged.sort((a, b) => a.mtimeMs - b.mtimeMs || a.name.localeCompare(b.name));
      await Promise.all(aged.slice(0, entries.length - this.maxEntries).map((e) => unlink(e.name)));
    }
    if (temps.length > 0) {
      const aged = await Promise.all(temps.map(mtimeOf));
      const stale = aged.filter((t) => this.now() - t.mtimeMs > STALE_TEMP_MS);
      await Promise.all(stale.map((t) => unlink(t.name)));
    }
  }
}
