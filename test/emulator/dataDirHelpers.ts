import { type ChildProcess, spawn } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import * as ts from "typescript";
import {
  createManualClock,
  type Emulator,
  type EmulatorOptions,
  type ManualClock,
  startEmulator,
} from "../../emulator";
import { START_MS } from "./helpers";

export interface DataDirEmulators {
  /** This test's data directory (not created until an emulator starts on it). */
  dir(): string;
  /** Closes the emulator running on the directory, if any, and starts one on a manual clock. */
  start(atMs?: number, options?: EmulatorOptions): Promise<Emulator>;
  /**
   * Closes the running emulator and starts another on the same directory, its clock where the
   * last one's was plus `laterMs` (the time the emulator was down).
   */
  restart(laterMs?: number, options?: EmulatorOptions): Promise<Emulator>;
}

/** A fresh data directory per test, and emulators started on it one after another. */
export function useDataDir(defaults: EmulatorOptions = {}): DataDirEmulators {
  const root = mkdtempSync(join(tmpdir(), "emulator-state-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let tests = 0;
  let dir = "";
  let running: Emulator | undefined;
  beforeEach(() => {
    dir = join(root, String((tests += 1)));
  });
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });
  const start = async (atMs = START_MS, options: EmulatorOptions = {}) => {
    await running?.close();
    running = undefined;
    const clock = createManualClock(atMs);
    running = await startEmulator({
      processingMs: 0,
      ...defaults,
      ...options,
      clock,
      dataDir: dir,
    });
    return running;
  };
  return {
    dir: () => dir,
    start,
    restart: (laterMs = 0, options = {}) => {
      if (!running) throw new Error("Nothing to restart: start an emulator first.");
      return start(running.clock.now() + laterMs, options);
    },
  };
}

/** A kind of object: its name, and how to make one and return how to look at it (what a restart must keep). */
export type RestartKind = [
  string,
  (emulator: Emulator) => Promise<(emulator: Emulator) => Promise<unknown>>,
];

/** One case per kind: made, looked at, restarted, looked at again: the same. */
export function itServesEachKindAgain(emulators: DataDirEmulators, kinds: RestartKind[]): void {
  it.each(kinds)("serves %s again", async (_, make) => {
    const first = await emulators.start();
    const look = await make(first);
    const before = await look(first);
    const second = await emulators.restart();
    expect(await look(second)).toEqual(before);
  });
}

export const clockOf = (emulator: Emulator) => emulator.clock as ManualClock;

/** Every file under `dir` (relative path → bytes), to show a refused directory was left alone. */
export function filesUnder(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (path: string) => {
    if (statSync(path).isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    else found[relative(dir, path)] = readFileSync(path).toString("base64");
  };
  walk(dir);
  return found;
}

/** The state file, parsed. */
export const stateOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, "state.json"), "utf8")) as StateFileJson;

export interface StateFileJson {
  format: string;
  version: number;
  stores: Record<string, Record<string, Record<string, unknown>[]>>;
}

const EMULATOR_SOURCES = resolve(__dirname, "../../emulator");

/**
 * `emulator/` transpiled (no type check, as the harness loads programs) into a temporary directory
 * before the tests of the describe block, removed after them; the emulator uses nothing but Node's
 * own modules. Returns a launcher of `bin.js` processes.
 */
export function useEmulatorProcesses(): (args: readonly string[]) => EmulatorProcess {
  const dir = mkdtempSync(join(tmpdir(), "emulator-bin-"));
  beforeAll(() => transpileEmulator(dir));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (args) => EmulatorProcess.launch(join(dir, "bin.js"), args);
}

function transpileEmulator(dir: string): void {
  const walk = (from: string) => {
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      const source = join(from, entry.name);
      if (entry.isDirectory()) walk(source);
      else if (entry.name.endsWith(".ts")) {
        const target = join(dir, relative(EMULATOR_SOURCES, source)).replace(/\.ts$/, ".js");
        mkdirSync(dirname(target), { recursive: true });
        const output = ts.transpileModule(readFileSync(source, "utf8"), {
          fileName: source,
          compilerOptions: {
            module: ts.ModuleKind.CommonJS,
            target: ts.ScriptTarget.ES2022,
            esModuleInterop: true,
          },
        });
        writeFileSync(target, output.outputText);
      }
    }
  };
  walk(EMULATOR_SOURCES);
}

/** `emulator/bin.ts` in a process of its own, so a test can see its exit code or kill it. */
export class EmulatorProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
    private readonly output: { stdout: string; stderr: string },
  ) {}

  static launch(bin: string, args: readonly string[]): EmulatorProcess {
    const child = spawn(process.execPath, [bin, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output = { stdout: "", stderr: "" };
    child.stdout?.on("data", (chunk: Buffer) => (output.stdout += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output.stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.once("exit", (code, signal) => done({ code, signal })),
    );
    return new EmulatorProcess(child, exited, output);
  }

  get stdout(): string {
    return this.output.stdout;
  }

  get stderr(): string {
    return this.output.stderr;
  }

  /** The base URL, once the first line of stdout is out; rejects if the process exits first. */
  async url(): Promise<string> {
    for (;;) {
      const lines = this.output.stdout.split("\n");
      if (lines.length > 1) return lines[0] ?? "";
      const outcome = await Promise.race([
        this.exited,
        new Promise<undefined>((done) => setTimeout(() => done(undefined), 20)),
      ]);
      if (outcome) throw new Error(`The emulator exited (${outcome.code}): ${this.stderr}`);
    }
  }

  /** Killed at once (SIGKILL): nothing runs after, as when a CI runner is cancelled. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
    await this.exited;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGTERM");
    await this.exited;
  }
}
