/**
 * The quick start's baseline, run as a process of its own like `npm start`: the same sequence (emulator, then per
 * program preview, up, up, destroy on a fresh provider host) on a fixture program that declares no resources,
 * repeated once per example the quick start runs. Prints the result as JSON on its last line.
 *
 * Usage: node dist/bench/emptyQuickstart.js <programs>
 */
import * as path from "node:path";
import { runQuickstart } from "../scripts/quickstart";
import { EMPTY_PROGRAM } from "./fixturePrograms";
import { FIXTURE_PROGRAMS } from "./fixtureStack";

const count = Number(process.argv[2] ?? 1);
// runQuickstart runs its programs without arguments, as the empty program needs.
const programDir = path.join(FIXTURE_PROGRAMS, EMPTY_PROGRAM.program);

runQuickstart({
  programDirs: Array.from({ length: count }, () => programDir),
  log: () => undefined,
}).then(
  (result) => console.log(JSON.stringify(result)),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
