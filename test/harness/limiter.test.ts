/** The engine harness's `parallel`: at most that many resource operations at once, the others in arrival order. */
import { Engine, limiter, ProviderHost, UNBOUNDED_PARALLEL } from "../../harness";

/** Starts `count` operations at once through a limiter; each waits until released. */
function start(parallel: number, count: number) {
  const limit = limiter(parallel);
  const release: (() => void)[] = [];
  const started: number[] = [];
  let running = 0;
  let peak = 0;
  const done = Promise.all(
    Array.from({ length: count }, (_, i) =>
      limit(async () => {
        started.push(i);
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => release.push(resolve));
        running--;
        return i;
      }),
    ),
  );
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { release, started, done, settle, peak: () => peak };
}

describe("limiter", () => {
  it.each([
    [1, 5, 1],
    [2, 5, 2],
    [8, 5, 5],
    [UNBOUNDED_PARALLEL, 50, 50],
  ])("with parallel %d, of %d operations at most %d run at once", async (parallel, count, want) => {
    const run = start(parallel, count);
    await run.settle();
    expect(run.started).toHaveLength(want);
    while (run.release.length > 0) {
      run.release.shift()!();
      await run.settle();
    }
    expect(await run.done).toEqual(Array.from({ length: count }, (_, i) => i));
    expect(run.peak()).toBe(want);
  });

  it("hands a freed slot to the first waiting operation, not to one that arrives meanwhile", async () => {
    const limit = limiter(1);
    const order: string[] = [];
    let releaseFirst!: () => void;
    const first = limit(() => new Promise<void>((resolve) => (releaseFirst = resolve)));
    await new Promise((resolve) => setImmediate(resolve));
    const second = limit(async () => void order.push("second"));
    releaseFirst();
    // Arrives in the turn after the first's end, before the second has had one.
    const third = Promise.resolve().then(() => limit(async () => void order.push("third")));
    await Promise.all([first, second, third]);
    expect(order).toEqual(["second", "third"]);
  });

  it("frees the slot of an operation that fails", async () => {
    const limit = limiter(1);
    await expect(limit(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(limit(async () => "next")).resolves.toBe("next");
  });
});

describe("Engine parallel", () => {
  const options = { programDir: ".", project: "p", stack: "s", host: {} as ProviderHost };

  it("is unbounded by default, as the CLI's --parallel (2147483647)", () => {
    expect(new Engine(options).parallel).toBe(2_147_483_647);
    expect(new Engine({ ...options, parallel: 4 }).parallel).toBe(4);
  });

  it.each([0, -1, 1.5, NaN])("refuses parallel %s", (parallel) => {
    expect(() => new Engine({ ...options, parallel })).toThrow(/parallel must be a whole number/);
  });
});
