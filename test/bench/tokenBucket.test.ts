import { TokenBucket } from "../../bench/relay/tokenBucket";

/** [taken bytes, at ms] in turn, and the waits each take returns. Rate 1000 B/s (1 byte per ms), burst 100 B. */
const cases: [string, [number, number][], number[]][] = [
  ["a full bucket lets a burst go at once", [[100, 0]], [0]],
  ["past the burst, the debt is paid at the rate", [[150, 0]], [50]],
  [
    "takes at one time wait in turn, each after the bytes before it",
    [
      [100, 0],
      [100, 0],
      [100, 0],
    ],
    [0, 100, 200],
  ],
  [
    "time refills the bucket",
    [
      [100, 0],
      [60, 60],
    ],
    [0, 0],
  ],
  [
    "it refills only up to the burst, however long it stood",
    [
      [100, 0],
      [150, 10_000],
    ],
    [0, 50],
  ],
  [
    "a debt is paid before a later take",
    [
      [200, 0],
      [50, 50],
    ],
    [100, 100],
  ],
  [
    "a time earlier than the last one counts as the last",
    [
      [100, 50],
      [100, 0],
    ],
    [0, 100],
  ],
];

describe("TokenBucket", () => {
  it.each(cases)("%s", (_name, takes, waits) => {
    const bucket = new TokenBucket(1000, 100);
    expect(takes.map(([bytes, at]) => bucket.take(bytes, at))).toEqual(waits);
  });

  it.each([
    [0, 100],
    [-1, 100],
    [Infinity, 100],
    [1000, 0],
  ])("refuses a rate of %s with a burst of %s", (rate, burst) => {
    expect(() => new TokenBucket(rate, burst)).toThrow(RangeError);
  });

  it("tells the tokens available, negative while in debt", () => {
    const bucket = new TokenBucket(1000, 100);
    bucket.take(300, 0);
    expect([bucket.available(0), bucket.available(150), bucket.available(1000)]).toEqual([
      -200, -50, 100,
    ]);
  });
});
