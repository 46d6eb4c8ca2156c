import {
  doubtAbout,
  FileFingerprint,
  fingerprintOf,
  sameFingerprint,
} from "../../../provider/core/checkCache";

const base: FileFingerprint = {
  dev: "2049",
  ino: "1234567",
  size: "1073741824",
  mtimeNs: "1764547200123456789",
  ctimeNs: "1764547200123456789",
};

describe("sameFingerprint", () => {
  it.each<[string, Partial<FileFingerprint>, boolean]>([
    ["the same stat", {}, true],
    ["another device", { dev: "2050" }, false],
    ["another inode (replaced by a rename)", { ino: "1234568" }, false],
    ["another size (appended, truncated)", { size: "1073741825" }, false],
    ["an mtime one nanosecond later", { mtimeNs: "1764547200123456790" }, false],
    [
      "a ctime one nanosecond later (mtime restored by utimes)",
      { ctimeNs: "1764547200123456790" },
      false,
    ],
  ])("%s: %s", (_name, change, want) =>
    expect(sameFingerprint(base, { ...base, ...change })).toBe(want),
  );
});

describe("fingerprintOf", () => {
  it("keeps every nanosecond of 64-bit times as decimal strings", () => {
    const stats = {
      dev: 2049n,
      ino: 18446744073709551557n,
      size: 5n,
      mtimeNs: 1764547200123456789n,
      ctimeNs: 1764547200987654321n,
    };
    expect(fingerprintOf(stats)).toEqual({
      dev: "2049",
      ino: "18446744073709551557",
      size: "5",
      mtimeNs: "1764547200123456789",
      ctimeNs: "1764547200987654321",
    });
  });
});

describe("doubtAbout", () => {
  const changedAt = Date.UTC(2026, 0, 1);
  const ns = (ms: number) => (BigInt(ms) * 1_000_000n).toString();
  const at = (mtimeMs: number, ctimeMs: number) => ({
    ...base,
    mtimeNs: ns(mtimeMs),
    ctimeNs: ns(ctimeMs),
  });
  it.each<[string, FileFingerprint, number, string | undefined]>([
    ["changed an hour ago", at(changedAt, changedAt), changedAt + 3_600_000, undefined],
    ["changed just beyond the window", at(changedAt, changedAt), changedAt + 3_000, undefined],
    [
      "changed within the window",
      at(changedAt, changedAt),
      changedAt + 2_999,
      "changed too recently",
    ],
    ["changed this instant", at(changedAt, changedAt), changedAt, "changed too recently"],
    [
      "an mtime set back, a ctime just now",
      at(changedAt - 3_600_000, changedAt),
      changedAt + 1,
      "changed too recently",
    ],
    [
      "an mtime in the future",
      at(changedAt + 60_000, changedAt),
      changedAt + 3_600,
      "time in the future",
    ],
    [
      "a ctime in the future (clock set back)",
      at(changedAt, changedAt + 1),
      changedAt,
      "time in the future",
    ],
  ])("%s", (_name, fingerprint, now, want) => expect(doubtAbout(fingerprint, now)).toBe(want));
});
