/**
 * FineTuneJob benchmarks, in process against the emulator:
 *   polling economy — requests made while waiting for a job that trains for 10 emulated minutes (a fake clock that
 *   the waits advance), against a fixed 5 s poll, and how long after each status change its progress line appears;
 *   teardown — deleting 20 running jobs at once (200 ms emulated latency per request) against deleting one.
 */
import { createManualClock, DEFAULT_AZURE_API_KEY, startEmulator } from "../emulator";
import { AzureOpenAIClient } from "../provider/azure-openai/client";
import { deleteJob } from "../provider/azure-openai/fineTuneJobProvider";
import { FineTuneJobInputs } from "../provider/azure-openai/fineTuneJobInputs";
import { waitForJob } from "../provider/azure-openai/jobPolling";
import { setProgressSink } from "../provider/core/progress";

const TIMINGS = { pendingMs: 5_000, validatingMs: 30_000, queuedMs: 25_000, runningMs: 600_000 };
const TRAINING = Array.from({ length: 12 }, (_, i) =>
  JSON.stringify({
    messages: [
      { role: "user", content: `q${i}` },
      { role: "assistant", content: `a${i}` },
    ],
  }),
).join("\n");

export interface PollingBenchResult {
  jobMinutes: number;
  fixedPollRequests: number;
  packageRequests: number;
  requestRatio: number;
  maxProgressLagSeconds: number;
  targets: { requestRatio: number; maxProgressLagSeconds: number };
  met: { requestRatio: boolean; progressLag: boolean };
}

export interface TeardownBenchResult {
  jobs: number;
  latencyMs: number;
  oneSeconds: number;
  allSeconds: number;
  ratio: number;
  target: number;
  met: boolean;
}

function clientFor(url: string): AzureOpenAIClient {
  return new AzureOpenAIClient(
    {
      endpoint: url,
      apiVersion: "2025-04-01-preview",
      auth: { kind: "apiKey", apiKey: DEFAULT_AZURE_API_KEY },
    },
    {},
  );
}

async function startJob(client: AzureOpenAIClient, fileId: string) {
  return client.call("create job", (openai) =>
    openai.fineTuning.jobs.create({ model: "gpt-4o-mini-2024-07-18", training_file: fileId }),
  );
}

export async function benchPolling(): Promise<PollingBenchResult> {
  const clock = createManualClock(Date.parse("2026-01-01T00:00:00Z"));
  const emulator = await startEmulator({ clock, processingMs: 0, jobTimings: TIMINGS });
  const waitClock = { now: () => clock.now(), sleep: async (ms: number) => clock.advance(ms) };
  try {
    const client = clientFor(emulator.url);
    const file = await emulator.store.createFile({
      filename: "t.jsonl",
      purpose: "fine-tune",
      content: Buffer.from(TRAINING),
    });
    clock.advance(1000);

    const fixedJob = await startJob(client, file.id);
    const fixedStart = emulator.requests.length;
    for (;;) {
      const job = await client.call("poll", (openai) =>
        openai.fineTuning.jobs.retrieve(fixedJob.id),
      );
      if (["succeeded", "failed", "cancelled"].includes(job.status)) break;
      clock.advance(5000);
    }
    const fixedPollRequests = emulator.requests.length - fixedStart;

    const job = await startJob(client, file.id);
    const created = clock.now();
    const printed: { line: string; at: number }[] = [];
    const restore = setProgressSink((line) => printed.push({ line, at: clock.now() }));
    const start = emulator.requests.length;
    try {
      await waitForJob({
        client,
        jobId: job.id,
        label: "FineTuneJob",
        timeoutMs: 3_600_000,
        pollIntervalSeconds: 5,
        clock: waitClock,
        timeoutHint: "",
      });
    } finally {
      restore();
    }
    const packageRequests = emulator.requests.length - start;
    const changes: [string, number][] = [
      ["validating_files", TIMINGS.pendingMs],
      ["queued", TIMINGS.pendingMs + TIMINGS.validatingMs],
      ["running", TIMINGS.pendingMs + TIMINGS.validatingMs + TIMINGS.queuedMs],
      [
        "succeeded",
        TIMINGS.pendingMs + TIMINGS.validatingMs + TIMINGS.queuedMs + TIMINGS.runningMs,
      ],
    ];
    const lags = changes.map(([status, offset]) => {
      const line = printed.find((p) => p.line.includes(`: ${status} (`));
      return line ? (line.at - (created + offset)) / 1000 : Infinity;
    });
    const maxProgressLagSeconds = Math.max(...lags);
    const requestRatio = packageRequests / fixedPollRequests;
    return {
      jobMinutes: changes[3]![1] / 60_000,
      fixedPollRequests,
      packageRequests,
      requestRatio,
      maxProgressLagSeconds,
      targets: { requestRatio: 1 / 3, maxProgressLagSeconds: 30 },
      met: { requestRatio: requestRatio <= 1 / 3, progressLag: maxProgressLagSeconds <= 30 },
    };
  } finally {
    await emulator.close();
  }
}

export async function benchTeardown(jobs = 20, latencyMs = 200): Promise<TeardownBenchResult> {
  const emulator = await startEmulator({
    processingMs: 0,
    maxActiveJobs: jobs + 1,
    jobTimings: { pendingMs: 0, validatingMs: 0, queuedMs: 0, runningMs: 3_600_000 },
  });
  const restore = setProgressSink(() => undefined);
  try {
    const client = clientFor(emulator.url);
    const file = await emulator.store.createFile({
      filename: "t.jsonl",
      purpose: "fine-tune",
      content: Buffer.from(TRAINING),
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const created: { id: string }[] = [];
    for (let i = 0; i < jobs + 1; i++) created.push(await startJob(client, file.id));
    emulator.faults.add({ route: "*", latencyMs, times: Infinity });
    const inputs = { pollIntervalSeconds: 1 } as FineTuneJobInputs;
    const oneSeconds = await timed(() => deleteJob(client, created[0]!.id, inputs));
    const allSeconds = await timed(() =>
      Promise.all(created.slice(1).map((job) => deleteJob(client, job.id, inputs))),
    );
    const ratio = allSeconds / oneSeconds;
    return { jobs, latencyMs, oneSeconds, allSeconds, ratio, target: 1.5, met: ratio <= 1.5 };
  } finally {
    restore();
    await emulator.close();
  }
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await action();
  return Number(process.hrtime.bigint() - started) / 1e9;
}
