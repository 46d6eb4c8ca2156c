import { randomBytes } from "node:crypto";
import { SLICE_BYTES } from "../../bench/relay/linkShape";
import { ShapedStream, StreamSink } from "../../bench/relay/shapedStream";
import { TokenBucket } from "../../bench/relay/tokenBucket";
import { FakeClock } from "./fakeClock";

/** Rates in slices per second, so that times come out round: 10 slices/s is 100 ms a slice. */
const slicesPerSecond = (n: number) => n * SLICE_BYTES;

/** A sink that records when each byte arrived and when the end did. */
function recorder(clock: FakeClock) {
  const chunks: Buffer[] = [];
  const arrivals: number[] = [];
  let endedAt: number | undefined;
  const sink: StreamSink = {
    write: (chunk) => {
      chunks.push(chunk);
      arrivals.push(clock.now());
      return true;
    },
    drained: async () => undefined,
    end: () => {
      endedAt = clock.now();
    },
  };
  return {
    sink,
    arrivals,
    bytes: () => Buffer.concat(chunks),
    endedAt: () => endedAt,
  };
}

interface StreamCase {
  slices: number;
  notBeforeMs?: number;
}

// Each stream has its own bucket at `own` slices/s (burst one slice); all share `total` (burst two slices), if any.
// One way is 20 ms. The expected times are when each slice arrives.
const cases: [string, StreamCase[], number, number | undefined, number[][]][] = [
  [
    "one stream at its cap: a slice per 100 ms, each 20 ms on the way",
    [{ slices: 4 }],
    10,
    undefined,
    [[20, 120, 220, 320]],
  ],
  [
    "a new connection sends nothing before its handshake",
    [{ slices: 2, notBeforeMs: 40 }],
    10,
    undefined,
    [[60, 160]],
  ],
  [
    "streams under a loose total cap each go at their own",
    [{ slices: 2 }, { slices: 2 }],
    10,
    100,
    [
      [20, 120],
      [20, 120],
    ],
  ],
  // A total of 10 slices/s shared by two streams that could each do 10: its burst lets a slice of each go at once,
  // then together they get 10 a second, in turn.
  [
    "a tight total cap is shared in turn",
    [{ slices: 2 }, { slices: 2 }],
    10,
    10,
    [
      [20, 120],
      [20, 220],
    ],
  ],
];

describe("ShapedStream", () => {
  it.each(cases)("%s", async (_name, streams, own, total, want) => {
    const clock = new FakeClock();
    const shared =
      total === undefined ? [] : [new TokenBucket(slicesPerSecond(total), 2 * SLICE_BYTES)];
    const sinks = streams.map(({ slices, notBeforeMs }) => {
      const sink = recorder(clock);
      const stream = new ShapedStream({
        buckets: [new TokenBucket(slicesPerSecond(own), SLICE_BYTES), ...shared],
        delayMs: 20,
        notBeforeMs,
        clock,
        sink: sink.sink,
      });
      stream.push(Buffer.alloc(slices * SLICE_BYTES));
      stream.finish();
      return sink;
    });
    await clock.run();
    expect(sinks.map((s) => s.arrivals)).toEqual(want);
  });

  it("keeps connections that could go faster together at the total cap", async () => {
    // Four streams of 4 slices, each allowed 10 slices/s, share 20 slices/s: after the total's burst of two, a slice
    // leaves every 50 ms, so the 16th leaves at 700 ms, against 300 ms for one stream alone.
    const clock = new FakeClock();
    const total = new TokenBucket(slicesPerSecond(20), 2 * SLICE_BYTES);
    const sinks = [1, 2, 3, 4].map(() => {
      const sink = recorder(clock);
      const stream = new ShapedStream({
        buckets: [new TokenBucket(slicesPerSecond(10), SLICE_BYTES), total],
        delayMs: 20,
        clock,
        sink: sink.sink,
      });
      stream.push(Buffer.alloc(4 * SLICE_BYTES));
      stream.finish();
      return sink;
    });
    await clock.run();
    const all = sinks.flatMap((s) => s.arrivals).sort((a, b) => a - b);
    expect(all).toEqual([20, ...Array.from({ length: 15 }, (_, i) => 20 + 50 * i)]);
    // In turn: no stream ends more than one round of the four (200 ms) before the last.
    const ends = sinks.map((s) => s.endedAt()!);
    expect(Math.max(...ends) - Math.min(...ends)).toBeLessThanOrEqual(200);
  });

  it("delivers the bytes intact and in order, then the end, whatever the chunking", async () => {
    const clock = new FakeClock();
    const sink = recorder(clock);
    const stream = new ShapedStream({
      buckets: [new TokenBucket(slicesPerSecond(10), SLICE_BYTES)],
      delayMs: 20,
      clock,
      sink: sink.sink,
    });
    // Pieces smaller than a slice, a little over one and two whole slices, pushed one after another.
    const data = randomBytes(1 + 1000 + (SLICE_BYTES + 7) + 2 * SLICE_BYTES);
    for (const [start, end] of [
      [0, 1],
      [1, 1001],
      [1001, SLICE_BYTES + 1008],
      [SLICE_BYTES + 1008, data.length],
    ])
      stream.push(data.subarray(start, end));
    stream.finish();
    await clock.run();
    expect(sink.bytes().equals(data)).toBe(true);
    expect(stream.bytesDelivered).toBe(data.length);
    expect(sink.endedAt()).toBe(sink.arrivals.at(-1));
  });

  it("asks the source to pause above the high-water mark and to resume at half of it", async () => {
    const clock = new FakeClock();
    const sink = recorder(clock);
    const drains: number[] = [];
    const stream = new ShapedStream({
      buckets: [new TokenBucket(slicesPerSecond(10), SLICE_BYTES)],
      delayMs: 20,
      clock,
      sink: sink.sink,
      highWaterBytes: 2 * SLICE_BYTES,
      onDrain: () => drains.push(clock.now()),
    });
    expect(stream.push(Buffer.alloc(SLICE_BYTES))).toBe(true);
    expect(stream.push(Buffer.alloc(2 * SLICE_BYTES))).toBe(false);
    await clock.run();
    // Three slices arrive at 20, 120 and 220; after the second, one slice is held.
    expect(drains).toEqual([120]);
  });

  it("waits for a full sink to drain before writing more", async () => {
    const clock = new FakeClock();
    const writes: number[] = [];
    let drain: () => void = () => undefined;
    const stream = new ShapedStream({
      buckets: [],
      delayMs: 20,
      clock,
      sink: {
        write: () => {
          writes.push(clock.now());
          return false;
        },
        drained: () => new Promise<void>((resolve) => (drain = resolve)),
        end: () => undefined,
      },
    });
    stream.push(Buffer.alloc(3 * SLICE_BYTES));
    await clock.run();
    expect(writes).toHaveLength(1);
    drain();
    await clock.run();
    expect(writes).toHaveLength(2);
  });

  it("drops what it holds once closed", async () => {
    const clock = new FakeClock();
    const sink = recorder(clock);
    const stream = new ShapedStream({
      buckets: [new TokenBucket(slicesPerSecond(10), SLICE_BYTES)],
      delayMs: 20,
      clock,
      sink: sink.sink,
    });
    stream.push(Buffer.alloc(3 * SLICE_BYTES));
    stream.finish();
    stream.close();
    await clock.run();
    expect([sink.arrivals, sink.endedAt()]).toEqual([[], undefined]);
  });
});
