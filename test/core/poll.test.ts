import { setWaitClock, WaitClock } from "../../provider/core/clock";
import { WaitTimeoutError } from "../../provider/core/errors";
import { poll, pollDelayMs, PollSpec } from "../../provider/core/poll";
import { setProgressSink } from "../../provider/core/progress";

/** A clock that moves only when slept on, and records each sleep. */
function fakeClock(start = 1_000_000): WaitClock & { sleeps: number[] } {
  let t = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
  };
}

let lines: string[] = [];
let restoreSink: () => void;
beforeEach(() => {
  lines = [];
  restoreSink = setProgressSink((line) => lines.push(line));
});
afterEach(() => {
  restoreSink();
  setWaitClock(undefined);
});

/** Reads that answer `states` in order, then repeat the last one. */
const reads = (...states: string[]) => {
  let i = 0;
  return async () => states[Math.min(i++, states.length - 1)]!;
};

function spec(states: string[], overrides: Partial<PollSpec<string>> = {}): PollSpec<string> {
  return {
    what: "file file-1",
    read: reads(...states),
    state: (s) => s,
    done: (s) => s === "processed",
    timeoutMs: 600_000,
    timeoutHint: "unused",
    firstDelayMs: 500,
    maxDelayMs: 10_000,
    ...overrides,
  };
}

describe("poll", () => {
  it.each<[string, string[], number[]]>([
    ["done at once: no sleep", ["processed"], []],
    [
      "grows by half while the state holds",
      ["pending", "pending", "pending", "pending", "processed"],
      [500, 750, 1125, 1688],
    ],
    [
      "a change resets the backoff",
      ["pending", "pending", "pending", "running", "running", "processed"],
      [500, 750, 1125, 500, 750],
    ],
    ["every read a change: always the first delay", ["a", "b", "c", "processed"], [500, 500, 500]],
  ])("%s", async (_name, states, sleeps) => {
    const clock = fakeClock();
    await expect(poll(spec(states, { clock }))).resolves.toBe("processed");
    expect(clock.sleeps).toEqual(sleeps);
  });

  it("caps the delay at maxDelayMs", async () => {
    const clock = fakeClock();
    await poll(
      spec([...Array<string>(12).fill("pending"), "processed"], { clock, maxDelayMs: 3_000 }),
    );
    expect(Math.max(...clock.sleeps)).toBe(3_000);
    expect(clock.sleeps.slice(-3)).toEqual([3_000, 3_000, 3_000]);
  });

  it("prints one progress line per change of state, with the seconds waited and the detail", async () => {
    const clock = fakeClock();
    await poll(
      spec(["pending", "pending", "running", "running", "processed"], {
        clock,
        detail: (s) => (s === "running" ? ", 2 steps" : ""),
      }),
    );
    expect(lines).toEqual([
      "file file-1: pending (0 s)",
      "file file-1: running (1 s), 2 steps",
      "file file-1: processed (3 s)",
    ]);
  });

  it("throws WaitTimeoutError with the hint at the timeout, never sleeping past it", async () => {
    const clock = fakeClock();
    const wait = poll(
      spec(["queued", "running"], {
        what: "fine-tuning job ftjob-1",
        done: () => false,
        timeoutMs: 10_000,
        firstDelayMs: 1_000,
        maxDelayMs: 3_000,
        timeoutHint: "Raise completionTimeoutSeconds.",
        clock,
      }),
    );
    await expect(wait).rejects.toThrow(WaitTimeoutError);
    await expect(wait).rejects.toThrow(
      "fine-tuning job ftjob-1 is still running after 10 s. Raise completionTimeoutSeconds.",
    );
    expect(clock.sleeps).toEqual([1000, 1000, 1500, 2250, 3000, 1250]);
    expect(clock.sleeps.reduce((a, b) => a + b)).toBe(10_000);
  });

  it("calls afterRead after every read, saying whether the state changed and whether it is done", async () => {
    const seen: string[] = [];
    await poll(
      spec(["a", "a", "processed"], {
        clock: fakeClock(),
        afterRead: async (value, { changed, done }) =>
          void seen.push(`${value} changed=${changed} done=${done}`),
      }),
    );
    expect(seen).toEqual([
      "a changed=true done=false",
      "a changed=false done=false",
      "processed changed=true done=true",
    ]);
  });

  it("uses the clock set with setWaitClock when none is passed", async () => {
    const clock = fakeClock();
    setWaitClock(clock);
    await poll(spec(["a", "processed"]));
    expect(clock.sleeps).toEqual([500]);
  });

  it("propagates a failing read", async () => {
    const wait = poll(
      spec([], {
        read: async () => {
          throw new Error("read broke");
        },
        clock: fakeClock(),
      }),
    );
    await expect(wait).rejects.toThrow("read broke");
  });
});

describe("pollDelayMs", () => {
  it.each([
    [0, 500, 10_000, 500],
    [1, 500, 10_000, 750],
    [2, 500, 10_000, 1125],
    [3, 500, 10_000, 1688],
    [6, 500, 10_000, 5695],
    [8, 500, 10_000, 10_000],
    [30, 500, 10_000, 10_000],
    [0, 60_000, 30_000, 60_000],
  ])("%i reads without change, first %i, cap %i -> %i ms", (reads, first, max, want) => {
    expect(pollDelayMs(reads, first, max)).toBe(want);
  });
});
