/**
 * A large stack through the engine harness: `pairs` independent pairs of a TrainingFile (ten inline examples) and a
 * FineTuneJob trained on it (test/fixtures/programs/largeStack), against the emulator with the same latency on
 * every route (50 ms by default: a service some way off).
 *   preview — fresh (Check only) and after an up (Check + Diff), against the same program with no pairs, on one
 *     provider host (medians of `runs`): what each resource adds, in wall time and in CPU time (the program's
 *     process, the host's, and this one's: harness and emulator), and the HTTP requests, which must be none
 *     (counted from the emulator's request log);
 *   up — from an empty state, each run on a fresh emulator and host (previewed once first, as `pulumi up` does
 *     before it updates): the large stack against one pair, with the harness running resource operations with the
 *     CLI's default parallelism (unbounded). Also: the most requests the emulator had in hand at once (what shows
 *     that nothing on the way serializes the creates), and the requests by route, so that the share of the
 *     look-ups for what an interrupted earlier run made shows.
 */
import * as os from "node:os";
import * as path from "node:path";
import type { RequestRecord } from "../emulator";
import {
  EmulatorStack,
  emptyState,
  OperationResult,
  StackState,
  startEmulatorStack,
} from "../harness";
import { FIXTURE_PROGRAMS } from "./fixtureStack";
import { processCpuSeconds } from "./processCpu";
import { median, timed } from "./timing";

export const LARGE_STACK_PROGRAM = "largeStack";
export const TARGET_PREVIEW_MS_PER_RESOURCE = 20;
export const TARGET_UP_RATIO = 5;

/**
 * The requests a create makes to look for what an interrupted earlier run made before it creates anything: the
 * TrainingFile lists the files; the FineTuneJob reads its training file (for the time the job cannot be older
 * than) and lists the jobs made since.
 */
const LOOKUPS_PER_PAIR = {
  "GET /openai/files": 1,
  "GET /openai/files/{id}": 1,
  "GET /openai/fine_tuning/jobs": 1,
} as const;

export interface LargeStackOptions {
  /** Pairs of the large stack; default 100 (200 resources). */
  pairs?: number;
  /** Latency of every emulator route; default 50 ms. */
  latencyMs?: number;
  /** Runs whose median is kept, for each preview and each up; default 5. */
  runs?: number;
  /** The harness's `parallel` (resource operations at once) for the ups; default unbounded, as the CLI's. */
  parallel?: number;
  /** Added to the provider host's environment (e.g. NODE_OPTIONS to profile it). */
  hostEnv?: Record<string, string>;
}

/** CPU time, in seconds, of the three processes of a run. */
export interface CpuSeconds {
  program: number;
  host: number;
  /** This process: the engine harness and the emulator. */
  harness: number;
}

interface Measured {
  seconds: number;
  cpu: CpuSeconds;
}

export interface LargePreview {
  runsMs: number[];
  medianMs: number;
  /** Medians over the runs, per process. */
  cpu: CpuSeconds;
  /** HTTP requests the emulator answered during all the runs. */
  requests: number;
  /** (medianMs − the empty program's) / resources. */
  addedMsPerResource: number;
  /** The same for the CPU time of all three processes together. */
  addedCpuMsPerResource: number;
  met: boolean;
}

export interface LargeUp {
  pairs: number;
  runsSeconds: number[];
  medianSeconds: number;
  /** The median run's. */
  cpu: CpuSeconds;
  /** Requests of the median run, by route key. */
  requestsByRoute: Record<string, number>;
  requests: number;
  /** The most requests the emulator was handling at once in the median run. */
  peakConcurrentRequests: number;
}

export interface LargeStackResult {
  pairs: number;
  resources: number;
  latencyMs: number;
  runs: number;
  parallel: number | "unbounded";
  preview: {
    empty: { medianMs: number; cpu: CpuSeconds };
    fresh: LargePreview;
    afterUp: LargePreview;
    targetMsPerResource: number;
    met: boolean;
  };
  up: {
    one: LargeUp;
    all: LargeUp;
    /** all / one, wall time. */
    ratio: number;
    targetRatio: number;
    met: boolean;
    lookups: {
      /** Requests per pair spent looking for what an interrupted earlier run made. */
      requestsPerPair: number;
      /** Their share of the large up's requests. */
      shareOfRequests: number;
      /**
       * Their share of one pair's chain of requests, each waiting for the one before (file, then job): with the
       * emulator's latency on every route, about their share of the time one pair waits for the service.
       */
      shareOfChain: number;
      /** What they add to one pair's wait at the emulator's latency. */
      chainMs: number;
    };
  };
  loadAverage: { before: number; after: number };
}

export async function benchLargeStack(options: LargeStackOptions = {}): Promise<LargeStackResult> {
  const pairs = options.pairs ?? 100;
  const latencyMs = options.latencyMs ?? 50;
  const runs = options.runs ?? 5;
  const settings = { ...options, latencyMs };
  const before = os.loadavg()[0]!;
  const resources = pairs * 2;

  const preview = await withStack(pairs, settings, async (stack) => {
    const empty = await previewRuns(stack, 0, emptyState(), runs);
    const fresh = await previewRuns(stack, pairs, emptyState(), runs);
    const up = await upOnce(stack, pairs);
    const afterUp = await previewRuns(stack, pairs, up.state, runs);
    const added = (p: PreviewRuns): LargePreview => {
      const addedMsPerResource = (p.medianMs - empty.medianMs) / resources;
      return {
        ...p,
        addedMsPerResource,
        addedCpuMsPerResource: ((totalCpu(p.cpu) - totalCpu(empty.cpu)) * 1000) / resources,
        met: p.requests === 0 && addedMsPerResource <= TARGET_PREVIEW_MS_PER_RESOURCE,
      };
    };
    return {
      empty: { medianMs: empty.medianMs, cpu: empty.cpu },
      fresh: added(fresh),
      afterUp: added(afterUp),
    };
  });

  const one = await upRuns(1, settings, runs);
  const all = await upRuns(pairs, settings, runs);
  const ratio = all.medianSeconds / one.medianSeconds;
  const lookupsPerPair = Object.values(LOOKUPS_PER_PAIR).reduce((a, b) => a + b, 0);
  const lookupRequests = Object.entries(LOOKUPS_PER_PAIR).reduce(
    (n, [route, perPair]) => n + Math.min(all.requestsByRoute[route] ?? 0, perPair * pairs),
    0,
  );

  return {
    pairs,
    resources,
    latencyMs,
    runs,
    parallel: options.parallel ?? "unbounded",
    preview: {
      ...preview,
      targetMsPerResource: TARGET_PREVIEW_MS_PER_RESOURCE,
      met: preview.fresh.met && preview.afterUp.met,
    },
    up: {
      one,
      all,
      ratio,
      targetRatio: TARGET_UP_RATIO,
      met: ratio <= TARGET_UP_RATIO,
      lookups: {
        requestsPerPair: lookupRequests / pairs,
        shareOfRequests: lookupRequests / all.requests,
        shareOfChain: lookupsPerPair / one.requests,
        chainMs: lookupsPerPair * latencyMs,
      },
    },
    loadAverage: { before, after: os.loadavg()[0]! },
  };
}

export function totalCpu(cpu: CpuSeconds): number {
  return cpu.program + cpu.host + cpu.harness;
}

async function withStack<T>(
  pairs: number,
  options: LargeStackOptions & { latencyMs: number },
  use: (stack: EmulatorStack) => Promise<T>,
): Promise<T> {
  const stack = await startEmulatorStack({
    programDir: path.join(FIXTURE_PROGRAMS, LARGE_STACK_PROGRAM),
    project: "bench",
    emulator: {
      processingMs: 0,
      routeLatencyMs: { "*": options.latencyMs },
      // By default the emulator allows 3 unfinished jobs, as a new Azure resource's quota does.
      maxActiveJobs: pairs + 1,
    },
    hostEnv: options.hostEnv,
    parallel: options.parallel,
  });
  try {
    return await use(stack);
  } finally {
    await stack.close();
  }
}

const programEnv = (pairs: number) => ({ PAIRS: String(pairs) });

/** Runs `operation` and measures its wall time and the CPU time each process spent on it. */
async function measured(
  stack: EmulatorStack,
  operation: () => Promise<OperationResult>,
): Promise<Measured & { value: OperationResult }> {
  const hostBefore = processCpuSeconds(stack.host.pid) ?? 0;
  const ownBefore = process.cpuUsage();
  const { seconds, value } = await timed(operation);
  const own = process.cpuUsage(ownBefore);
  const cpu = {
    program: value.programCpuSeconds ?? 0,
    host: (processCpuSeconds(stack.host.pid) ?? 0) - hostBefore,
    harness: (own.user + own.system) / 1e6,
  };
  return { seconds, cpu, value };
}

type PreviewRuns = Omit<LargePreview, "addedMsPerResource" | "addedCpuMsPerResource" | "met">;

async function previewRuns(
  stack: EmulatorStack,
  pairs: number,
  state: StackState,
  runs: number,
): Promise<PreviewRuns> {
  const before = stack.emulator.requests.length;
  const all: Measured[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await measured(stack, () => stack.engine.preview(state, programEnv(pairs)));
    if (run.value.errors.length > 0)
      throw new Error(`preview of ${pairs} pair(s) failed: ${run.value.errors.join("; ")}`);
    const dynamic = run.value.steps.filter((s) => s.type.startsWith("pulumi-nodejs:dynamic"));
    if (dynamic.length !== pairs * 2)
      throw new Error(`preview went through ${dynamic.length} resources, expected ${pairs * 2}`);
    all.push(run);
  }
  const runsMs = all.map((r) => r.seconds * 1000);
  return {
    runsMs,
    medianMs: median(runsMs),
    cpu: {
      program: median(all.map((r) => r.cpu.program)),
      host: median(all.map((r) => r.cpu.host)),
      harness: median(all.map((r) => r.cpu.harness)),
    },
    requests: stack.emulator.requests.length - before,
  };
}

async function upOnce(stack: EmulatorStack, pairs: number): Promise<OperationResult> {
  const up = await stack.engine.up(emptyState(), programEnv(pairs));
  if (up.errors.length > 0)
    throw new Error(`up of ${pairs} pair(s) failed: ${up.errors.join("; ")}`);
  if (up.state.resources.length !== pairs * 2)
    throw new Error(`up of ${pairs} pair(s) made ${up.state.resources.length} resources`);
  return up;
}

/** Each run on a fresh emulator and host, previewed once first (as `pulumi up` previews before it updates). */
async function upRuns(
  pairs: number,
  settings: LargeStackOptions & { latencyMs: number },
  runs: number,
): Promise<LargeUp> {
  const all: (Measured & { requests: readonly RequestRecord[]; peak: number })[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await withStack(pairs, settings, async (stack) => {
      await stack.engine.preview(emptyState(), programEnv(pairs));
      const start = stack.emulator.requests.length;
      const concurrency = watchConcurrency(stack);
      const { seconds, cpu } = await measured(stack, () => upOnce(stack, pairs));
      return { seconds, cpu, requests: stack.emulator.requests.slice(start), peak: concurrency() };
    });
    all.push(run);
  }
  const runsSeconds = all.map((r) => r.seconds);
  const medianSeconds = median(runsSeconds);
  // With an even number of runs the median is no run's: take the run nearest to it.
  const middle = all.reduce((a, b) =>
    Math.abs(b.seconds - medianSeconds) < Math.abs(a.seconds - medianSeconds) ? b : a,
  );
  const requestsByRoute: Record<string, number> = {};
  for (const r of middle.requests) requestsByRoute[r.route] = (requestsByRoute[r.route] ?? 0) + 1;
  return {
    pairs,
    runsSeconds,
    medianSeconds,
    cpu: middle.cpu,
    requestsByRoute,
    requests: middle.requests.length,
    peakConcurrentRequests: middle.peak,
  };
}

/**
 * Counts the requests the emulator has begun (its interceptor sees each before the operation runs) less those it
 * has answered (its request log); returns a function that gives the most seen at once so far.
 */
function watchConcurrency(stack: EmulatorStack): () => number {
  const answeredBefore = stack.emulator.requests.length;
  let begun = 0;
  let peak = 0;
  stack.emulator.faults.interceptor = (_route, point) => {
    if (point === "before") {
      begun++;
      peak = Math.max(peak, begun - (stack.emulator.requests.length - answeredBefore));
    }
    return undefined;
  };
  return () => peak;
}

/**
 * `node dist/bench/largeStack.js`: this benchmark alone, its rows on stderr and its result as JSON on stdout
 * (BENCH_LARGE_PAIRS, BENCH_LARGE_RUNS, BENCH_LARGE_LATENCY_MS, BENCH_LARGE_PARALLEL as in `npm run bench`).
 */
if (require.main === module) {
  benchLargeStack(largeStackOptionsFromEnv()).then(
    (result) => {
      for (const [name, value, note] of largeStackRows(result))
        console.error(`${name}  ${value}  ${note}`);
      console.log(JSON.stringify(result, null, 2));
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

export function largeStackOptionsFromEnv(env = process.env): LargeStackOptions {
  const number = (name: string) => (env[name] ? Number(env[name]) : undefined);
  return {
    pairs: number("BENCH_LARGE_PAIRS"),
    runs: number("BENCH_LARGE_RUNS"),
    latencyMs: number("BENCH_LARGE_LATENCY_MS"),
    parallel: number("BENCH_LARGE_PARALLEL"),
  };
}

/** The rows `npm run bench` prints and writes to bench/results.md. */
export function largeStackRows(r: LargeStackResult): [string, string, string][] {
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const seconds = (value: number) => `${value.toFixed(2)} s`;
  const mark = (ok: boolean) => (ok ? "met" : "NOT met");
  const cpu = (c: CpuSeconds) =>
    `CPU ${seconds(totalCpu(c))}: program ${seconds(c.program)}, host ${seconds(c.host)}, ` +
    `harness + emulator ${seconds(c.harness)}`;
  const what = `${r.pairs} TrainingFile + ${r.pairs} FineTuneJob`;
  const previewRow = (label: string, p: LargePreview): [string, string, string] => [
    `  ${label}: added per resource (target ≤ ${r.preview.targetMsPerResource} ms, 0 requests)`,
    ms(p.addedMsPerResource),
    `${mark(p.met)}: ${ms(p.medianMs)} in all, ${p.requests} requests; ` +
      `CPU +${p.addedCpuMsPerResource.toFixed(1)} ms per resource (${cpu(p.cpu)})`,
  ];
  const pairsOf = (n: number) => `${n} pair${n === 1 ? "" : "s"}`;
  const upRow = (u: LargeUp, note: string): [string, string, string] => [
    `  up of ${pairsOf(u.pairs)} from an empty state`,
    seconds(u.medianSeconds),
    `${note}${u.requests} requests, at most ${u.peakConcurrentRequests} at the emulator at once; ${cpu(u.cpu)}`,
  ];
  const parallel = r.parallel === "unbounded" ? "unbounded, as the CLI's default" : r.parallel;
  return [
    [
      `large stack (${what}, ${r.latencyMs} ms per request): preview of the program with no pairs (median of ${r.runs})`,
      ms(r.preview.empty.medianMs),
      `baseline; ${cpu(r.preview.empty.cpu)}`,
    ],
    previewRow("preview, fresh (Check)", r.preview.fresh),
    previewRow("preview after an up (Check + Diff)", r.preview.afterUp),
    upRow(r.up.one, "baseline; "),
    upRow(r.up.all, `parallel ${parallel}; `),
    [
      `  up of ${pairsOf(r.pairs)} / up of one (target ≤ ${r.up.targetRatio}×)`,
      `${r.up.ratio.toFixed(2)}×`,
      mark(r.up.met),
    ],
    [
      "  look-ups for what an interrupted earlier run made (files list; training file + jobs list)",
      `${r.up.lookups.requestsPerPair.toFixed(0)} req / pair`,
      `${(r.up.lookups.shareOfRequests * 100).toFixed(0)}% of the requests; ` +
        `${(r.up.lookups.shareOfChain * 100).toFixed(0)}% of one pair's requests in a row ` +
        `(${ms(r.up.lookups.chainMs)} of its wait)`,
    ],
    [
      "  load average (1 min) before, after",
      `${r.loadAverage.before.toFixed(1)}, ${r.loadAverage.after.toFixed(1)}`,
      `${os.cpus().length} CPUs`,
    ],
  ];
}
