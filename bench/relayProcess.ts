/** The shaping relay (bench/relay/) in a process of its own, between the client being measured and the emulator. */
import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import type { LinkShape } from "./relay/linkShape";
import { processCpuSeconds } from "./processCpu";

export class BenchRelay {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  /** Relays to `upstreamUrl`, a server on 127.0.0.1 (the relay reaches nothing else). */
  static async start(options: { upstreamUrl: string; shape: LinkShape }): Promise<BenchRelay> {
    const { shape } = options;
    const mbit = (flag: string, bits: number | undefined) =>
      bits === undefined ? [] : [flag, String(bits / 1e6)];
    const bin = path.join(__dirname, "relay", "bin.js");
    const child = spawn(
      process.execPath,
      [
        bin,
        "--upstream-port",
        new URL(options.upstreamUrl).port,
        "--rtt-ms",
        String(shape.rttMs),
        ...mbit("--connection-mbit", shape.connectionBitsPerSecond),
        ...mbit("--total-mbit", shape.totalBitsPerSecond),
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.once("data", (chunk: Buffer) =>
        resolve(chunk.toString().split("\n")[0]!.trim()),
      );
      child.once("exit", (code) => reject(new Error(`relay exited with ${code}`)));
    });
    return new BenchRelay(url, child);
  }

  cpuSeconds(): number | undefined {
    return processCpuSeconds(this.child.pid);
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    await exited;
  }
}
