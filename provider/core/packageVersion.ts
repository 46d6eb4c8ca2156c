/**
 * This package's version, read from its package.json: the first one named pulumi-finetune above this file, in the
 * sources (provider/core) and in the build (dist/provider/core, also under node_modules) alike.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const PACKAGE_NAME = "pulumi-finetune";
let known: { version: string | undefined } | undefined;

export function packageVersion(): string | undefined {
  known ??= { version: findVersion(__dirname) };
  return known.version;
}

export function findVersion(start: string, levels = 5): string | undefined {
  let dir = start;
  for (let i = 0; i < levels; i++) {
    try {
      const manifest: unknown = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
      if (isManifestOf(manifest)) return manifest.version;
    } catch {
      // none here, or unreadable: look further up
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

function isManifestOf(value: unknown): value is { version: string } {
  if (typeof value !== "object" || value === null) return false;
  const { name, version } = value as Record<string, unknown>;
  return name === PACKAGE_NAME && typeof version === "string";
}
