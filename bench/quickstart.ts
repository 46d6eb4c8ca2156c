/**
 * End-to-end quick start: what `npm start` runs once the package is built and staged, `node dist/scripts/quickstart.js`
 * (the emulator, then examples/quickstart and examples/qianfan through preview, up, up, destroy), timed as a child
 * process. Baseline: the same sequence, also in a child process, on a program that declares no resources, once per
 * example the quick start ran (bench/emptyQuickstart.ts).
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { REPOSITORY_ROOT } from "./fixtureStack";
import { timed } from "./timing";

export interface QuickstartBenchResult {
  examples: number;
  via: "pulumi-cli" | "engine-harness";
  seconds: number;
  baselineSeconds: number;
  ratio: number;
  /** The quick start exited 0: everything created was destroyed. */
  ok: boolean;
}

const EXAMPLE_HEADER = /^##### examples\//;

export async function benchQuickstart(): Promise<QuickstartBenchResult> {
  const quickstart = await timed(() =>
    runNode(path.join(REPOSITORY_ROOT, "dist", "scripts", "quickstart.js")),
  );
  const lines = quickstart.value.stdout.split("\n");
  const examples = lines.filter((line) => EXAMPLE_HEADER.test(line)).length;
  if (examples === 0)
    throw new Error(
      `the quick start ran no example:\n${quickstart.value.stdout}${quickstart.value.stderr}`,
    );
  const baseline = await timed(() =>
    runNode(path.join(REPOSITORY_ROOT, "dist", "bench", "emptyQuickstart.js"), String(examples)),
  );
  if (baseline.value.code !== 0)
    throw new Error(`the quick start baseline failed:\n${baseline.value.stderr}`);
  const baselineResult = JSON.parse(baseline.value.stdout.trim().split("\n").pop()!) as {
    via: QuickstartBenchResult["via"];
  };
  const via = lines.some((line) => line.startsWith("Pulumi CLI not found"))
    ? "engine-harness"
    : "pulumi-cli";
  if (baselineResult.via !== via)
    throw new Error(
      `the quick start ran through ${via}, its baseline through ${baselineResult.via}`,
    );
  return {
    examples,
    via,
    seconds: quickstart.seconds,
    baselineSeconds: baseline.seconds,
    ratio: quickstart.seconds / baseline.seconds,
    ok: quickstart.value.code === 0,
  };
}

function runNode(
  script: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [script, ...args],
      { cwd: REPOSITORY_ROOT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") {
          // An Error, which its type (Omit<>s of ExecException and ErrnoException) does not say.
          const failure: Error = error;
          reject(failure);
        } else resolve({ code: typeof error?.code === "number" ? error.code : 0, stdout, stderr });
      },
    );
  });
}
