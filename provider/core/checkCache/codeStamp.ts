/**
 * A digest of the code a cached result came from: the names and contents of the source files of a directory (its
 * .ts or .js files, not declarations or maps). Part of a cache key beside the package version, so that a build whose
 * checks changed while its version did not (a working copy, a linked package) does not take results of the old one.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

const stamps = new Map<string, string | undefined>();

/** Undefined when the directory cannot be read: nothing can then be keyed on its code. */
export function codeStamp(dir: string): string | undefined {
  if (!stamps.has(dir)) {
    let stamp: string | undefined;
    try {
      stamp = digestOf(dir);
    } catch {
      stamp = undefined;
    }
    stamps.set(dir, stamp);
  }
  return stamps.get(dir);
}

function digestOf(dir: string): string {
  const hash = createHash("sha256");
  const files = fs
    .readdirSync(dir)
    .filter((name) => /\.(ts|js)$/.test(name) && !name.endsWith(".d.ts"))
    .sort();
  for (const name of files) {
    hash.update(`${name}\0`);
    hash.update(fs.readFileSync(path.join(dir, name)));
    hash.update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}
