/**
 * A server the benchmarks start in a process of their own (the emulator, the shaping relay, the sink), so its CPU
 * and memory do not count against the client measured. The process prints its URL as its first line.
 */
import { ChildProcess, spawn } from "node:child_process";
import { processCpuSeconds } from "./processCpu";

export class ServerProcess {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  /** `what` names the server in the error when it exits before printing its URL. */
  static async start(what: string, args: readonly string[]): Promise<ServerProcess> {
    const child = spawn(process.execPath, [...args], { stdio: ["ignore", "pipe", "inherit"] });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.once("data", (chunk: Buffer) =>
        resolve(chunk.toString().split("\n")[0]!.trim()),
      );
      child.once("exit", (code) => reject(new Error(`${what} exited with ${code}`)));
    });
    return new ServerProcess(url, child);
  }

  /** CPU time (user + system) the process has used so far, in seconds; undefined where /proc is missing. */
  cpuSeconds(): number | undefined {
    return processCpuSeconds(this.child.pid);
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    await exited;
  }
}
