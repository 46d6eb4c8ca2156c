/**
 * The engine benchmarks run programs that load pulumi-finetune from node_modules, as users do. `npm run bench`
 * builds but does not stage: when node_modules/pulumi-finetune differs from the build, it is staged again
 * (scripts/stage-package.js, as `npm test` does).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { REPOSITORY_ROOT } from "./fixtureStack";

const STAGED = path.join(REPOSITORY_ROOT, "node_modules", "pulumi-finetune");

/** Returns whether it had to stage. */
export function ensureStagedPackage(): boolean {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(REPOSITORY_ROOT, "package.json"), "utf8"),
  ) as { files: string[] };
  const {
    scripts: _scripts,
    devDependencies: _dev,
    allowScripts: _allow,
    ...published
  } = manifest as Record<string, unknown>;
  const current =
    fs.existsSync(path.join(STAGED, "package.json")) &&
    isDeepStrictEqual(
      JSON.parse(fs.readFileSync(path.join(STAGED, "package.json"), "utf8")),
      published,
    ) &&
    manifest.files.every((entry) =>
      sameTree(path.join(REPOSITORY_ROOT, entry), path.join(STAGED, entry)),
    );
  if (current) return false;
  const staged = spawnSync(
    process.execPath,
    [path.join(REPOSITORY_ROOT, "scripts", "stage-package.js")],
    { stdio: "inherit" },
  );
  if (staged.status !== 0) throw new Error(`scripts/stage-package.js exited with ${staged.status}`);
  return true;
}

function sameTree(built: string, staged: string): boolean {
  if (!fs.existsSync(staged)) return false;
  const builtStat = fs.statSync(built);
  if (builtStat.isDirectory()) {
    const names = fs.readdirSync(built);
    return (
      fs.statSync(staged).isDirectory() &&
      names.length === fs.readdirSync(staged).length &&
      names.every((name) => sameTree(path.join(built, name), path.join(staged, name)))
    );
  }
  return (
    builtStat.size === fs.statSync(staged).size &&
    fs.readFileSync(built).equals(fs.readFileSync(staged))
  );
}
