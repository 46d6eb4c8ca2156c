/**
 * `npm run bench`: runs every benchmark, writes bench/results.json and prints a table. Each figure is a ratio
 * against a baseline measured in the same run, on the same machine.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fixturePrograms } from "./fixturePrograms";
import { benchPolling, benchTeardown } from "./jobs";
import { benchLargeStack, largeStackOptionsFromEnv, largeStackRows } from "./largeStack";
import { benchNetworkUpload, NetworkUploadResult } from "./networkUpload";
import { benchPreview } from "./preview";
import { BASELINE_REPEATS, benchLargePreview, largePreviewRows } from "./previewLargeUpload";
import { benchProviders } from "./providers";
import { benchQuickstart } from "./quickstart";
import { ensureStagedPackage } from "./stagedPackage";
import { benchUpload, UploadCreateMeasure } from "./upload";

const ROOT = path.resolve(__dirname, __filename.endsWith(".ts") ? ".." : "../..");

async function main(): Promise<void> {
  const megabytes = Number(process.env.BENCH_UPLOAD_MB ?? 256);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-finetune-bench-"));
  try {
    const upload = await benchUpload({
      megabytes,
      dir,
      repeats: Number(process.env.BENCH_REPEATS ?? 5),
    });
    const network = await benchNetworkUpload({
      megabytes: Number(process.env.BENCH_NETWORK_MB ?? 256),
      partSizeMb: Number(process.env.BENCH_NETWORK_PART_MB ?? 64),
      repeats: Number(process.env.BENCH_NETWORK_REPEATS ?? 3),
      dir,
      shape: networkShape(),
    });
    const polling = await benchPolling();
    const teardown = await benchTeardown();
    // The engine benchmarks run programs that load the package from node_modules.
    if (ensureStagedPackage()) console.error("staged the build into node_modules/pulumi-finetune");
    const programs = await fixturePrograms(dir);
    const providers = await benchProviders(programs);
    const preview = await benchPreview(programs);
    const largePreview = await benchLargePreview({
      dir,
      megabytes: Number(process.env.BENCH_PREVIEW_MB ?? 1024),
      runs: Number(process.env.BENCH_PREVIEW_RUNS ?? 5),
      repeats: Number(process.env.BENCH_PREVIEW_REPEATS ?? BASELINE_REPEATS),
    });
    // BENCH_LARGE_PAIRS (100), BENCH_LARGE_RUNS (5), BENCH_LARGE_LATENCY_MS (50), BENCH_LARGE_PARALLEL (unbounded).
    const largeStack = await benchLargeStack(largeStackOptionsFromEnv());
    const quickstart = await benchQuickstart();
    const results = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      upload,
      network,
      polling,
      teardown,
      providers,
      preview,
      largePreview,
      largeStack,
      quickstart,
    };
    fs.writeFileSync(
      path.join(ROOT, "bench", "results.json"),
      JSON.stringify(results, null, 2) + "\n",
    );
    const mb = (upload.fileBytes / 1024 / 1024).toFixed(0);
    const createRows = (
      measure: UploadCreateMeasure,
      judged: boolean,
    ): [string, string, string][] => {
      const which = `Upload create, ${measure.concurrency} part(s) at a time`;
      return [
        [
          `upload ${mb} MiB: ${which}`,
          `${measure.seconds.toFixed(2)} s`,
          judged ? "judged against the targets" : "for comparison",
        ],
        [
          `  speed-up over naive${judged ? " (target ≥ 2×)" : ""}`,
          `${measure.speedupOverNaive.toFixed(2)}×`,
          judged ? mark(upload.met.speedupOverNaive) : "",
        ],
        [
          `  time / floor${judged ? " (target ≤ 1.5×)" : ""}`,
          `${measure.ratioToFloor.toFixed(2)}×`,
          judged ? mark(upload.met.ratioToFloor) : "",
        ],
        [
          "  CPU during it: client + emulator, over the cores",
          measure.cpuSeconds.cpuBoundSeconds === undefined
            ? "n/a"
            : `${measure.cpuSeconds.client.toFixed(2)} + ${measure.cpuSeconds.emulator!.toFixed(2)} s`,
          measure.cpuSeconds.cpuBoundSeconds === undefined
            ? ""
            : `≥ ${measure.cpuSeconds.cpuBoundSeconds.toFixed(2)} s wall`,
        ],
        [
          "  against a discarding server (the client's own cost) / floor",
          `${measure.clientOnlyRatioToFloor.toFixed(2)}×`,
          `${measure.clientOnlySeconds.toFixed(2)} s`,
        ],
        [
          `  peak RSS growth (budget ${measure.rssBudgetMb} MiB = part × concurrency + 64)`,
          `${measure.peakRssGrowthMb.toFixed(0)} MiB`,
          mark(measure.peakRssGrowthMb <= measure.rssBudgetMb),
        ],
      ];
    };
    const rows: [string, string, string][] = [
      [
        `upload ${mb} MiB: floor (read once + MD5 + SHA-256)`,
        `${upload.floorSeconds.toFixed(2)} s`,
        "baseline",
      ],
      [`upload ${mb} MiB: naive sequential SDK calls`, `${upload.naiveSeconds.toFixed(2)} s`, ""],
      ...createRows(upload.upload, true),
      ...createRows(upload.defaultConcurrency, false),
      ["JSONL validation throughput", `${upload.validationMbPerSecond.toFixed(0)} MiB/s`, ""],
      ["hashing floor throughput", `${upload.hashingMbPerSecond.toFixed(0)} MiB/s`, ""],
      ["validation time / hashing time", `${upload.validationToHashingRatio.toFixed(2)}×`, ""],
      ...networkRows(network),
      [
        `job wait, ${polling.jobMinutes.toFixed(1)} emulated min: fixed 5 s poll`,
        `${polling.fixedPollRequests} req`,
        "baseline",
      ],
      [
        `job wait, ${polling.jobMinutes.toFixed(1)} emulated min: FineTuneJob`,
        `${polling.packageRequests} req`,
        "",
      ],
      [
        "requests / fixed poll (target ≤ 0.33)",
        `${polling.requestRatio.toFixed(2)}×`,
        mark(polling.met.requestRatio),
      ],
      [
        "latest progress line after a status change (≤ 30 s)",
        `${polling.maxProgressLagSeconds.toFixed(1)} s`,
        mark(polling.met.progressLag),
      ],
      [
        `destroy 1 running job (${teardown.latencyMs} ms latency)`,
        `${teardown.oneSeconds.toFixed(2)} s`,
        "baseline",
      ],
      [
        `destroy ${teardown.jobs} running jobs in parallel`,
        `${teardown.allSeconds.toFixed(2)} s`,
        "",
      ],
      [
        "parallel teardown / single (target ≤ 1.5×)",
        `${teardown.ratio.toFixed(2)}×`,
        mark(teardown.met),
      ],
      ...providers.resources.map((r): [string, string, string] => [
        `serialized provider, ${r.kind}: in state / by value (${r.stateBytes} B / ${r.byValueBytes} B)`,
        `${r.ratio.toFixed(3)}×`,
        r.nodeModulesMatchesState ? "" : "state differs from node_modules copy",
      ]),
      [
        "credentials in any serialized provider (target none)",
        providers.met.noCredential ? "none" : "FOUND",
        mark(providers.met.noCredential),
      ],
      ...(providers.hooksModulesNotMeasured.length > 0
        ? [
            ["hooks modules not measured", providers.hooksModulesNotMeasured.join(", "), ""] as [
              string,
              string,
              string,
            ],
          ]
        : []),
      [
        `preview, program with no resources (median of ${preview.runs})`,
        `${preview.baseline.medianMs.toFixed(0)} ms`,
        "baseline",
      ],
      ...preview.programs.flatMap((p): [string, string, string][] => [
        [
          `preview ${p.program} (${p.resources} res), fresh: ms per resource`,
          `${p.fresh.msPerResource.toFixed(0)} ms`,
          `${p.fresh.ratioToBaseline.toFixed(2)}× baseline, ${p.fresh.requests} requests (target 0): ${mark(p.fresh.met)}`,
        ],
        [
          `preview ${p.program} (${p.resources} res), after up (check + diff): ms per resource`,
          `${p.afterUp.msPerResource.toFixed(0)} ms`,
          `${p.afterUp.ratioToBaseline.toFixed(2)}× baseline, ${p.afterUp.requests} requests (target 0): ${mark(p.afterUp.met)}`,
        ],
      ]),
      ...largePreviewRows(largePreview),
      ...largeStackRows(largeStack),
      [
        `quick start baseline: ${quickstart.examples} empty programs, preview/up/up/destroy`,
        `${quickstart.baselineSeconds.toFixed(2)} s`,
        "baseline",
      ],
      [
        `quick start: node dist/scripts/quickstart.js (${quickstart.examples} examples, ${quickstart.via})`,
        `${quickstart.seconds.toFixed(2)} s`,
        quickstart.ok ? "" : "FAILED",
      ],
      ["quick start / baseline", `${quickstart.ratio.toFixed(2)}×`, ""],
    ];
    const width = Math.max(...rows.map((r) => r[0].length));
    console.log(
      `\npulumi-finetune benchmark, ${results.node}, ${results.cpus} CPUs (${results.cpuModel})\n`,
    );
    for (const [name, value, note] of rows)
      console.log(`${name.padEnd(width)}  ${value.padStart(10)}  ${note}`);
    const markdown = [
      `pulumi-finetune benchmark, ${results.date.slice(0, 10)}, Node ${results.node}, ${results.cpus} CPUs (${results.cpuModel})`,
      "",
      "| Measure | Value | Against baseline / target |",
      "|---|---|---|",
      ...rows.map(([name, value, note]) => `| ${name.trim()} | ${value} | ${note} |`),
      "",
    ].join("\n");
    fs.writeFileSync(path.join(ROOT, "bench", "results.md"), markdown);
    console.log(`\nwritten to bench/results.json and bench/results.md`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The link the network benchmark imitates: 40 ms round trip, 400 Mbit/s in all and a quarter of it per connection
 * unless BENCH_RTT_MS, BENCH_TOTAL_MBIT or BENCH_CONNECTION_MBIT say otherwise.
 */
function networkShape() {
  const totalMbit = Number(process.env.BENCH_TOTAL_MBIT ?? 400);
  const connectionMbit = Number(process.env.BENCH_CONNECTION_MBIT ?? totalMbit / 4);
  return {
    rttMs: Number(process.env.BENCH_RTT_MS ?? 40),
    totalBitsPerSecond: totalMbit * 1e6,
    connectionBitsPerSecond: connectionMbit * 1e6,
  };
}

function networkRows(network: NetworkUploadResult): [string, string, string][] {
  const mb = (network.fileBytes / 1024 / 1024).toFixed(0);
  const byDefault = network.uploads.find((m) => m.concurrency === network.defaultConcurrency)!;
  const seconds = (value: number) => `${value.toFixed(2)} s`;
  return [
    [
      `upload ${mb} MiB over a network (${network.shape.description}): floor at the default ` +
        `${network.defaultConcurrency} at a time (bytes at the total cap + a round trip per round of ` +
        `${network.parts} part(s) of ${network.partSizeMb} MiB)`,
      seconds(byDefault.floorSeconds),
      "baseline",
    ],
    [
      "  over the network: naive sequential SDK calls",
      seconds(network.naive.seconds),
      `${network.naive.ratioToFloor.toFixed(2)}× its floor (${seconds(network.naive.floorSeconds)})`,
    ],
    ...network.uploads.map((m): [string, string, string] => [
      `  over the network: Upload create, ${m.concurrency} part(s) at a time` +
        (m.concurrency === network.defaultConcurrency ? " (default)" : ""),
      seconds(m.seconds),
      `${m.ratioToFloor.toFixed(2)}× its floor (${seconds(m.floorSeconds)}), ` +
        `${m.speedupOverOne.toFixed(2)}× over 1 at a time, ` +
        `${(network.naive.seconds / m.seconds).toFixed(2)}× over naive; the link allows ${seconds(m.linkSeconds)}` +
        (m.completeSeconds === undefined
          ? ""
          : `; ${seconds(m.completeSeconds)} of it from the last part's answer to complete's`),
    ]),
    [
      `  over the network, default concurrency: time / floor (target ≤ ${network.targets.ratioToFloor}×)`,
      `${byDefault.ratioToFloor.toFixed(2)}×`,
      mark(network.met.ratioToFloor),
    ],
    [
      `  over the network, default concurrency: speed-up over 1 part at a time (target ≥ ${network.targets.speedupOverOne}×)`,
      `${byDefault.speedupOverOne.toFixed(2)}×`,
      mark(network.met.speedupOverOne),
    ],
    [
      "  over the network: concurrencies meeting both targets",
      network.meetingTargets.length > 0 ? network.meetingTargets.join(", ") : "none",
      "",
    ],
    [
      `  over the network: CPU used, client + emulator + relay (${network.repeats} run(s) of each)`,
      [network.cpuSeconds.client, network.cpuSeconds.emulator, network.cpuSeconds.relay]
        .map((value) => (value === undefined ? "n/a" : value.toFixed(1)))
        .join(" + ") + " s",
      `load average ${network.loadAverage.before.toFixed(2)} before, ${network.loadAverage.after.toFixed(2)} after`,
    ],
  ];
}

function mark(ok: boolean): string {
  return ok ? "met" : "NOT met";
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
