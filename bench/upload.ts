/**
 * Upload benchmark (issue: training data). A generated JSONL file is sent to the emulator (a separate process,
 * contents on disk as they arrive) three ways, and validation is timed:
 *   floor  — read the file once and hash it (MD5 + SHA-256): nothing can be faster than reading it;
 *   naive  — the openai SDK's low-level uploads calls, one part after another;
 *   Upload — this package's Upload resource create (parts in flight at once, hashing in the same read).
 */
import { createHash } from "node:crypto";
import { createReadStream, promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AzureOpenAI, toFile } from "openai";
import {
  checkFileInputs,
  DEFAULT_PROCESSING_TIMEOUT_SECONDS,
  UploadInputs,
} from "../provider/azure-openai/fileInputs";
import { DEFAULT_CONCURRENCY } from "../provider/azure-openai/multipartUpload";
import { uploadProvider } from "../provider/azure-openai/uploadProvider";
import { validateTrainingData } from "../provider/azure-openai/trainingData";
import { setProgressSink } from "../provider/core/progress";
import { BenchEmulator } from "./emulatorProcess";
import { generateChatJsonl } from "./data";
import { hashFloor } from "./hashFloor";
import { SinkServer } from "./sinkServer";
import { median } from "./timing";

const MiB = 1024 * 1024;

/** The Upload resource's create at one concurrency: medians of the runs. */
export interface UploadCreateMeasure {
  concurrency: number;
  seconds: number;
  ratioToFloor: number;
  speedupOverNaive: number;
  /**
   * CPU seconds the client and the emulator used during the median run. Both run on this machine's cores, so their
   * sum over the core count bounds the wall time from below.
   */
  cpuSeconds: { client: number; emulator?: number; cpuBoundSeconds?: number };
  /** The same create against a server that discards the bytes: the client's own cost. */
  clientOnlySeconds: number;
  clientOnlyRatioToFloor: number;
  peakRssGrowthMb: number;
  rssBudgetMb: number;
}

export interface UploadBenchResult {
  fileBytes: number;
  partSizeMb: number;
  floorSeconds: number;
  naiveSeconds: number;
  /**
   * Judged against the targets: parts one at a time, as the naive baseline sends them. On one machine, parts in
   * parallel gain nothing (the CPU is the limit, not a link) and leave the emulator, which hashes parts as they
   * arrive in order, to hash three quarters of the file after the last byte came; `defaultConcurrency` shows it.
   */
  upload: UploadCreateMeasure;
  defaultConcurrency: UploadCreateMeasure;
  validationMbPerSecond: number;
  hashingMbPerSecond: number;
  validationToHashingRatio: number;
  targets: { speedupOverNaive: number; ratioToFloor: number };
  met: { speedupOverNaive: boolean; ratioToFloor: boolean; rss: boolean };
}

export async function benchUpload(options: {
  megabytes: number;
  dir: string;
  repeats: number;
}): Promise<UploadBenchResult> {
  const file = await generateChatJsonl(options.dir, options.megabytes * MiB);
  const bytes = (await fs.stat(file)).size;
  const partSizeMb = 64;
  const emulator = await BenchEmulator.start({ dataDir: path.join(options.dir, "emulator-data") });
  try {
    process.env.AZURE_OPENAI_ENDPOINT = emulator.url;
    process.env.AZURE_OPENAI_API_KEY = emulator.apiKey;

    // Each measure, the baselines and the Upload alike, is the median of `repeats` runs: neither a first run's
    // warm-up nor one noisy moment decides a figure.
    const repeats = options.repeats;
    const floorSeconds = median(
      await repeat(repeats, () => timed(() => hashFloor(file, "md5+sha256"))),
    );
    const naiveSeconds = median(
      await repeat(repeats, async () => {
        let fileId = "";
        const seconds = await timed(async () => {
          fileId = await naiveUpload(emulator, file, bytes, partSizeMb * MiB);
        });
        await removeWhenProcessed(emulator, fileId);
        return seconds;
      }),
    );

    const measureAt = (concurrency: number) =>
      measureUploadCreate({
        emulator,
        file,
        partSizeMb,
        concurrency,
        repeats,
        floorSeconds,
        naiveSeconds,
      });
    const upload = await measureAt(1);
    const defaultConcurrency = await measureAt(DEFAULT_CONCURRENCY);

    const validationSeconds = await timed(() =>
      validateTrainingData(createReadStream(file, { highWaterMark: MiB })),
    );
    const result = {
      fileBytes: bytes,
      partSizeMb,
      floorSeconds,
      naiveSeconds,
      upload,
      defaultConcurrency,
      validationMbPerSecond: bytes / MiB / validationSeconds,
      hashingMbPerSecond: bytes / MiB / floorSeconds,
      validationToHashingRatio: validationSeconds / floorSeconds,
      targets: { speedupOverNaive: 2, ratioToFloor: 1.5 },
    };
    return {
      ...result,
      met: {
        speedupOverNaive: upload.speedupOverNaive >= 2,
        ratioToFloor: upload.ratioToFloor <= 1.5,
        rss: [upload, defaultConcurrency].every(
          (measure) => measure.peakRssGrowthMb <= measure.rssBudgetMb,
        ),
      },
    };
  } finally {
    await emulator.stop();
  }
}

async function measureUploadCreate(options: {
  emulator: BenchEmulator;
  file: string;
  partSizeMb: number;
  concurrency: number;
  repeats: number;
  floorSeconds: number;
  naiveSeconds: number;
}): Promise<UploadCreateMeasure> {
  const { emulator, partSizeMb, concurrency, repeats, floorSeconds } = options;
  const inputs = await uploadInputs(options.file, partSizeMb, concurrency);
  const quiet = setProgressSink(() => undefined);
  const runs: { seconds: number; rssGrowth: number; client: number; emulator?: number }[] = [];
  let clientOnlySeconds: number;
  try {
    for (let run = 0; run < repeats; run++) {
      const rss = sampleRss();
      const clientCpuBefore = process.cpuUsage();
      const emulatorCpuBefore = emulator.cpuSeconds();
      let fileId = "";
      const seconds = await timed(async () => {
        fileId = (await uploadProvider.create(inputs)).id;
      });
      const rssGrowth = rss.stop();
      const clientCpu = process.cpuUsage(clientCpuBefore);
      const emulatorCpuAfter = emulator.cpuSeconds();
      runs.push({
        seconds,
        rssGrowth,
        client: (clientCpu.user + clientCpu.system) / 1e6,
        emulator:
          emulatorCpuBefore === undefined || emulatorCpuAfter === undefined
            ? undefined
            : emulatorCpuAfter - emulatorCpuBefore,
      });
      await removeWhenProcessed(emulator, fileId);
    }
    const sink = await SinkServer.start();
    try {
      process.env.AZURE_OPENAI_ENDPOINT = sink.url;
      clientOnlySeconds = median(
        await repeat(repeats, () => timed(() => uploadProvider.create(inputs))),
      );
    } finally {
      process.env.AZURE_OPENAI_ENDPOINT = emulator.url;
      await sink.stop();
    }
  } finally {
    quiet();
  }
  const seconds = median(runs.map((run) => run.seconds));
  const middle = [...runs].sort((a, b) => a.seconds - b.seconds)[
    Math.floor((runs.length - 1) / 2)
  ]!;
  return {
    concurrency,
    seconds,
    ratioToFloor: seconds / floorSeconds,
    speedupOverNaive: options.naiveSeconds / seconds,
    cpuSeconds: {
      client: middle.client,
      emulator: middle.emulator,
      cpuBoundSeconds:
        middle.emulator === undefined
          ? undefined
          : (middle.client + middle.emulator) / os.cpus().length,
    },
    clientOnlySeconds,
    clientOnlyRatioToFloor: clientOnlySeconds / floorSeconds,
    peakRssGrowthMb: Math.max(...runs.map((run) => run.rssGrowth)) / MiB,
    rssBudgetMb: partSizeMb * concurrency + 64,
  };
}

/** The Upload resource's inputs for `file`, as its check makes them (content hashed and validated at preview). */
export async function uploadInputs(
  file: string,
  partSizeMb: number,
  concurrency: number,
): Promise<UploadInputs> {
  const checked = await checkFileInputs({ source: file, partSizeMb, concurrency }, "Upload");
  if (checked.failures.length > 0)
    throw new Error(checked.failures.map((f) => f.reason).join("\n"));
  return {
    source: file,
    purpose: "fine-tune",
    filename: path.basename(file),
    validateContent: true,
    waitForProcessing: false,
    processingTimeoutSeconds: DEFAULT_PROCESSING_TIMEOUT_SECONDS,
    mimeType: "text/jsonl",
    partSizeMb,
    concurrency,
    contentSha256: String(checked.inputs.contentSha256),
    contentBytes: Number(checked.inputs.contentBytes),
  };
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await action();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Where a client sends its requests: the emulator, or a relay in front of it. */
export interface UploadTarget {
  url: string;
  apiKey: string;
}

/** What a script written against the SDK does: one part at a time, MD5 as it goes. */
export async function naiveUpload(
  target: UploadTarget,
  file: string,
  bytes: number,
  partSize: number,
): Promise<string> {
  const client = new AzureOpenAI({
    endpoint: target.url,
    apiKey: target.apiKey,
    apiVersion: "2025-04-01-preview",
    maxRetries: 0,
  });
  const upload = await client.uploads.create({
    bytes,
    filename: "naive.jsonl",
    purpose: "fine-tune",
    mime_type: "text/jsonl",
  });
  const md5 = createHash("md5");
  const partIds: string[] = [];
  const handle = await fs.open(file, "r");
  try {
    for (let offset = 0; offset < bytes; offset += partSize) {
      const buffer = Buffer.alloc(Math.min(partSize, bytes - offset));
      await handle.read(buffer, 0, buffer.length, offset);
      md5.update(buffer);
      const part = await client.uploads.parts.create(upload.id, {
        data: await toFile(buffer, "part"),
      });
      partIds.push(part.id);
    }
  } finally {
    await handle.close();
  }
  const completed = await client.uploads.complete(upload.id, {
    part_ids: partIds,
    md5: md5.digest("hex"),
  });
  return completed.file!.id;
}

/** Waits for the emulator's background check of the file, so it does not compete with the next run, then deletes it. */
export async function removeWhenProcessed(emulator: UploadTarget, fileId: string): Promise<void> {
  const client = new AzureOpenAI({
    endpoint: emulator.url,
    apiKey: emulator.apiKey,
    apiVersion: "2025-04-01-preview",
  });
  for (;;) {
    const status = (await client.files.retrieve(fileId)).status as string;
    if (status !== "pending" && status !== "running") break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await client.files.delete(fileId);
}

async function repeat(times: number, run: () => Promise<number>): Promise<number[]> {
  const results: number[] = [];
  for (let i = 0; i < times; i++) results.push(await run());
  return results;
}

function sampleRss(): { stop(): number } {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  return {
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return peak - baseline;
    },
  };
}
