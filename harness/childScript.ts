/**
 * Where a harness module that runs in a child process (the program runner, the host's wait preload) is as plain
 * JavaScript: next to this file in the build, or the build's copy when the harness runs from sources (tests).
 */
import * as path from "node:path";

export function childScript(name: string): string {
  return __filename.endsWith(".js")
    ? path.join(__dirname, `${name}.js`)
    : path.join(__dirname, "..", "dist", "harness", `${name}.js`);
}
