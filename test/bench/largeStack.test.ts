/** The large-stack benchmark's settings (BENCH_LARGE_*) and the rows it adds to `npm run bench`. */
import {
  CpuSeconds,
  LargePreview,
  LargeStackResult,
  LargeUp,
  largeStackOptionsFromEnv,
  largeStackRows,
} from "../../bench/largeStack";

const cpu: CpuSeconds = { program: 1, host: 0.5, harness: 0.25 };
const preview = (addedMsPerResource: number, requests = 0): LargePreview => ({
  runsMs: [4000],
  medianMs: 4000,
  cpu,
  requests,
  addedMsPerResource,
  addedCpuMsPerResource: 12.5,
  met: requests === 0 && addedMsPerResource <= 20,
});
const up = (pairs: number, medianSeconds: number): LargeUp => ({
  pairs,
  runsSeconds: [medianSeconds],
  medianSeconds,
  cpu,
  requestsByRoute: {},
  requests: pairs * 6,
  peakConcurrentRequests: pairs,
});
const result = (freshMs: number, ratio: number, requests = 0): LargeStackResult => ({
  pairs: 100,
  resources: 200,
  latencyMs: 50,
  runs: 5,
  parallel: "unbounded",
  preview: {
    empty: { medianMs: 1000, cpu },
    fresh: preview(freshMs, requests),
    afterUp: preview(10),
    targetMsPerResource: 20,
    met: freshMs <= 20 && requests === 0,
  },
  up: {
    one: up(1, 2),
    all: up(100, 2 * ratio),
    ratio,
    targetRatio: 5,
    met: ratio <= 5,
    lookups: { requestsPerPair: 3, shareOfRequests: 0.5, shareOfChain: 0.5, chainMs: 150 },
  },
  loadAverage: { before: 3.2, after: 4.1 },
});

describe("largeStackOptionsFromEnv", () => {
  it("takes nothing by default, so the benchmark's defaults apply", () => {
    expect(largeStackOptionsFromEnv({})).toEqual({
      pairs: undefined,
      runs: undefined,
      latencyMs: undefined,
      parallel: undefined,
    });
  });

  it("shrinks the stack with BENCH_LARGE_*", () => {
    const env = {
      BENCH_LARGE_PAIRS: "10",
      BENCH_LARGE_RUNS: "1",
      BENCH_LARGE_LATENCY_MS: "20",
      BENCH_LARGE_PARALLEL: "4",
    };
    expect(largeStackOptionsFromEnv(env)).toEqual({
      pairs: 10,
      runs: 1,
      latencyMs: 20,
      parallel: 4,
    });
  });
});

describe("largeStackRows", () => {
  const row = (rows: [string, string, string][], start: string) =>
    rows.find(([name]) => name.trim().startsWith(start));

  it.each([
    [15, 4.07, 0, "met", "met"],
    [24, 4.07, 0, "NOT met", "met"],
    [15, 4.07, 3, "NOT met", "met"],
    [15, 5.5, 0, "met", "NOT met"],
  ])(
    "preview +%d ms per resource, up ratio %d, %d requests: preview %s, up %s",
    (freshMs, ratio, requests, previewMark, upMark) => {
      const rows = largeStackRows(result(freshMs, ratio, requests));
      const fresh = row(rows, "preview, fresh")!;
      expect(fresh[1]).toBe(`${freshMs} ms`);
      expect(fresh[2].startsWith(`${previewMark}:`)).toBe(true);
      expect(fresh[2]).toContain(`${requests} requests`);
      expect(row(rows, "up of 100 pairs / up of one")!.slice(1)).toEqual([
        `${ratio.toFixed(2)}×`,
        upMark,
      ]);
    },
  );

  it("says what the look-ups cost and the load the figures were taken under", () => {
    const rows = largeStackRows(result(15, 4));
    expect(row(rows, "look-ups")!.slice(1)).toEqual([
      "3 req / pair",
      "50% of the requests; 50% of one pair's requests in a row (150 ms of its wait)",
    ]);
    expect(row(rows, "load average")![1]).toBe("3.2, 4.1");
  });
});
