#!/usr/bin/env node
/**
 * The shaping relay in a process of its own (bench/relayProcess.ts starts it), so its timers do not share an event
 * loop with the client being measured. Prints its URL, then relays until SIGTERM or SIGINT.
 *   node dist/bench/relay/bin.js --upstream-port 8080 --rtt-ms 40 --connection-mbit 100 --total-mbit 400
 */
import { parseArgs } from "node:util";
import { ShapingRelay } from "./shapingRelay";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "upstream-port": { type: "string" },
      port: { type: "string", default: "0" },
      "rtt-ms": { type: "string", default: "0" },
      "connection-mbit": { type: "string" },
      "total-mbit": { type: "string" },
    },
  });
  const mbit = (value: string | undefined) =>
    value === undefined ? undefined : Number(value) * 1e6;
  const upstreamPort = Number(values["upstream-port"]);
  if (!Number.isInteger(upstreamPort) || upstreamPort <= 0)
    throw new Error("--upstream-port: give the port of the server on 127.0.0.1 to relay to.");
  const relay = await ShapingRelay.start({
    upstreamPort,
    port: Number(values.port),
    shape: {
      rttMs: Number(values["rtt-ms"]),
      connectionBitsPerSecond: mbit(values["connection-mbit"]),
      totalBitsPerSecond: mbit(values["total-mbit"]),
    },
  });
  process.stdout.write(`${relay.url}\n`);
  const stop = () => void relay.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
