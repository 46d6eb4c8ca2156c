/**
 * Uploads over a network's shape (issue #17): the Upload resource at several concurrencies and the naive SDK upload,
 * sent to the emulator through the shaping relay (bench/relay/): a round trip added to every exchange and to every
 * new connection, each connection capped (as a TCP window caps it over that round trip) and the link capped in all.
 * Each is set against the physical floor: every byte at the link's cap, plus one round trip per round of parts.
 */
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { DEFAULT_CONCURRENCY, partCount } from "../provider/azure-openai/multipartUpload";
import { uploadProvider } from "../provider/azure-openai/uploadProvider";
import { setProgressSink } from "../provider/core/progress";
import { generateChatJsonl } from "./data";
import { BenchEmulator } from "./emulatorProcess";
import { describeShape, type LinkShape } from "./relay/linkShape";
import { floorOf, linkSecondsOf } from "./uploadFloor";
import { BenchRelay } from "./relayProcess";
import { median, timed } from "./timing";
import { naiveUpload, removeWhenProcessed, uploadInputs } from "./upload";

const MiB = 1024 * 1024;

export const NETWORK_TARGETS = { ratioToFloor: 1.2, speedupOverOne: 3 } as const;

export interface NetworkUploadMeasure {
  concurrency: number;
  /** Median of the runs, and every run. */
  seconds: number;
  runSeconds: number[];
  /** Bytes at the total cap, plus one round trip per round of parts (ceil(parts / concurrency)). */
  floorSeconds: number;
  ratioToFloor: number;
  /**
   * What the link allows at this concurrency: each round of parts at min(per-connection cap, total cap / parts in
   * the round) each, plus a round trip per round. Measured over this shows the relay's and the client's own costs.
   */
  linkSeconds: number;
  /** Against the Upload at concurrency 1. */
  speedupOverOne: number;
  /**
   * Median time from the last part's answer to complete's answer (one round trip, and the service's check of the
   * MD5: the emulator hashes the parts that arrived together after the last byte); undefined for the naive upload.
   */
  completeSeconds?: number;
}

export interface NetworkUploadResult {
  shape: LinkShape & { description: string };
  fileBytes: number;
  partSizeMb: number;
  parts: number;
  repeats: number;
  naive: NetworkUploadMeasure;
  uploads: NetworkUploadMeasure[];
  defaultConcurrency: number;
  targets: typeof NETWORK_TARGETS;
  /** Concurrencies that meet both targets. */
  meetingTargets: number[];
  /** The default concurrency's figures against the targets. */
  met: { ratioToFloor: boolean; speedupOverOne: boolean };
  /** CPU seconds over the whole section, and the load average (1 min) before and after it. */
  cpuSeconds: { client: number; emulator?: number; relay?: number };
  loadAverage: { before: number; after: number };
}

export async function benchNetworkUpload(options: {
  megabytes: number;
  partSizeMb: number;
  repeats: number;
  dir: string;
  shape: LinkShape;
  concurrencies?: number[];
}): Promise<NetworkUploadResult> {
  const { shape, partSizeMb, repeats } = options;
  const concurrencies = [
    ...new Set([...(options.concurrencies ?? [1, 2, 4, 8]), DEFAULT_CONCURRENCY]),
  ].sort((a, b) => a - b);
  if (concurrencies[0] !== 1) throw new Error("The concurrencies measured must include 1.");
  const file = await generateChatJsonl(options.dir, options.megabytes * MiB, { atMost: true });
  const bytes = (await fs.stat(file)).size;
  const partBytes = partSizeMb * MiB;
  const parts = partCount(bytes, partBytes);
  const checked = await uploadInputs(file, partSizeMb, DEFAULT_CONCURRENCY);
  const inputs = concurrencies.map((concurrency) => ({ ...checked, concurrency }));

  const loadBefore = os.loadavg()[0]!;
  const clientCpu = process.cpuUsage();
  const emulator = await BenchEmulator.start({ dataDir: path.join(options.dir, "network-data") });
  const saved = {
    endpoint: process.env.AZURE_OPENAI_ENDPOINT,
    key: process.env.AZURE_OPENAI_API_KEY,
  };
  // The Upload's progress lines tell when its last part was answered and when complete was.
  const marks: { allSent?: number; completed?: number } = {};
  const quiet = setProgressSink((line) => {
    if (/ parts \(100%\)/.test(line)) marks.allSent = performance.now();
    else if (/: completed as file /.test(line)) marks.completed = performance.now();
  });
  let relay: BenchRelay | undefined;
  try {
    relay = await BenchRelay.start({ upstreamUrl: emulator.url, shape });
    const target = { url: relay.url, apiKey: emulator.apiKey };
    process.env.AZURE_OPENAI_ENDPOINT = relay.url;
    process.env.AZURE_OPENAI_API_KEY = emulator.apiKey;
    const emulatorCpu = emulator.cpuSeconds();
    const naiveRuns: number[] = [];
    const uploadRuns = concurrencies.map((): number[] => []);
    const completeRuns = concurrencies.map((): number[] => []);
    // Round-robin, so a change in the machine's load during the section falls on every figure alike.
    for (let run = 0; run < repeats; run++) {
      const naive = await timed(() => naiveUpload(target, file, bytes, partBytes));
      naiveRuns.push(naive.seconds);
      await removeWhenProcessed(emulator, naive.value);
      for (const [index, upload] of inputs.entries()) {
        marks.allSent = marks.completed = undefined;
        const created = await timed(() => uploadProvider.create(upload));
        uploadRuns[index]!.push(created.seconds);
        if (marks.allSent !== undefined && marks.completed !== undefined)
          completeRuns[index]!.push((marks.completed - marks.allSent) / 1000);
        await removeWhenProcessed(emulator, created.value.id);
      }
    }
    const clientSpent = process.cpuUsage(clientCpu);
    const emulatorSpent = emulator.cpuSeconds();
    const oneSeconds = median(uploadRuns[0]!);
    const measure = (
      concurrency: number,
      runSeconds: number[],
      complete: number[] = [],
    ): NetworkUploadMeasure => {
      const seconds = median(runSeconds);
      const floorSeconds = floorOf(bytes, partBytes, concurrency, shape);
      return {
        concurrency,
        seconds,
        runSeconds,
        floorSeconds,
        ratioToFloor: seconds / floorSeconds,
        linkSeconds: linkSecondsOf(bytes, partBytes, concurrency, shape),
        speedupOverOne: oneSeconds / seconds,
        completeSeconds: complete.length > 0 ? median(complete) : undefined,
      };
    };
    const uploads = concurrencies.map((c, index) =>
      measure(c, uploadRuns[index]!, completeRuns[index]),
    );
    const meets = (m: NetworkUploadMeasure) => ({
      ratioToFloor: m.ratioToFloor <= NETWORK_TARGETS.ratioToFloor,
      speedupOverOne: m.speedupOverOne >= NETWORK_TARGETS.speedupOverOne,
    });
    const byDefault = uploads.find((m) => m.concurrency === DEFAULT_CONCURRENCY)!;
    return {
      shape: { ...shape, description: describeShape(shape) },
      fileBytes: bytes,
      partSizeMb,
      parts,
      repeats,
      naive: measure(1, naiveRuns),
      uploads,
      defaultConcurrency: DEFAULT_CONCURRENCY,
      targets: NETWORK_TARGETS,
      meetingTargets: uploads
        .filter((m) => Object.values(meets(m)).every(Boolean))
        .map((m) => m.concurrency),
      met: meets(byDefault),
      cpuSeconds: {
        client: (clientSpent.user + clientSpent.system) / 1e6,
        emulator:
          emulatorCpu === undefined || emulatorSpent === undefined
            ? undefined
            : emulatorSpent - emulatorCpu,
        relay: relay.cpuSeconds(),
      },
      loadAverage: { before: loadBefore, after: os.loadavg()[0]! },
    };
  } finally {
    quiet();
    process.env.AZURE_OPENAI_ENDPOINT = saved.endpoint;
    process.env.AZURE_OPENAI_API_KEY = saved.key;
    if (saved.endpoint === undefined) delete process.env.AZURE_OPENAI_ENDPOINT;
    if (saved.key === undefined) delete process.env.AZURE_OPENAI_API_KEY;
    await relay?.stop();
    await emulator.stop();
  }
}
