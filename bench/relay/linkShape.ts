/** The shape of the network the relay imitates: a round trip, a cap per connection and a cap for all of them. */
import { TokenBucket } from "./tokenBucket";

export interface LinkShape {
  /**
   * Round trip in ms: half of it is added to data in each direction (a request and its answer cost one round trip),
   * and a new connection's first byte leaves one round trip after it was accepted (the TCP handshake).
   */
  rttMs: number;
  /** Cap of each connection, in each direction, in bits per second; none when undefined. */
  connectionBitsPerSecond?: number;
  /** Cap of all connections together, in each direction (the link is full duplex); none when undefined. */
  totalBitsPerSecond?: number;
}

/** Bytes are taken from the buckets this many at a time, so connections sharing the total cap take turns finely. */
export const SLICE_BYTES = 64 * 1024;

/**
 * A bucket holds what it earns in 10 ms at its rate, and at least two slices: a timer fires a millisecond or so
 * late, and the tokens earned meanwhile would otherwise be lost for good, leaving the link slower than its cap.
 */
const BURST_MS = 10;

export function bucketFor(bitsPerSecond: number, nowMs: number): TokenBucket {
  const bytesPerSecond = bitsPerSecond / 8;
  return new TokenBucket(
    bytesPerSecond,
    Math.max(2 * SLICE_BYTES, (bytesPerSecond * BURST_MS) / 1000),
    nowMs,
  );
}

export function describeShape(shape: LinkShape): string {
  const mbit = (bits: number | undefined) =>
    bits === undefined ? "uncapped" : `${(bits / 1e6).toFixed(0)} Mbit/s`;
  return (
    `${shape.rttMs} ms round trip, ${mbit(shape.connectionBitsPerSecond)} per connection, ` +
    `${mbit(shape.totalBitsPerSecond)} in all`
  );
}
