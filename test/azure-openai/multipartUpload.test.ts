import {
  formatBytes,
  partCount,
  predictedOverrun,
} from "../../provider/azure-openai/multipartUpload";

const MiB = 1024 * 1024;

describe("partCount", () => {
  it.each([
    [0, 64 * MiB, 1],
    [1, 64 * MiB, 1],
    [64 * MiB, 64 * MiB, 1],
    [64 * MiB + 1, 64 * MiB, 2],
    [9 * 1024 * MiB, 64 * MiB, 144],
  ])("%i bytes in parts of %i: %i", (bytes, part, want) =>
    expect(partCount(bytes, part)).toBe(want),
  );
});

describe("predictedOverrun", () => {
  const start = 1_000_000;
  it.each([
    [
      "on pace to finish an hour early",
      { sentBytes: 100, totalBytes: 200, nowMs: start + 10_000, expiresAtMs: start + 3_600_000 },
      false,
    ],
    [
      "finishing inside the last minute",
      { sentBytes: 100, totalBytes: 200, nowMs: start + 1_000_000, expiresAtMs: start + 2_030_000 },
      true,
    ],
    [
      "finishing after expiry",
      { sentBytes: 10, totalBytes: 1000, nowMs: start + 120_000, expiresAtMs: start + 7_200_000 },
      true,
    ],
    [
      "nothing sent yet",
      { sentBytes: 0, totalBytes: 1000, nowMs: start + 60_000, expiresAtMs: start + 61_000 },
      false,
    ],
  ])("%s", (_name, progress, overrun) => {
    const finish = predictedOverrun({ startedMs: start, ...progress });
    expect(finish !== undefined).toBe(overrun);
  });

  it("predicts the finish from the rate so far", () => {
    const finish = predictedOverrun({
      startedMs: 0,
      nowMs: 10_000,
      sentBytes: 1,
      totalBytes: 4,
      expiresAtMs: 30_000,
    });
    expect(finish).toBe(40_000);
  });
});

describe("formatBytes", () => {
  it.each([
    [512, "512 B"],
    [2048, "2.0 KiB"],
    [3.5 * MiB, "3.5 MiB"],
    [9 * 1024 * MiB, "9.00 GiB"],
  ])("%d → %s", (bytes, want) => expect(formatBytes(bytes)).toBe(want));
});
