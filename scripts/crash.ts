/**
 * `npm run crash`: the full crash sweep (every request kill point of the quick start, the Qianfan example from
 * dataset to service and a Qianfan task destroyed while it runs, and 20 seeded random ones per program), with the figures printed and written to bench/crash-results.{json,md} for the
 * benchmark report. `CRASH_RANDOM_POINTS`, `CRASH_SEED` and `CRASH_CONCURRENCY` change the sweep.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { crashPrograms, crashSweep, sweepFigures } from "../harness";

const REPOSITORY_ROOT = path.join(__dirname, "..", "..");

async function main(): Promise<number> {
  const randomPoints = Number(process.env.CRASH_RANDOM_POINTS ?? 20);
  const seed = Number(process.env.CRASH_SEED ?? 20261202);
  const concurrency = Number(process.env.CRASH_CONCURRENCY ?? 2);
  const started = performance.now();
  const result = await crashSweep({
    programs: crashPrograms(REPOSITORY_ROOT),
    randomPoints,
    seed,
    concurrency,
    emulator: { processingMs: 50 },
    onOutcome: (outcome, program) => {
      const verdict =
        outcome.duplicates.length + outcome.orphans.length + outcome.errors.length === 0
          ? "ok"
          : "FAIL";
      console.log(
        `${verdict.padEnd(4)} ${program.project.padEnd(20)} ${outcome.point}${outcome.killed ? "" : " (not reached)"}` +
          `${outcome.takeOvers.length > 0 ? `; took over ${outcome.takeOvers.length}` : ""}` +
          `${outcome.pendingUploads > 0 ? `; ${outcome.pendingUploads} pending upload left to expire` : ""}` +
          `${outcome.offlineServices > 0 ? `; ${outcome.offlineServices} service taken offline (Qianfan keeps it listed)` : ""}`,
      );
      for (const line of [...outcome.duplicates, ...outcome.orphans, ...outcome.errors])
        console.log(`       ${line}`);
      for (const line of outcome.untracked)
        console.log(
          `       untracked, left by the destroy at once (the next up takes it over): ${line}`,
        );
      for (const line of outcome.refusedDestroys)
        console.log(`       destroy refused, naming pulumi up: ${line}`);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const figures = sweepFigures(result);
  const summary = {
    seed,
    randomPoints,
    seconds: Math.round(seconds),
    points: result.points,
    ...figures,
  };
  console.log(JSON.stringify(summary, null, 2));
  const bench = path.join(REPOSITORY_ROOT, "bench");
  fs.writeFileSync(path.join(bench, "crash-results.json"), `${JSON.stringify(summary, null, 2)}\n`);
  fs.writeFileSync(path.join(bench, "crash-results.md"), markdown(summary));
  return figures.duplicates + figures.orphans + figures.errors === 0 ? 0 : 1;
}

function markdown(
  summary: ReturnType<typeof sweepFigures> & {
    seed: number;
    seconds: number;
    points: { program: string; routePoints: number; allRoutePoints: number; timedPoints: number }[];
  },
): string {
  const rows = summary.points
    .map((p) => `| ${p.program} | ${p.routePoints} | ${p.timedPoints} |`)
    .join("\n");
  return `# Crash sweep (\`npm run crash\`)

The provider host SIGKILLed at each kill point during \`up\` or \`destroy\`, then \`up\` again and \`destroy\` on a
fresh host (seed ${summary.seed}, ${summary.seconds} s).

| program | request kill points | timed kill points |
|---|---|---|
${rows}

| scenarios | killed | duplicates | orphans after destroy | errors on the re-runs | pending uploads left to expire | services taken offline (Qianfan cannot delete them) | untracked after a destroy straight after a killed up | take-overs | destroys refused by the stack's own untracked service (the error names \`pulumi up\`) |
|---|---|---|---|---|---|---|---|---|---|
| ${summary.scenarios} | ${summary.killed} | ${summary.duplicates} | ${summary.orphans} | ${summary.errors} | ${summary.pendingUploads} | ${summary.offlineServices} | ${summary.untracked} | ${summary.takeOvers} | ${summary.refusedDestroys} |
`;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
