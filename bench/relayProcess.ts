/** The shaping relay (bench/relay/) in a process of its own, between the client being measured and the emulator. */
import * as path from "node:path";
import type { LinkShape } from "./relay/linkShape";
import { ServerProcess } from "./serverProcess";

export const BenchRelay = {
  /** Relays to `upstreamUrl`, a server on 127.0.0.1 (the relay reaches nothing else). */
  start(options: { upstreamUrl: string; shape: LinkShape }): Promise<ServerProcess> {
    const { shape } = options;
    const mbit = (flag: string, bits: number | undefined) =>
      bits === undefined ? [] : [flag, String(bits / 1e6)];
    return ServerProcess.start("relay", [
      path.join(__dirname, "relay", "bin.js"),
      "--upstream-port",
      new URL(options.upstreamUrl).port,
      "--rtt-ms",
      String(shape.rttMs),
      ...mbit("--connection-mbit", shape.connectionBitsPerSecond),
      ...mbit("--total-mbit", shape.totalBitsPerSecond),
    ]);
  },
};

export type BenchRelay = ServerProcess;
