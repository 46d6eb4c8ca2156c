/**
 * Preview of a program with one Upload of a large chat JSONL file (1 GiB; BENCH_PREVIEW_MB shrinks it), through the
 * engine harness and the SDK's provider host, with the check cache in a directory of its own:
 *   cold      — the cache emptied before the preview: Check reads, validates and hashes the whole file;
 *   unchanged — the file as the previous preview left it: Check answers from the cache without reading it;
 *   touched   — one byte changed in place before the preview, the size kept and the mtime set back with utimes,
 *               previewed once the doubt window has passed (so the fingerprint, not the window, tells the change):
 *               Check reads again, and the preview must show the Upload replaced.
 * Each is set against the preview of a program with no resources that does not import the package (the harness
 * starts a process per preview), against the same program with a one-line file (what declaring an Upload costs,
 * whatever its size), and against a program with one dynamic resource whose provider does nothing, given as text
 * (the floor of any dynamic resource: the SDK's registration, the Check and Diff calls to the provider host). One more
 * program declares that resource as inline dynamic providers are, serialized by the SDK's closure serializer: what
 * the serializer costs, which the package's resources do not pay (core/serializedHooks.ts).
 * The previews run against a state in which the Upload exists with the inputs of the latest check of its content,
 * so each goes through Check and then Diff, as after an `up` (no upload of the file is made: the create is not
 * measured).
 *
 * The cases are measured in rounds, one of each per round, and a figure is the median over the rounds of its
 * difference from the baseline measured in the same round: on a machine others are using, load that comes and goes
 * then weighs on both sides of each difference alike.
 *
 * "Check" is the Check call as the engine makes it: from the request to the answer of the provider host, timed
 * around the harness's call (the check's own time, without the program's process). The floor is reading the same
 * file once through one reused 4 MiB buffer and hashing it, in this process: SHA-256 only (what check must compute),
 * and MD5 + SHA-256 (the upload benchmark's floor, against which the target is set). The file is in the page cache
 * for all of them. Each round also calls the check in this process, cache off, with its SHA-256 on a worker thread
 * and on the same thread, to show what the worker gains on the machine.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import {
  emptyState,
  emulatorConfig,
  ISOLATED_HOST_ENV,
  PropertyMap,
  ProviderHost,
  StackState,
  startEmulatorStack,
} from "../harness";
import type { EmulatorStack, ResourceState } from "../harness";
import { checkTrainingFile } from "../provider/azure-openai/trainingData";
import { DOUBT_WINDOW_MS } from "../provider/core/checkCache";
import { generateChatJsonl } from "./data";
import { hashFloor } from "./hashFloor";
import { EMPTY_PROGRAM } from "./fixturePrograms";
import { FIXTURE_PROGRAMS } from "./fixtureStack";
import { median, timed } from "./timing";

const MiB = 1024 * 1024;
const UPLOAD_TYPE = "pulumi-nodejs:dynamic/azure-openai:Upload";
const BARE_TYPE = "pulumi-nodejs:dynamic:Resource";
const CACHE_OFF = { PULUMI_FINETUNE_CHECK_CACHE: "off" };
export const TARGET_ADDED_UNCHANGED_MS = 50;
export const TARGET_CHECK_TO_FLOOR = 1.5;

export interface PreviewCase {
  /** Preview wall time, median of the rounds. */
  previewMs: number;
  /** Median of (this preview − the empty program's in the same round). */
  addedMs: number;
  /** Median of (this preview − the one-line file's in the same round): what the file's size adds. */
  addedOverOneLineMs: number;
  /** Median of (this preview − the do-nothing dynamic resource's in the same round): what the package adds. */
  addedOverBareMs: number;
  /** The Check call's own time, median. */
  checkMs: number;
  /** What each preview did to the Upload. */
  steps: string[];
}

export interface LargePreviewResult {
  fileBytes: number;
  runs: number;
  /** The cheap cases' previews per round: their figures are medians over runs × repeats. */
  repeats: number;
  floor: { sha256Ms: number; md5Sha256Ms: number };
  /**
   * The same check called in this process with the cache off, its SHA-256 computed on a worker thread (as Check
   * does for a file this large) and on the same thread: what the worker gains on this machine.
   */
  inProcess: { hashOnWorkerMs: number; hashHereMs: number };
  emptyPreviewMs: number;
  /** The same program, its Upload's file one line long: the fixed cost of declaring an Upload. */
  oneLinePreviewMs: number;
  /** A program with one dynamic resource whose provider does nothing, given as text: the floor of any. */
  barePreviewMs: number;
  /** The same resource with its provider serialized by the SDK's closure serializer, as an inline one is. */
  inlinePreviewMs: number;
  /** Medians of (bare − empty) and (inline − empty) in the same round. */
  bareAddedMs: number;
  inlineAddedMs: number;
  cold: PreviewCase & { checkToSha256Floor: number; checkToMd5Sha256Floor: number };
  unchanged: PreviewCase;
  touched: PreviewCase;
  /**
   * What the harness leaves out, since it keeps one provider host per stack: the CLI starts the SDK's provider host
   * (a Node process that loads @pulumi/pulumi) at every preview of a program with a dynamic resource. Its start to
   * the answer of the first Check, without Node's compile cache (as the CLI runs it), median of `runs`: for the
   * do-nothing provider, and for the Upload, whose first Check loads the package's provider (a cache hit).
   */
  hostStart: { bareMs: number; uploadMs: number };
  /** HTTP requests the emulator answered during every preview: none expected. */
  requests: number;
  targets: { addedUnchangedMs: number; checkToFloor: number };
  met: {
    /** Unchanged: at most 50 ms over the empty program. */
    unchanged: boolean;
    /** Unchanged: at most 50 ms over the one-line file (what the data's size adds). */
    unchangedOverOneLine: boolean;
    /** Unchanged: at most 50 ms over the do-nothing dynamic resource (what the package adds to the SDK's cost). */
    unchangedOverBare: boolean;
    cold: boolean;
    touched: boolean;
    requests: boolean;
  };
}

interface Preview {
  ms: number;
  steps: string[];
  checkMs: number;
}

/** The previews that read no large file, several times a round: each is a few hundred ms, and noisy. */
interface Baselines {
  empty: Preview;
  bare: Preview;
  inline: Preview;
  oneLine: Preview;
  unchanged: Preview;
}

interface Round extends Baselines {
  sha256Ms: number;
  md5Sha256Ms: number;
  hashOnWorkerMs: number;
  hashHereMs: number;
  /** The round's baselines after the first (whose fields are the round's own). */
  repeats: Baselines[];
  cold: Preview;
  touched: Preview;
}

/** How many times a round previews the programs that read no large file (BENCH_PREVIEW_REPEATS). */
export const BASELINE_REPEATS = 3;

export async function benchLargePreview(options: {
  dir: string;
  megabytes: number;
  runs: number;
  /** How many times a round previews the cheap cases (default BASELINE_REPEATS). */
  repeats?: number;
}): Promise<LargePreviewResult> {
  const repeats = options.repeats ?? BASELINE_REPEATS;
  const source = await generateChatJsonl(options.dir, options.megabytes * MiB);
  const oneLine = path.join(options.dir, "one-line.jsonl");
  await fs.writeFile(
    oneLine,
    JSON.stringify({
      messages: [
        { role: "user", content: "q" },
        { role: "assistant", content: "a" },
      ],
    }) + "\n",
  );
  const cacheDir = path.join(options.dir, "check-cache");
  const emptyStack = await startEmulatorStack({
    programDir: path.join(FIXTURE_PROGRAMS, EMPTY_PROGRAM.program),
    project: "bench",
    emulator: { processingMs: 0 },
  });
  const bareStack = await startEmulatorStack({
    programDir: path.join(FIXTURE_PROGRAMS, "bareDynamic"),
    project: "bench",
    emulator: { processingMs: 0 },
  });
  const inlineStack = await startEmulatorStack({
    programDir: path.join(FIXTURE_PROGRAMS, "inlineDynamic"),
    project: "bench",
    emulator: { processingMs: 0 },
  });
  const stack = await startEmulatorStack({
    programDir: path.join(FIXTURE_PROGRAMS, "upload"),
    project: "bench",
    emulator: { processingMs: 0 },
    hostEnv: { PULUMI_FINETUNE_CHECK_CACHE_DIR: cacheDir },
  });
  // The one-line file on a host and cache of its own: the cold case's emptied cache, and the large reads' garbage,
  // are not its.
  const oneLineStack = await startEmulatorStack({
    programDir: path.join(FIXTURE_PROGRAMS, "upload"),
    project: "bench",
    emulator: { processingMs: 0 },
    hostEnv: { PULUMI_FINETUNE_CHECK_CACHE_DIR: path.join(options.dir, "check-cache-one-line") },
  });
  try {
    const emptyEnv = await EMPTY_PROGRAM.env(emptyStack.emulator);
    const checks = timeChecks(stack);
    const oneLineChecks = timeChecks(oneLineStack);
    const argsOf = (file: string) => ({
      UPLOAD_ARGS: JSON.stringify({ source: file, partSizeMb: 64, concurrency: 1 }),
    });
    const requestCount = () =>
      stack.emulator.requests.length +
      oneLineStack.emulator.requests.length +
      emptyStack.emulator.requests.length;
    const requestsBefore = requestCount();
    const bareUp = await bareStack.engine.up(emptyState());
    if (bareUp.errors.length > 0)
      throw new Error(`up of the bare program: ${bareUp.errors.join("; ")}`);
    const inlineUp = await inlineStack.engine.up(emptyState());
    if (inlineUp.errors.length > 0)
      throw new Error(`up of the inline program: ${inlineUp.errors.join("; ")}`);
    const stateFor = async (
      on: EmulatorStack,
      timings: CheckTimes,
      args: Record<string, string>,
    ) => {
      const first = await preview(on, timings, emptyState(), args);
      if (first.steps.join() !== "create") throw new Error(`first preview: ${first.steps.join()}`);
      return existing(on, timings.last());
    };
    // A check of a file changed in the last seconds is never kept: wait until it would be.
    await beyondDoubt(oneLine);
    await beyondDoubt(source);
    await clear(cacheDir);
    const oneLineArgs = argsOf(oneLine);
    const oneLineState = await stateFor(oneLineStack, oneLineChecks, oneLineArgs);
    const args = argsOf(source);
    let state = await stateFor(stack, checks, args);
    const toucher = await byteToucher(source);

    const rounds: Round[] = [];
    for (let i = 0; i < options.runs; i++) {
      const sha256Ms = (await timed(() => hashFloor(source, "sha256"))).seconds * 1000;
      const md5Sha256Ms = (await timed(() => hashFloor(source, "md5+sha256"))).seconds * 1000;
      const inProcess = (hashOnWorkerFromBytes: number) =>
        timed(() => checkTrainingFile(source, {}, { env: CACHE_OFF, hashOnWorkerFromBytes }));
      const hashOnWorkerMs = (await inProcess(0)).seconds * 1000;
      const hashHereMs = (await inProcess(Infinity)).seconds * 1000;
      const baselines: Baselines[] = [];
      for (let j = 0; j < repeats; j++) {
        const empty = await preview(emptyStack, undefined, emptyState(), emptyEnv);
        const bare = await preview(bareStack, undefined, bareUp.state, {}, BARE_TYPE);
        if (bare.steps.join() !== "same") throw new Error(`bare program: ${bare.steps.join()}`);
        const unchanged = await preview(stack, checks, state, args);
        const oneLinePreview = await preview(
          oneLineStack,
          oneLineChecks,
          oneLineState,
          oneLineArgs,
        );
        const inline = await preview(inlineStack, undefined, inlineUp.state, {}, BARE_TYPE);
        if (inline.steps.join() !== "same")
          throw new Error(`inline program: ${inline.steps.join()}`);
        baselines.push({ empty, bare, inline, oneLine: oneLinePreview, unchanged });
      }
      await clear(cacheDir);
      const cold = await preview(stack, checks, state, args);
      await toucher.touch();
      await beyondDoubt(source);
      const touched = await preview(stack, checks, state, args);
      // The next round's state: the Upload as it would be after an up of the touched file.
      state = existing(stack, checks.last());
      rounds.push({
        sha256Ms,
        md5Sha256Ms,
        hashOnWorkerMs,
        hashHereMs,
        ...baselines[0]!,
        repeats: baselines.slice(1),
        cold,
        touched,
      });
    }

    const hostStartOf = async (on: EmulatorStack, programDir: string, resource: ResourceState) => {
      const times: number[] = [];
      for (let i = 0; i < options.runs; i++) {
        const { seconds } = await timed(async () => {
          const host = await ProviderHost.start({
            cwd: programDir,
            project: "bench",
            stack: "dev",
            config: emulatorConfig(on.emulator),
            env: {
              ...ISOLATED_HOST_ENV,
              PULUMI_FINETUNE_CHECK_CACHE_DIR: cacheDir,
              NODE_COMPILE_CACHE: undefined,
            },
          });
          try {
            await host.check(resource.urn, resource.inputs, resource.inputs);
          } finally {
            await host.stop();
          }
        });
        times.push(seconds * 1000);
      }
      return median(times);
    };
    const hostStart = {
      bareMs: await hostStartOf(
        bareStack,
        path.join(FIXTURE_PROGRAMS, "bareDynamic"),
        bareUp.state.resources[0]!,
      ),
      uploadMs: await hostStartOf(
        stack,
        path.join(FIXTURE_PROGRAMS, "upload"),
        state.resources[0]!,
      ),
    };
    const requests = requestCount() - requestsBefore;
    const of = (pick: (r: Round) => number) => median(rounds.map(pick));
    // The cheap cases over every repeat; the cold and touched previews against their round's first baselines.
    const allBaselines = rounds.flatMap((r): Baselines[] => [r, ...r.repeats]);
    const ofBaselines = (pick: (b: Baselines) => number) => median(allBaselines.map(pick));
    const summary = <T extends Baselines>(over: T[], pick: (b: T) => Preview): PreviewCase => ({
      previewMs: median(over.map((b) => pick(b).ms)),
      addedMs: median(over.map((b) => pick(b).ms - b.empty.ms)),
      addedOverOneLineMs: median(over.map((b) => pick(b).ms - b.oneLine.ms)),
      addedOverBareMs: median(over.map((b) => pick(b).ms - b.bare.ms)),
      checkMs: median(over.map((b) => pick(b).checkMs)),
      steps: over.flatMap((b) => pick(b).steps),
    });
    const cold = summary(rounds, (r) => r.cold);
    const unchanged = summary(allBaselines, (b) => b.unchanged);
    const touched = summary(rounds, (r) => r.touched);
    const checkToSha256Floor = of((r) => r.cold.checkMs / r.sha256Ms);
    const checkToMd5Sha256Floor = of((r) => r.cold.checkMs / r.md5Sha256Ms);
    const same = (c: PreviewCase) => c.steps.every((s) => s === "same");
    return {
      fileBytes: (await fs.stat(source)).size,
      runs: options.runs,
      repeats,
      floor: { sha256Ms: of((r) => r.sha256Ms), md5Sha256Ms: of((r) => r.md5Sha256Ms) },
      inProcess: {
        hashOnWorkerMs: of((r) => r.hashOnWorkerMs),
        hashHereMs: of((r) => r.hashHereMs),
      },
      emptyPreviewMs: ofBaselines((b) => b.empty.ms),
      oneLinePreviewMs: ofBaselines((b) => b.oneLine.ms),
      barePreviewMs: ofBaselines((b) => b.bare.ms),
      inlinePreviewMs: ofBaselines((b) => b.inline.ms),
      bareAddedMs: ofBaselines((b) => b.bare.ms - b.empty.ms),
      inlineAddedMs: ofBaselines((b) => b.inline.ms - b.empty.ms),
      cold: { ...cold, checkToSha256Floor, checkToMd5Sha256Floor },
      unchanged,
      touched,
      hostStart,
      requests,
      targets: { addedUnchangedMs: TARGET_ADDED_UNCHANGED_MS, checkToFloor: TARGET_CHECK_TO_FLOOR },
      met: {
        unchanged: unchanged.addedMs <= TARGET_ADDED_UNCHANGED_MS && same(unchanged),
        unchangedOverOneLine:
          unchanged.addedOverOneLineMs <= TARGET_ADDED_UNCHANGED_MS && same(unchanged),
        unchangedOverBare:
          unchanged.addedOverBareMs <= TARGET_ADDED_UNCHANGED_MS && same(unchanged),
        cold: checkToMd5Sha256Floor <= TARGET_CHECK_TO_FLOOR && same(cold),
        touched: touched.steps.every((s) => s === "replace contentSha256"),
        requests: requests === 0,
      },
    };
  } finally {
    await stack.close();
    await oneLineStack.close();
    await inlineStack.close();
    await bareStack.close();
    await emptyStack.close();
  }
}

async function preview(
  stack: EmulatorStack,
  checks: CheckTimes | undefined,
  state: StackState,
  env: Record<string, string>,
  type = UPLOAD_TYPE,
): Promise<Preview> {
  const { seconds, value } = await timed(() => stack.engine.preview(state, env));
  if (value.errors.length > 0) throw new Error(`preview failed: ${value.errors.join("; ")}`);
  // The resource's step (a preview of a replacement also lists the old one's deletion after it).
  const step = value.steps.find((s) => s.type === type);
  const steps = step ? [step.detail ? `${step.op} ${step.detail}` : step.op] : [];
  return { ms: seconds * 1000, steps, checkMs: checks ? checks.lastMs() : 0 };
}

interface CheckTimes {
  last(): { inputs: PropertyMap };
  lastMs(): number;
}

/** Times every Check call the harness makes on this stack, and keeps the last answer. */
function timeChecks(stack: EmulatorStack): CheckTimes {
  const host = stack.host;
  const check = host.check.bind(host);
  let last: { ms: number; inputs: PropertyMap } | undefined;
  host.check = async (urn, olds, news) => {
    const { seconds, value } = await timed(() => check(urn, olds, news));
    last = { ms: seconds * 1000, inputs: value.inputs };
    return value;
  };
  const known = () => {
    if (!last) throw new Error("no Check call was made");
    return last;
  };
  return { last: known, lastMs: () => known().ms };
}

/** A state in which the Upload exists with the inputs its check gave, as an `up` would leave it. */
function existing(stack: EmulatorStack, checked: { inputs: PropertyMap }): StackState {
  const id = "file-bench0000";
  return {
    resources: [
      {
        urn: stack.engine.urn(UPLOAD_TYPE, "upload"),
        type: UPLOAD_TYPE,
        name: "upload",
        id,
        inputs: checked.inputs,
        outputs: { ...checked.inputs, fileId: id, status: "completed", fileStatus: "processed" },
      },
    ],
  };
}

/**
 * Changes one digit in the middle of the file in place (never back to the one the state was made with), keeping the
 * size and setting the mtime back to what it was: only the ctime and the content differ.
 */
async function byteToucher(file: string): Promise<{ touch(): Promise<void> }> {
  const { size } = await fs.stat(file);
  const handle = await fs.open(file, "r+");
  try {
    const window = Buffer.alloc(4096);
    await handle.read(window, 0, window.length, Math.floor(size / 2));
    const at = window.indexOf("Question ") + "Question ".length;
    if (at < "Question ".length) throw new Error("no digit to touch in the middle of the file");
    const offset = Math.floor(size / 2) + at;
    const original = window[at]!;
    let turn = 0;
    const write = async (byte: number) => {
      const { atime, mtime } = await fs.stat(file);
      const h = await fs.open(file, "r+");
      try {
        await h.write(Buffer.from([byte]), 0, 1, offset);
      } finally {
        await h.close();
      }
      await fs.utimes(file, atime, mtime);
    };
    return {
      touch: () => {
        turn = (turn % 9) + 1;
        return write(0x30 + ((original - 0x30 + turn) % 10));
      },
    };
  } finally {
    await handle.close();
  }
}

/** Waits until the file's last change is older than the check cache's doubt window. */
async function beyondDoubt(file: string): Promise<void> {
  const { mtimeMs, ctimeMs } = await fs.stat(file);
  const wait = Math.max(mtimeMs, ctimeMs) + DOUBT_WINDOW_MS + 100 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

async function clear(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}

/** The rows of the benchmark table (bench/run.ts). */
export function largePreviewRows(r: LargePreviewResult): [string, string, string][] {
  const mib = (r.fileBytes / MiB).toFixed(0);
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const plus = (value: number) => `${value >= 0 ? "+" : ""}${value.toFixed(0)} ms`;
  const mark = (ok: boolean) => (ok ? "met" : "NOT met");
  const replaced = r.touched.steps.filter((s) => s === "replace contentSha256").length;
  return [
    [
      `preview, one Upload of ${mib} MiB: floor, read once + SHA-256 (+ MD5: the upload floor)`,
      ms(r.floor.sha256Ms),
      `baseline (${ms(r.floor.md5Sha256Ms)} with MD5)`,
    ],
    [
      `  cold (cache empty): Check's own time / read + MD5 + SHA-256 (target ≤ ${r.targets.checkToFloor}×)`,
      ms(r.cold.checkMs),
      `${r.cold.checkToMd5Sha256Floor.toFixed(2)}×: ${mark(r.met.cold)}; ${r.cold.checkToSha256Floor.toFixed(2)}× read + SHA-256 alone`,
    ],
    [
      "  cold, in this process with the cache off: SHA-256 on a worker thread / on the same thread",
      `${ms(r.inProcess.hashOnWorkerMs)} / ${ms(r.inProcess.hashHereMs)}`,
      `${(r.inProcess.hashOnWorkerMs / r.inProcess.hashHereMs).toFixed(2)}×`,
    ],
    [
      `  cold: preview (median of ${r.runs}; the cases below that read no large file: of ${r.runs * r.repeats})`,
      ms(r.cold.previewMs),
      `${plus(r.cold.addedMs)} over the empty program, ${plus(r.cold.addedOverOneLineMs)} over a one-line file`,
    ],
    [
      `  unchanged (cache hit): preview, ≤ +${r.targets.addedUnchangedMs} ms over the empty program`,
      ms(r.unchanged.previewMs),
      `${plus(r.unchanged.addedMs)}: ${mark(r.met.unchanged)}; ${plus(r.unchanged.addedOverBareMs)} over a do-nothing dynamic resource: ${mark(r.met.unchangedOverBare)}; ${plus(r.unchanged.addedOverOneLineMs)} over a one-line file: ${mark(r.met.unchangedOverOneLine)}; Check ${ms(r.unchanged.checkMs)}`,
    ],
    [
      "  one byte changed in place (size and mtime kept): preview",
      ms(r.touched.previewMs),
      `${plus(r.touched.addedMs)}; Check ${ms(r.touched.checkMs)}; replace shown in ${replaced}/${r.runs}: ${mark(r.met.touched)}`,
    ],
    [
      "  a program with one dynamic resource whose provider does nothing, given as text (the floor of any)",
      ms(r.barePreviewMs),
      `${plus(r.bareAddedMs)} over the empty program`,
    ],
    [
      "  the same resource, its provider serialized by the SDK's closure serializer (as an inline one is)",
      ms(r.inlinePreviewMs),
      `${plus(r.inlineAddedMs)} over the empty program: what the package's resources do not pay`,
    ],
    [
      "  not in the figures above: the provider host's start to its first Check, as the CLI starts it at each preview",
      `${ms(r.hostStart.uploadMs)} / ${ms(r.hostStart.bareMs)}`,
      `the Upload's (its first Check loads the package's provider) / the do-nothing provider's: ${plus(r.hostStart.uploadMs - r.hostStart.bareMs)}`,
    ],
    [
      "  the same program, its file one line long (the fixed cost of declaring an Upload)",
      ms(r.oneLinePreviewMs),
      `${plus(r.oneLinePreviewMs - r.emptyPreviewMs)} over the empty program (${ms(r.emptyPreviewMs)}); ${r.requests} requests (target 0): ${mark(r.met.requests)}`,
    ],
  ];
}
