/** The emulator in a process of its own, so its CPU and memory do not count against the client being measured. */
import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { DEFAULT_AZURE_API_KEY } from "../emulator/credentials";

export class BenchEmulator {
  readonly apiKey = DEFAULT_AZURE_API_KEY;

  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  /** In memory: the benchmark measures the client, so the emulator's own disk writes stay out of it. */
  static async start(): Promise<BenchEmulator> {
    const bin = path.join(__dirname, "..", "emulator", "bin.js");
    const child = spawn(process.execPath, [bin, "--port", "0", "--processing-ms", "0"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.once("data", (chunk: Buffer) => resolve(chunk.toString().split("\n")[0]!.trim()));
      child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
    });
    return new BenchEmulator(url, child);
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    await exited;
  }
}
