/** The emulator in a process of its own, so its CPU and memory do not count against the client being measured. */
import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { DEFAULT_AZURE_API_KEY } from "../emulator/credentials";
import { processCpuSeconds } from "./processCpu";

export class BenchEmulator {
  readonly apiKey = DEFAULT_AZURE_API_KEY;

  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  /**
   * With `dataDir`, contents go to disk as they arrive, which is how the emulator holds large files (on these VMs,
   * memory new to a process costs more than the page cache).
   */
  static async start(options: { dataDir?: string } = {}): Promise<BenchEmulator> {
    const bin = path.join(__dirname, "..", "emulator", "bin.js");
    const dataDir = options.dataDir === undefined ? [] : ["--data-dir", options.dataDir];
    const child = spawn(
      process.execPath,
      [bin, "--port", "0", "--processing-ms", "0", ...dataDir],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.once("data", (chunk: Buffer) =>
        resolve(chunk.toString().split("\n")[0]!.trim()),
      );
      child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
    });
    return new BenchEmulator(url, child);
  }

  /** CPU time (user + system) the emulator process has used so far, in seconds; undefined where /proc is missing. */
  cpuSeconds(): number | undefined {
    return processCpuSeconds(this.child.pid);
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    await exited;
  }
}
