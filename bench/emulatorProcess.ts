/** The emulator in a process of its own, so its CPU and memory do not count against the client being measured. */
import * as path from "node:path";
import { DEFAULT_AZURE_API_KEY } from "../emulator/credentials";
import { ServerProcess } from "./serverProcess";

export class BenchEmulator {
  readonly apiKey = DEFAULT_AZURE_API_KEY;

  private constructor(private readonly server: ServerProcess) {}

  /**
   * With `dataDir`, contents go to disk as they arrive, which is how the emulator holds large files (on these VMs,
   * memory new to a process costs more than the page cache).
   */
  static async start(options: { dataDir?: string } = {}): Promise<BenchEmulator> {
    const bin = path.join(__dirname, "..", "emulator", "bin.js");
    const dataDir = options.dataDir === undefined ? [] : ["--data-dir", options.dataDir];
    const server = await ServerProcess.start("emulator", [
      bin,
      "--port",
      "0",
      "--processing-ms",
      "0",
      ...dataDir,
    ]);
    return new BenchEmulator(server);
  }

  get url(): string {
    return this.server.url;
  }

  /** CPU time (user + system) the emulator process has used so far, in seconds; undefined where /proc is missing. */
  cpuSeconds(): number | undefined {
    return this.server.cpuSeconds();
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}
