/**
 * Preloaded into the provider host (`node --require`) when a test sets `ProviderHostOptions.waitDivisor`: every
 * sleep of the package's waits (the poll loop's, through the wait clock that `provider/core/clock.ts` keeps for
 * tests) lasts that many times less, so a poll interval of 1 s, the least a program may give, reads every 50 ms
 * against an emulator whose state machines are as fast. The clock's time stays the real one, so timeouts, and the
 * times a create compares with the service's, mean what they mean in a real run.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export const WAIT_DIVISOR_ENV = "PULUMI_FINETUNE_HARNESS_WAIT_DIVISOR";

/**
 * The package the host loads the hooks from: the SDK's require-from-string looks in the node_modules folders from
 * the host's cwd up. (`require.resolve` from here would find this repository itself, by its own name.)
 */
export function installedPackageDir(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", "pulumi-finetune");
    if (fs.existsSync(path.join(candidate, "package.json"))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

const divisor = Number(process.env[WAIT_DIVISOR_ENV]);
if (Number.isFinite(divisor) && divisor > 1) {
  const root = installedPackageDir(process.cwd());
  if (!root)
    throw new Error(`${WAIT_DIVISOR_ENV}: no node_modules/pulumi-finetune above ${process.cwd()}.`);
  const clock = require(
    path.join(root, "dist", "provider", "core", "clock.js"),
  ) as typeof import("../provider/core/clock");
  clock.setWaitClock({
    now: () => Date.now(),
    sleep: (ms) => clock.realSleep(ms / divisor),
  });
}
