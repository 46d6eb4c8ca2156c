/**
 * Runs that are killed: the provider host is SIGKILLed at a chosen moment of `up` or `destroy` (when the emulator
 * has received the N-th request of a route, before it runs or after it ran but before its answer goes out, or
 * after a delay), as when a CI runner is cancelled. The state is what the engine would have saved: creates that
 * answered are in it, the one in flight is a pending create and is dropped (what the next `up` and
 * `pulumi refresh --clear-pending-creates` both come to). A fresh host then runs `up` again (after a killed `up`)
 * and `destroy`, and the emulator is searched for duplicates and orphans.
 */
import {
  type Emulator,
  type EmulatorOptions,
  type InterceptPoint,
  startEmulator,
} from "../emulator";
import { emulatorConfig, ISOLATED_HOST_ENV } from "./emulatorStack";
import { exampleProgramConfig, INSTANT_QIANFAN_TIMINGS } from "./examples";
import { emptyState, Engine, type OperationResult } from "./engine";
import {
  countByKind,
  describeObject,
  isOfflineService,
  type RemoteKind,
  type RemoteObject,
  remoteObjects,
} from "./inventory";
import { ProviderHost } from "./providerHost";
import { seededRandom } from "./seededRandom";

export type Phase = "up" | "destroy";

/**
 * After a killed `up`, what runs next: `up` again and then `destroy` (the default), or `destroy` at once, as a CI
 * job's "always destroy" step does.
 */
export type FollowUp = "up" | "destroy";

/** Kill when the emulator has received the `ordinal`-th request (from 1) of `route` in `phase`. */
export interface RouteKill {
  phase: Phase;
  route: string;
  ordinal: number;
  when: InterceptPoint;
  then?: FollowUp;
}

/** Kill `afterMs` after the phase started. */
export interface TimedKill {
  phase: Phase;
  afterMs: number;
  then?: FollowUp;
}

export type KillPoint = RouteKill | TimedKill;

export interface CrashProgram {
  programDir: string;
  project: string;
  /** The program's stack config, full keys ("project:key"). */
  config?: Record<string, string>;
  /** Emulator options of this program's runs, over the sweep's. */
  emulator?: EmulatorOptions;
  /** The most remote objects of each kind the program declares: more is a duplicate. */
  declared: Partial<Record<RemoteKind, number>>;
}

export interface CrashOutcome {
  point: string;
  /** False when the run ended before the kill point was reached. */
  killed: boolean;
  /** Kinds with more objects than declared, after the run that follows the killed one. */
  duplicates: string[];
  /** Errors of the runs after the kill (`up` again, `destroy`): there must be none. */
  errors: string[];
  /** What is left after the final destroy, pending uploads aside. */
  orphans: string[];
  /**
   * With `then: "destroy"`: what the killed create made and no state names, which a destroy cannot know of (the next
   * `up` would have taken it over). Reported apart from orphans; the README says what finds it afterwards.
   */
  untracked: string[];
  /** Uploads left pending: they hold no file, and expire by themselves. */
  pendingUploads: number;
  /**
   * Qianfan services the final destroy took offline: Baidu has no API to delete one, so they stay listed (Stopped).
   * More than the program declares is a service made twice.
   */
  offlineServices: number;
  /** Progress lines in which the provider took over what the killed run made. */
  takeOvers: string[];
  /**
   * With `then: "destroy"`: destroys refused because an object the killed run made and no state names carries this
   * stack's marker and blocks a delete (a service deploying the model, which the model's delete may not take
   * offline). The refusal names the way out, `pulumi up` (which takes the object over) then `pulumi destroy`, and
   * the sweep runs it: what is left after it is an orphan.
   */
  refusedDestroys: string[];
}

/** A destroy refused by an object of this stack that no state names: the error says to run `pulumi up` first. */
export const isRefusedByStackObject = (error: string): boolean =>
  /carr(ies|y) this stack's marker/.test(error);

/** One request the emulator received during a phase, in order: what a kill point can name. */
export interface ObservedRequest {
  phase: Phase;
  route: string;
  ordinal: number;
}

const KIND_ORDER: readonly RemoteKind[] = [
  "training file",
  "fine-tuning job",
  "Qianfan dataset",
  "Qianfan job",
  "Qianfan task",
  "Qianfan model set",
  "Qianfan model",
  "Qianfan service",
];

/** Left after a complete destroy by design: an upload left pending expires, a service taken offline stays listed. */
const LEFT_BY_DESIGN: readonly RemoteKind[] = ["pending upload", "offline Qianfan service"];

export function describeKillPoint(point: KillPoint): string {
  const at =
    "route" in point
      ? `${point.phase}: ${point.when} ${point.route} #${point.ordinal}`
      : `${point.phase}: after ${point.afterMs} ms`;
  return point.then === "destroy" ? `${at}, then destroy at once` : at;
}

/** A run without kills, recording every request of each phase and how long each phase took. */
export async function observeRequests(
  program: CrashProgram,
  emulatorOptions: EmulatorOptions,
): Promise<{ requests: ObservedRequest[]; phaseMs: Record<Phase, number> }> {
  const emulator = await startEmulator({ ...emulatorOptions, ...program.emulator });
  const requests: ObservedRequest[] = [];
  const counts = new Map<string, number>();
  let phase: Phase = "up";
  emulator.faults.interceptor = (route, point) => {
    if (point !== "before") return undefined;
    const key = `${phase} ${route}`;
    const ordinal = (counts.get(key) ?? 0) + 1;
    counts.set(key, ordinal);
    requests.push({ phase, route, ordinal });
    return undefined;
  };
  const host = await startHost(program, emulator);
  try {
    const engine = engineFor(program, host);
    let started = performance.now();
    const up = await engine.up(emptyState());
    const upMs = performance.now() - started;
    if (up.errors.length > 0)
      throw new Error(`the run without kills failed: ${up.errors.join("; ")}`);
    phase = "destroy";
    started = performance.now();
    const destroyed = await engine.destroy(up.state);
    const destroyMs = performance.now() - started;
    if (destroyed.errors.length > 0)
      throw new Error(`the destroy without kills failed: ${destroyed.errors.join("; ")}`);
    return { requests, phaseMs: { up: upMs, destroy: destroyMs } };
  } finally {
    await host.stop();
    await emulator.close();
  }
}

/**
 * Kill points for every request that changes something (each create and delete), before it runs and after it ran,
 * and for the first read of each route (a kill while something is waited for). Each kill after a request of `up`
 * ran that `destroyAtOnce` accepts is tried once more with `destroy` straight after it.
 */
export function killPointsOf(
  requests: readonly ObservedRequest[],
  destroyAtOnce: (route: string) => boolean = () => false,
): RouteKill[] {
  const points: RouteKill[] = [];
  for (const request of requests) {
    const changes = !isRead(request.route);
    if (!changes && request.ordinal > 1) continue;
    const whens: InterceptPoint[] = changes ? ["before", "after"] : ["after"];
    for (const when of whens) points.push({ ...request, when });
    if (changes && request.phase === "up" && destroyAtOnce(request.route))
      points.push({ ...request, when: "after", then: "destroy" });
  }
  return points;
}

/**
 * A deterministic share of the kill points, for a sweep that must stay short: every point `keep` accepts, and every
 * `every`-th of the rest, in the order of the requests.
 */
export function sampleKillPoints(
  points: readonly RouteKill[],
  every: number,
  keep: (point: RouteKill) => boolean,
): RouteKill[] {
  let rest = 0;
  return points.filter((point) => keep(point) || rest++ % every === 0);
}

/** Reads change nothing: Azure's GETs, and Qianfan's Describe actions (every Qianfan action is a POST). */
export function isRead(route: string): boolean {
  return route.startsWith("GET ") || /Action=Describe/.test(route);
}

/** `count` timed kill points spread over the phases by a seeded generator: the same seed, the same points. */
export function randomKillPoints(
  seed: number,
  count: number,
  phaseMs: Record<Phase, number>,
): TimedKill[] {
  const next = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const phase: Phase = next() < 0.6 ? "up" : "destroy";
    // Within the first four fifths: a later moment may fall after the phase has ended in a slower run.
    return { phase, afterMs: Math.round(next() * phaseMs[phase] * 0.8) };
  });
}

export async function runCrashScenario(
  program: CrashProgram,
  point: KillPoint,
  emulatorOptions: EmulatorOptions,
): Promise<CrashOutcome> {
  const emulator = await startEmulator({ ...emulatorOptions, ...program.emulator });
  const errors: string[] = [];
  const hosts: ProviderHost[] = [];
  const started = async () => {
    const host = await startHost(program, emulator);
    hosts.push(host);
    return host;
  };
  try {
    // The host of the runs after the kill starts meanwhile: it is a process of its own, as under the real engine.
    const survivorStarted = started();
    const victim = await started();
    const engine = engineFor(program, victim);
    let state = emptyState();
    if (point.phase === "destroy") {
      const up = await engine.up(state);
      if (up.errors.length > 0)
        throw new Error(`the up before the kill failed: ${up.errors.join("; ")}`);
      state = up.state;
    }
    const killed = armKill(emulator, victim, point);
    const interrupted: OperationResult =
      point.phase === "up" ? await engine.up(state) : await engine.destroy(state);
    const wasKilled = killed.settle();
    await victim.kill();
    emulator.faults.interceptor = undefined;
    state = interrupted.state;

    const survivor = await survivorStarted;
    const next = engineFor(program, survivor);
    let duplicates: string[] = [];
    if (point.phase === "up" && point.then !== "destroy") {
      const again = await next.up(state);
      errors.push(...again.errors.map((e) => `up after the kill: ${e}`));
      duplicates = duplicatesOf(remoteObjects(emulator), program.declared);
      state = again.state;
    }
    const destroyAtOnce = point.phase === "up" && point.then === "destroy";
    const destroyed = await next.destroy(state);
    const refusedDestroys = destroyAtOnce ? destroyed.errors.filter(isRefusedByStackObject) : [];
    errors.push(
      ...destroyed.errors
        .filter((e) => !refusedDestroys.includes(e))
        .map((e) => `destroy after the kill: ${e}`),
    );
    if (refusedDestroys.length > 0) {
      // The way out the refusal names: `pulumi up`, which takes the object over, then `pulumi destroy`.
      const again = await next.up(destroyed.state);
      errors.push(...again.errors.map((e) => `up after the refused destroy: ${e}`));
      const finished = await next.destroy(again.state);
      errors.push(...finished.errors.map((e) => `destroy after that up: ${e}`));
    }
    // After a destroy at once, what the killed create made and no state names is left untracked, unless the refusal's
    // up took it over.
    const untracked = destroyAtOnce && refusedDestroys.length === 0;
    const left = remoteObjects(emulator);
    const leftObjects = left.filter((o) => !LEFT_BY_DESIGN.includes(o.kind)).map(describeObject);
    const offline = left.filter(isOfflineService);
    const declaredServices = program.declared["Qianfan service"] ?? 0;
    return {
      point: describeKillPoint(point),
      killed: wasKilled,
      errors,
      orphans: untracked ? [] : leftObjects,
      // A service made twice stays behind offline, where no destroy can remove it: counted as a duplicate.
      duplicates: [
        ...duplicates,
        ...(offline.length > declaredServices
          ? [
              `${offline.length} offline Qianfan services (declared ${declaredServices}): ${offline.map(describeObject).join(", ")}`,
            ]
          : []),
      ],
      untracked: untracked ? leftObjects : [],
      pendingUploads: left.filter((o) => o.kind === "pending upload").length,
      offlineServices: offline.length,
      takeOvers: survivor.logs.filter((line) => line.includes("taking over")),
      refusedDestroys,
    };
  } finally {
    for (const host of hosts) await host.stop();
    await emulator.close();
  }
}

/** Kinds with more objects than declared; a service counts whether it serves or was taken offline. */
export function duplicatesOf(
  objects: readonly RemoteObject[],
  declared: Partial<Record<RemoteKind, number>>,
): string[] {
  const counted = objects.map((o) =>
    isOfflineService(o) ? { ...o, kind: "Qianfan service" as const } : o,
  );
  const counts = countByKind(counted);
  return KIND_ORDER.filter((kind) => (counts[kind] ?? 0) > (declared[kind] ?? 0)).map(
    (kind) =>
      `${counts[kind]} ${kind}s (declared ${declared[kind] ?? 0}): ` +
      counted
        .filter((o) => o.kind === kind)
        .map(describeObject)
        .join(", "),
  );
}

/** Arms the kill; `settle` disarms it and says whether it fired. */
function armKill(
  emulator: Emulator,
  victim: ProviderHost,
  point: KillPoint,
): { settle(): boolean } {
  let fired = false;
  const kill = async () => {
    fired = true;
    await victim.kill();
  };
  if (!("route" in point)) {
    const timer = setTimeout(() => void kill(), point.afterMs);
    return {
      settle: () => {
        clearTimeout(timer);
        return fired;
      },
    };
  }
  let seen = 0;
  let target: object | undefined;
  emulator.faults.interceptor = async (route, when, request) => {
    if (fired || route !== point.route) return undefined;
    if (when === "before") {
      seen += 1;
      if (seen !== point.ordinal) return undefined;
      if (point.when === "before") {
        await kill();
        return "drop";
      }
      target = request;
      return undefined;
    }
    if (request === target) await kill();
    return undefined;
  };
  return {
    settle: () => {
      emulator.faults.interceptor = undefined;
      return fired;
    },
  };
}

function startHost(program: CrashProgram, emulator: Emulator): Promise<ProviderHost> {
  return ProviderHost.start({
    cwd: program.programDir,
    project: program.project,
    stack: "dev",
    config: emulatorConfig(emulator),
    env: ISOLATED_HOST_ENV,
  });
}

function engineFor(program: CrashProgram, host: ProviderHost): Engine {
  return new Engine({
    programDir: program.programDir,
    project: program.project,
    stack: "dev",
    host,
    config: program.config,
  });
}

/**
 * The programs the crash sweep kills, with what each declares: the quick start, the Qianfan example (dataset to
 * service), and a Qianfan task still running when it is destroyed (the example waits for its task, so only this
 * one stops a task).
 */
export function crashPrograms(repositoryRoot: string): CrashProgram[] {
  return [
    ...examplePrograms(repositoryRoot),
    {
      programDir: `${repositoryRoot}/test/fixtures/programs/qianfan`,
      project: "finetune-qianfan-running-task",
      declared: { "Qianfan job": 1, "Qianfan task": 1 },
    },
  ];
}

/** The examples the crash sweep kills, with what each declares. */
export function examplePrograms(repositoryRoot: string): CrashProgram[] {
  return [
    {
      programDir: `${repositoryRoot}/examples/quickstart`,
      project: "finetune-quickstart",
      declared: { "training file": 2, "fine-tuning job": 1 },
    },
    {
      programDir: `${repositoryRoot}/examples/qianfan`,
      project: "finetune-qianfan",
      config: exampleProgramConfig("qianfan", "finetune-qianfan"),
      emulator: INSTANT_QIANFAN_TIMINGS,
      declared: {
        "Qianfan dataset": 1,
        "Qianfan job": 1,
        "Qianfan task": 1,
        "Qianfan model set": 1,
        "Qianfan model": 1,
        "Qianfan service": 1,
      },
    },
  ];
}

export interface SweepOptions {
  programs: readonly CrashProgram[];
  /**
   * The routes of `up` after which a kill is also followed by `destroy` at once (see FollowUp); every route that
   * changes something when not given.
   */
  destroyAtOnceAfter?: readonly string[];
  /** Timed kill points per program, from `seed`. */
  randomPoints: number;
  /** Run a deterministic share of the request kill points only (see sampleKillPoints); all of them when not given. */
  sample?: { every: number; keep(point: RouteKill, program: CrashProgram): boolean };
  seed: number;
  /** Scenarios run at once, each against its own emulator. */
  concurrency: number;
  emulator: EmulatorOptions;
  onOutcome?(outcome: CrashOutcome, program: CrashProgram): void;
}

export interface SweepResult {
  outcomes: { program: string; outcome: CrashOutcome }[];
  /** Kill points per program: those named by a request (run, and before sampling), and the timed ones. */
  points: { program: string; routePoints: number; allRoutePoints: number; timedPoints: number }[];
}

export async function crashSweep(options: SweepOptions): Promise<SweepResult> {
  const jobs: { program: CrashProgram; point: KillPoint }[] = [];
  const points: SweepResult["points"] = [];
  for (const [index, program] of options.programs.entries()) {
    const observed = await observeRequests(program, options.emulator);
    const after = options.destroyAtOnceAfter;
    const allPoints = killPointsOf(observed.requests, (route) => !after || after.includes(route));
    const sample = options.sample;
    const routePoints = sample
      ? sampleKillPoints(allPoints, sample.every, (point) => sample.keep(point, program))
      : allPoints;
    const timed = randomKillPoints(options.seed + index, options.randomPoints, observed.phaseMs);
    points.push({
      program: program.project,
      routePoints: routePoints.length,
      allRoutePoints: allPoints.length,
      timedPoints: timed.length,
    });
    for (const point of [...routePoints, ...timed]) jobs.push({ program, point });
  }
  const outcomes: SweepResult["outcomes"] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const { program, point } = jobs[next++]!;
      const outcome = await runCrashScenario(program, point, options.emulator);
      outcomes.push({ program: program.project, outcome });
      options.onOutcome?.(outcome, program);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  return { outcomes, points };
}

/** The figures a sweep is judged by. */
export function sweepFigures(result: SweepResult): {
  scenarios: number;
  killed: number;
  duplicates: number;
  orphans: number;
  errors: number;
  pendingUploads: number;
  offlineServices: number;
  untracked: number;
  takeOvers: number;
  refusedDestroys: number;
} {
  const all = result.outcomes.map((o) => o.outcome);
  const sum = (f: (o: CrashOutcome) => number) => all.reduce((total, o) => total + f(o), 0);
  return {
    scenarios: all.length,
    killed: all.filter((o) => o.killed).length,
    duplicates: sum((o) => o.duplicates.length),
    orphans: sum((o) => o.orphans.length),
    errors: sum((o) => o.errors.length),
    pendingUploads: sum((o) => o.pendingUploads),
    offlineServices: sum((o) => o.offlineServices),
    untracked: sum((o) => o.untracked.length),
    takeOvers: sum((o) => o.takeOvers.length),
    refusedDestroys: sum((o) => o.refusedDestroys.length),
  };
}
