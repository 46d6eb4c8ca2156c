// BOS paths as the dataset actions take them (`bos:/bucket/dir/`, one slash after `bos:`), and
// what an import makes of its sources: there is no real BOS, so the outcome and the counts are
// derived from the paths alone.

/** A BOS directory: `bos:/bucket/` or `bos:/bucket/dir/sub/`, ending in `/`. */
export const isBosDirectory = (path: string) => /^bos:\/[^/\s]+\/(?:[^/\s]+\/)*$/.test(path);

/** A BOS object or directory: `bos:/bucket/` and anything under it, without spaces or `//`. */
export const isBosPath = (path: string) => /^bos:\/[^/\s]+\/(?:[^/\s]+\/)*[^/\s]*$/.test(path);

/**
 * The base name of an object's key without its extension: `bos:/b/dir/fail.jsonl` → `fail`,
 * `bos:/b/fail/` → `fail`; "" for a bucket (`bos:/b/`).
 */
export function bosBaseName(path: string): string {
  const [, ...key] = path.replace(/^bos:\//, "").split("/");
  const last = key.filter((segment) => segment !== "").pop() ?? "";
  return last.replace(/\..*$/, "");
}

/** The scripted import failure: a source whose base name is `fail` (any case). */
export const failsImport = (path: string) => bosBaseName(path).toLowerCase() === "fail";

/** Samples and megabytes an import counts per source (a file or a directory alike). */
export const SAMPLES_PER_SOURCE = 100;
export const MB_PER_SOURCE = 0.1;

export function importedSize(files: readonly string[]): { sampleCount: number; sizeMB: number } {
  return {
    sampleCount: files.length * SAMPLES_PER_SOURCE,
    sizeMB: Math.round(files.length * MB_PER_SOURCE * 100) / 100,
  };
}
