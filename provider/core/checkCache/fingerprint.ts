/**
 * What tells an unchanged file, from a stat with `bigint: true`: the device and inode (the same file, not one put in
 * its place by a rename), its size, and its modification and status-change times in nanoseconds. Writing to a file
 * moves its ctime, and nothing but the kernel can set the ctime back (`utimes` sets the mtime and moves the ctime),
 * so a file changed in place, replaced, appended to or truncated never shows the same fingerprint.
 *
 * A fingerprint is not trusted while a change could still hide in it, as git's "racily clean" entries are not: when a
 * time is in the future (a clock set back, or a file from another machine), or within DOUBT_WINDOW_MS of now — a
 * write in the same tick of a coarse clock (2 s on FAT, 1 s on some network filesystems) would leave the times as
 * they were. Such a file is read every time, and its result is not stored.
 */
import type { BigIntStats } from "node:fs";

export const DOUBT_WINDOW_MS = 3_000;

/** The numbers as decimal strings: JSON has no 64-bit integers. */
export interface FileFingerprint {
  dev: string;
  ino: string;
  size: string;
  mtimeNs: string;
  ctimeNs: string;
}

export type FingerprintDoubt = "time in the future" | "changed too recently";

export type FingerprintStats = Pick<BigIntStats, "dev" | "ino" | "size" | "mtimeNs" | "ctimeNs">;

export function fingerprintOf(stats: FingerprintStats): FileFingerprint {
  return {
    dev: stats.dev.toString(),
    ino: stats.ino.toString(),
    size: stats.size.toString(),
    mtimeNs: stats.mtimeNs.toString(),
    ctimeNs: stats.ctimeNs.toString(),
  };
}

export function sameFingerprint(a: FileFingerprint, b: FileFingerprint): boolean {
  return (
    a.dev === b.dev &&
    a.ino === b.ino &&
    a.size === b.size &&
    a.mtimeNs === b.mtimeNs &&
    a.ctimeNs === b.ctimeNs
  );
}

/** Why the fingerprint cannot vouch for the file at `nowMs`, or undefined when it can. */
export function doubtAbout(
  fingerprint: FileFingerprint,
  nowMs: number,
  windowMs = DOUBT_WINDOW_MS,
): FingerprintDoubt | undefined {
  const now = BigInt(Math.floor(nowMs)) * 1_000_000n;
  const window = BigInt(Math.ceil(windowMs)) * 1_000_000n;
  const latest = [BigInt(fingerprint.mtimeNs), BigInt(fingerprint.ctimeNs)].reduce((a, b) =>
    a > b ? a : b,
  );
  if (latest > now) return "time in the future";
  if (now - latest < window) return "changed too recently";
  return undefined;
}
