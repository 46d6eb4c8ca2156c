import type { LinkShape } from "../../bench/relay/linkShape";
import { floorOf, linkSecondsOf } from "../../bench/uploadFloor";

const MiB = 1024 * 1024;
// The benchmark's shape: 40 ms, 100 Mbit/s per connection, 400 Mbit/s in all. 64 MiB is 5.36870912 s at 100 Mbit/s.
const shape: LinkShape = { rttMs: 40, connectionBitsPerSecond: 100e6, totalBitsPerSecond: 400e6 };
const part = 5.36870912;

describe("the network benchmark's floor and link figures", () => {
  it.each([
    ["4 parts, 1 at a time: a round trip each", 256 * MiB, 1, part + 4 * 0.04],
    ["4 parts, 4 at a time: one round", 256 * MiB, 4, part + 0.04],
    ["4 parts, 8 at a time: still one round", 256 * MiB, 8, part + 0.04],
    [
      "5 parts, 4 at a time: two rounds",
      256 * MiB + 1,
      4,
      ((256 * MiB + 1) * 8) / 400e6 + 2 * 0.04,
    ],
  ])("floor: %s", (_name, bytes, concurrency, want) => {
    expect(floorOf(bytes, 64 * MiB, concurrency, shape)).toBeCloseTo(want, 9);
  });

  it.each([
    ["one at a time gets a connection's cap", 256 * MiB, 1, 4 * part + 4 * 0.04],
    ["two at a time get two connections' caps", 256 * MiB, 2, 2 * part + 2 * 0.04],
    ["four at a time fill the link", 256 * MiB, 4, part + 0.04],
    ["eight at a time share the link: no faster", 256 * MiB, 8, part + 0.04],
    [
      "a small last part costs its bytes and a round trip",
      257 * MiB,
      4,
      part + 0.04 + part / 64 + 0.04,
    ],
  ])("link: %s", (_name, bytes, concurrency, want) => {
    expect(linkSecondsOf(bytes, 64 * MiB, concurrency, shape)).toBeCloseTo(want, 9);
  });

  it("an uncapped link costs only the round trips", () => {
    const rttOnly = { rttMs: 40 };
    expect([
      floorOf(256 * MiB, 64 * MiB, 2, rttOnly),
      linkSecondsOf(256 * MiB, 64 * MiB, 2, rttOnly),
    ]).toEqual([0.08, 0.08]);
  });
});
