/**
 * A check of a local file (its hash, its validation) done once for as long as the file stays the same. The result is
 * stored under the file's identity (device, inode) and what else it depends on (`key`: the check's options, the
 * package's version); it is taken back only when the file's fingerprint is the one it was computed from, and that
 * fingerprint is beyond doubt. Otherwise the file is read as if there were no cache: a miss, a file changed or
 * replaced, a time in the future or a change in the last seconds, an entry unreadable or of another shape.
 *
 * The file is stat'ed before and after it is read; a result is stored only if both agree and are beyond doubt, so a
 * file changed while it was read is not stored under either state. Only what `encode` returns is stored, and only
 * when `storable` says so: never the file's contents.
 */
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { EntryStore } from "./entryStore";
import {
  doubtAbout,
  DOUBT_WINDOW_MS,
  FileFingerprint,
  fingerprintOf,
  FingerprintStats,
  sameFingerprint,
} from "./fingerprint";

/** Bumped when the entries' layout changes: older entries are then misses. */
export const ENTRY_SCHEMA = 1;

export type CacheKey = Record<string, string | number | boolean | null>;

export interface FileCheckSpec<T> {
  /** What the result depends on besides the file: plain values the check was given, never secrets. */
  key: CacheKey;
  /** Whether a result may be kept (e.g. not one whose messages quote the file). */
  storable(value: T): boolean;
  encode(value: T): unknown;
  /** A stored value back, or undefined when it is not one (another shape, damaged). */
  decode(stored: unknown): T | undefined;
}

export interface FileCheckCache {
  /** Undefined: no cache (turned off, or nowhere to put it). */
  store: EntryStore | undefined;
  stat?: (file: string) => Promise<FingerprintStats>;
  now?: () => number;
  doubtWindowMs?: number;
}

export interface CachedCheck<T> {
  value: T;
  /** "hit": taken from the cache, the file not read. */
  source: "hit" | "computed";
}

interface StoredEntry {
  schema: number;
  key: CacheKey;
  file: FileFingerprint;
  value: unknown;
}

const bigintStat = (file: string) => fs.stat(file, { bigint: true });

export async function cachedFileCheck<T>(
  file: string,
  compute: () => Promise<T>,
  spec: FileCheckSpec<T>,
  cache: FileCheckCache,
): Promise<CachedCheck<T>> {
  const { store } = cache;
  if (!store) return { value: await compute(), source: "computed" };
  const stat = cache.stat ?? bigintStat;
  const now = cache.now ?? Date.now;
  const window = cache.doubtWindowMs ?? DOUBT_WINDOW_MS;
  const fingerprint = async () => {
    try {
      return fingerprintOf(await stat(file));
    } catch {
      return undefined;
    }
  };
  const before = await fingerprint();
  // Whatever goes wrong reading it, the check reports as it would without a cache.
  if (!before) return { value: await compute(), source: "computed" };
  const name = entryName(spec.key, before);
  if (doubtAbout(before, now(), window) === undefined) {
    const stored = await store.get(name);
    if (isEntryFor(stored, spec.key, before)) {
      const value = spec.decode(stored.value);
      if (value !== undefined) return { value, source: "hit" };
    }
  }
  const value = await compute();
  if (spec.storable(value)) {
    const after = await fingerprint();
    if (after && sameFingerprint(before, after) && doubtAbout(after, now(), window) === undefined) {
      const entry: StoredEntry = {
        schema: ENTRY_SCHEMA,
        key: spec.key,
        file: after,
        value: spec.encode(value),
      };
      await store.put(name, entry);
    }
  }
  return { value, source: "computed" };
}

/** One entry per file (device and inode) and key: a changed file's result replaces the one before. */
export function entryName(key: CacheKey, file: FileFingerprint): string {
  return createHash("sha256")
    .update(JSON.stringify({ schema: ENTRY_SCHEMA, key, dev: file.dev, ino: file.ino }))
    .digest("hex");
}

function isEntryFor(stored: unknown, key: CacheKey, file: FileFingerprint): stored is StoredEntry {
  if (typeof stored !== "object" || stored === null) return false;
  const entry = stored as Partial<StoredEntry>;
  return (
    entry.schema === ENTRY_SCHEMA &&
    isDeepStrictEqual(entry.key, key) &&
    isFingerprint(entry.file) &&
    sameFingerprint(entry.file, file)
  );
}

function isFingerprint(value: unknown): value is FileFingerprint {
  if (typeof value !== "object" || value === null) return false;
  const fields: (keyof FileFingerprint)[] = ["dev", "ino", "size", "mtimeNs", "ctimeNs"];
  return fields.every((f) => typeof (value as Record<string, unknown>)[f] === "string");
}
