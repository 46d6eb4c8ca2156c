import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { toFile } from "openai";
import { createManualClock, DEFAULT_AZURE_API_KEY, Emulator, startEmulator } from "../../emulator";
import { AzureOpenAIClient } from "../../provider/azure-openai/client";
import { setProgressSink } from "../../provider/core/progress";
import { main } from "../../provider/sweep/cli";
import { sweep } from "../../provider/sweep/sweep";
import { trainingJsonl } from "../emulator/uploadHelpers";

const START_MS = Date.UTC(2026, 0, 1);
const HOUR_MS = 3600_000;

describe("sweep against the emulator", () => {
  let emulator: Emulator;
  let client: AzureOpenAIClient;
  let restoreProgress: () => void;
  const progressLines: string[] = [];

  beforeEach(async () => {
    // Training takes a day, so the old job is still running when the sweep comes.
    emulator = await startEmulator({
      clock: createManualClock(START_MS),
      processingMs: 0,
      jobTimings: { runningMs: 24 * HOUR_MS },
    });
    client = new AzureOpenAIClient({
      endpoint: emulator.url,
      apiVersion: "2025-04-01-preview",
      auth: { kind: "apiKey", apiKey: DEFAULT_AZURE_API_KEY },
    });
    progressLines.length = 0;
    restoreProgress = setProgressSink((line) => void progressLines.push(line));
  });
  afterEach(async () => {
    restoreProgress();
    await emulator.close();
  });

  const advance = (ms: number) =>
    (emulator.clock as ReturnType<typeof createManualClock>).advance(ms);
  const upload = async (filename: string) =>
    (
      await client.openai.files.create({
        file: await toFile(trainingJsonl(10), filename),
        purpose: "fine-tune",
      })
    ).id;
  const startJob = async (trainingFile: string) =>
    (
      await client.openai.fineTuning.jobs.create({
        model: "gpt-4o-mini-2024-07-18",
        training_file: trainingFile,
      })
    ).id;
  const remoteFiles = () =>
    emulator.store
      .listFiles()
      .map((file) => file.filename)
      .sort();
  const remoteJobs = () =>
    emulator.store.jobs
      .list()
      .map((job) => job.id)
      .sort();

  /** Seven hours apart: old objects, then fresh ones. */
  async function scene() {
    const oldMarked = await upload("pulumi-finetune.ci.old.jsonl");
    const oldTrainedOn = await upload("pulumi-finetune.ci.trained-on.jsonl");
    const oldUsedByFresh = await upload("pulumi-finetune.ci.used-by-fresh.jsonl");
    const unmarked = await upload("someone-elses.jsonl");
    await upload("pulumi-finetune.prod.other-tag.jsonl");
    advance(1000);
    const oldJob = await startJob(oldTrainedOn);
    const unmarkedJob = await startJob(unmarked);
    advance(7 * HOUR_MS);
    await upload("pulumi-finetune.ci.fresh.jsonl");
    const freshJob = await startJob(oldUsedByFresh);
    return { oldMarked, oldTrainedOn, oldUsedByFresh, oldJob, unmarkedJob, freshJob };
  }

  it("lists, in a dry run, what it would delete and why it keeps the rest, changing nothing", async () => {
    const ids = await scene();
    const filesBefore = remoteFiles();
    const jobsBefore = remoteJobs();
    const requestsBefore = emulator.requests.length;
    const lines: string[] = [];
    const report = await sweep({
      client,
      tag: "ci",
      olderThanSeconds: 6 * 3600,
      dryRun: true,
      now: () => emulator.clock.now(),
      log: (line) => void lines.push(line),
    });
    expect(report.plan.remove.map((item) => item.id)).toEqual([
      ids.oldJob,
      ids.oldMarked,
      ids.oldTrainedOn,
    ]);
    expect(report.plan.kept.map((item) => `${item.id}: ${item.reason}`)).toEqual([
      `${ids.freshJob}: newer than the age given`,
      `${ids.oldUsedByFresh}: used by job ${ids.freshJob}, which stays`,
      expect.stringMatching(/^file-.*: newer than the age given$/),
    ]);
    expect(report.removed).toEqual([]);
    expect(lines[0]).toBe(
      'Sweep of tag "ci", older than 6.0 h: 3 to delete, 3 marked but kept, 3 without this tag\'s marker (never touched).',
    );
    expect(lines).toContain(
      `  would delete job ${ids.oldJob} (running, trains on ${ids.oldTrainedOn}, 7.0 h old)`,
    );
    expect(lines).toContain(
      "Dry run: nothing was changed. Run again with --delete to delete these.",
    );
    expect(remoteFiles()).toEqual(filesBefore);
    expect(remoteJobs()).toEqual(jobsBefore);
    expect(emulator.requests.slice(requestsBefore).map((r) => r.route)).toEqual([
      "GET /openai/files",
      "GET /openai/fine_tuning/jobs",
    ]);
  });

  it("deletes stale marked objects, jobs first (cancelled), and keeps unmarked, other tags and fresh ones", async () => {
    const ids = await scene();
    const report = await sweep({
      client,
      tag: "ci",
      olderThanSeconds: 6 * 3600,
      dryRun: false,
      now: () => emulator.clock.now(),
      log: () => undefined,
    });
    expect(report.failed).toEqual([]);
    expect(report.removed.map((item) => item.id)).toEqual([
      ids.oldJob,
      ids.oldMarked,
      ids.oldTrainedOn,
    ]);
    expect(remoteFiles()).toEqual([
      "pulumi-finetune.ci.fresh.jsonl",
      "pulumi-finetune.ci.used-by-fresh.jsonl",
      "pulumi-finetune.prod.other-tag.jsonl",
      "someone-elses.jsonl",
    ]);
    expect(remoteJobs()).toEqual([ids.freshJob, ids.unmarkedJob].sort());
    expect(progressLines).toEqual(
      expect.arrayContaining([
        `sweep: cancelling ${ids.oldJob} (was running)`,
        `sweep: deleted ${ids.oldJob} (cancelled)`,
        `sweep: deleted ${ids.oldMarked}`,
        `sweep: deleted ${ids.oldTrainedOn}`,
      ]),
    );
  });

  describe("the pulumi-finetune-sweep command", () => {
    let out: string[];
    let err: string[];
    beforeEach(() => {
      out = [];
      err = [];
      jest.spyOn(console, "log").mockImplementation((line: string) => void out.push(line));
      jest.spyOn(console, "error").mockImplementation((line: string) => void err.push(line));
    });
    afterEach(() => jest.restoreAllMocks());

    const env = () => ({
      AZURE_OPENAI_ENDPOINT: emulator.url,
      AZURE_OPENAI_API_KEY: DEFAULT_AZURE_API_KEY,
    });

    it("is a dry run by default, and deletes with --delete", async () => {
      // The emulator's clock is in January 2026, so against the real clock everything is months old.
      await upload("pulumi-finetune.ci.train.jsonl");
      await upload("train.jsonl");
      expect(await main(["--tag", "ci", "--older-than", "1d"], env())).toBe(0);
      expect(out.join("\n")).toContain("would delete file");
      expect(remoteFiles()).toEqual(["pulumi-finetune.ci.train.jsonl", "train.jsonl"]);

      expect(await main(["--tag", "ci", "--older-than", "1d", "--delete"], env())).toBe(0);
      expect(out.join("\n")).toContain("Sweep done: 1 deleted, 0 failed.");
      expect(remoteFiles()).toEqual(["train.jsonl"]);
    });

    it.each<[string, string[], string]>([
      ["no tag", ["--older-than", "1d"], "--tag is required (or set PULUMI_FINETUNE_SWEEP_TAG)."],
      ["a bad tag", ["--tag", "CI", "--older-than", "1d"], '--tag: "CI" is not a sweep tag'],
      ["no age", ["--tag", "ci"], "--older-than is required, e.g. --older-than 6h."],
      [
        "a bad age",
        ["--tag", "ci", "--older-than", "soon"],
        '--older-than: "soon" is not an age; use e.g. 90m, 6h or 2d.',
      ],
      [
        "an unknown option",
        ["--tag", "ci", "--older-than", "1d", "--force"],
        "Unknown option '--force'",
      ],
    ])(
      "refuses %s with exit code 2 and says what to change, before any request",
      async (_, args, message) => {
        expect(await main(args, env())).toBe(2);
        expect(err.join("\n")).toContain(message);
        expect(err.join("\n")).toContain("Usage: pulumi-finetune-sweep");
        expect(emulator.requests).toEqual([]);
      },
    );

    it("exits 1 with the service's error, and no key, when the credentials are refused", async () => {
      expect(
        await main(["--tag", "ci", "--older-than", "1d"], {
          ...env(),
          AZURE_OPENAI_API_KEY: "wrong-key-123456",
        }),
      ).toBe(1);
      expect(err.join("\n")).toMatch(/^pulumi-finetune-sweep: .*401/);
      expect(err.join("\n")).not.toContain("wrong-key-123456");
    });
  });

  it("runs as the package's bin, from node_modules as users have it", () => {
    const cli = path.join(
      __dirname,
      "..",
      "..",
      "node_modules",
      "pulumi-finetune",
      "dist",
      "provider",
      "sweep",
      "cli.js",
    );
    const run = spawnSync(process.execPath, [cli, "--help"], { encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Usage: pulumi-finetune-sweep --tag <tag> --older-than <age>");
  });
});
