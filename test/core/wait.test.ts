import { WaitTimeoutError } from "../../provider/core/errors";
import { setProgressSink } from "../../provider/core/progress";
import { pollDelays, setWaitClock, waitUntil, WaitClock } from "../../provider/core/wait";

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

/** Polls that answer `states` in order, then repeat the last one. */
const statesPoll = (...states: string[]) => {
  let i = 0;
  return async () => states[Math.min(i++, states.length - 1)] as string;
};

describe("waitUntil", () => {
  it("prints one progress line per change of state and returns the final value", async () => {
    const clock = fakeClock();
    const value = await waitUntil({
      what: "file file-1",
      poll: statesPoll("pending", "pending", "running", "running", "running", "processed"),
      describe: (s) => s,
      isDone: (s) => s === "processed",
      timeoutMs: 60_000,
      timeoutHint: "unused",
      clock,
    });
    expect(value).toBe("processed");
    expect(clock.sleeps).toEqual([500, 750, 1125, 1688, 2531]);
    expect(lines).toEqual(["file file-1: pending (0 s)", "file file-1: running (1 s)", "file file-1: processed (7 s)"]);
  });

  it("returns at once, without sleeping, when the first poll is done", async () => {
    const clock = fakeClock();
    const value = await waitUntil({
      what: "job",
      poll: async () => ({ status: "succeeded" }),
      describe: (v) => v.status,
      isDone: (v) => v.status === "succeeded",
      timeoutMs: 1,
      timeoutHint: "",
      clock,
    });
    expect(value).toEqual({ status: "succeeded" });
    expect(clock.sleeps).toEqual([]);
    expect(lines).toEqual(["job: succeeded (0 s)"]);
  });

  it("throws WaitTimeoutError with the hint after the timeout, never sleeping past it", async () => {
    const clock = fakeClock();
    const wait = waitUntil({
      what: "fine-tuning job ftjob-1",
      poll: statesPoll("queued", "running"),
      describe: (s) => s,
      isDone: () => false,
      timeoutMs: 10_000,
      firstDelayMs: 1_000,
      maxDelayMs: 3_000,
      timeoutHint: "Raise `timeouts.create` or check the job in the portal.",
      clock,
    });
    await expect(wait).rejects.toThrow(WaitTimeoutError);
    await expect(wait).rejects.toThrow(
      "fine-tuning job ftjob-1 is still running after 10 s. Raise `timeouts.create` or check the job in the portal.",
    );
    expect(clock.sleeps).toEqual([1000, 1500, 2250, 3000, 2250]);
    expect(clock.sleeps.reduce((a, b) => a + b)).toBe(10_000);
    expect(lines).toEqual(["fine-tuning job ftjob-1: queued (0 s)", "fine-tuning job ftjob-1: running (1 s)"]);
  });

  it("uses the clock set with setWaitClock when none is passed", async () => {
    const clock = fakeClock();
    setWaitClock(clock);
    await waitUntil({
      what: "x",
      poll: statesPoll("a", "b"),
      describe: (s) => s,
      isDone: (s) => s === "b",
      timeoutMs: 5_000,
      timeoutHint: "",
    });
    expect(clock.sleeps).toEqual([500]);
  });

  it("propagates a failing poll", async () => {
    const wait = waitUntil({
      what: "x",
      poll: async () => {
        throw new Error("poll broke");
      },
      describe: String,
      isDone: () => true,
      timeoutMs: 5_000,
      timeoutHint: "",
      clock: fakeClock(),
    });
    await expect(wait).rejects.toThrow("poll broke");
  });
});

describe("pollDelays", () => {
  it.each([
    [0, 500],
    [1, 750],
    [2, 1125],
    [3, 1688],
    [6, 5695],
    [7, 8543],
    [8, 10_000],
    [30, 10_000],
  ])("attempt %i -> %i ms (first 500, cap 10 s)", (attempt, want) => {
    expect(pollDelays(500, 10_000, attempt)).toBe(want);
  });
});
