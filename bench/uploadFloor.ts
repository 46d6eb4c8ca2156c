/**
 * What a network's shape allows a multipart upload, for the network benchmark: pure, so tests check the figures the
 * report is judged against.
 */
import type { LinkShape } from "./relay/linkShape";

/**
 * The physical floor: every byte at the total cap, plus one round trip per round of parts (a part's request and
 * answer). The upload's create and complete and the connections' handshakes are left out, so no upload beats it.
 */
export function floorOf(
  bytes: number,
  partBytes: number,
  concurrency: number,
  shape: LinkShape,
): number {
  const rounds = Math.ceil(Math.max(1, Math.ceil(bytes / partBytes)) / concurrency);
  return secondsAt(bytes, shape.totalBitsPerSecond) + (rounds * shape.rttMs) / 1000;
}

/**
 * What the link allows at this concurrency: the parts in rounds of `concurrency`, each part of a round at the
 * per-connection cap or its share of the total, whichever is less, and a round trip per round.
 */
export function linkSecondsOf(
  bytes: number,
  partBytes: number,
  concurrency: number,
  shape: LinkShape,
): number {
  let seconds = 0;
  for (let start = 0; start < bytes; start += partBytes * concurrency) {
    const inRound = Math.min(concurrency, Math.ceil((bytes - start) / partBytes));
    const largest = Math.min(partBytes, bytes - start);
    const each = Math.min(
      shape.connectionBitsPerSecond ?? Infinity,
      (shape.totalBitsPerSecond ?? Infinity) / inRound,
    );
    seconds += secondsAt(largest, each) + shape.rttMs / 1000;
  }
  return seconds;
}

function secondsAt(bytes: number, bitsPerSecond: number | undefined): number {
  return bitsPerSecond === undefined || bitsPerSecond === Infinity
    ? 0
    : (bytes * 8) / bitsPerSecond;
}
