/**
 * A token bucket over bytes: it fills at `bytesPerSecond` up to `burstBytes`, and a sender takes its bytes from it
 * before they may leave. Pure: the caller says what time it is, so a fake clock drives it in tests.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAtMs: number;

  constructor(
    readonly bytesPerSecond: number,
    readonly burstBytes: number,
    startMs = 0,
  ) {
    if (!(bytesPerSecond > 0) || !Number.isFinite(bytesPerSecond))
      throw new RangeError(`bytesPerSecond must be a positive number, not ${bytesPerSecond}.`);
    if (!(burstBytes > 0)) throw new RangeError(`burstBytes must be positive, not ${burstBytes}.`);
    this.tokens = burstBytes;
    this.updatedAtMs = startMs;
  }

  /**
   * Takes `bytes` at `nowMs`, going into debt when there are not enough, and returns how many milliseconds until the
   * debt is paid: when those bytes may leave (0: at once). Senders that take in turn from one bucket are served in
   * the order they took, each after the bytes taken before it. A time earlier than the last one counts as the last.
   */
  take(bytes: number, nowMs: number): number {
    this.refill(nowMs);
    this.tokens -= bytes;
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.bytesPerSecond;
  }

  /** Tokens at `nowMs`; negative while a debt is being paid. */
  available(nowMs: number): number {
    this.refill(nowMs);
    return this.tokens;
  }

  private refill(nowMs: number): void {
    const now = Math.max(nowMs, this.updatedAtMs);
    const earned = ((now - this.updatedAtMs) * this.bytesPerSecond) / 1000;
    this.tokens = Math.min(this.burstBytes, this.tokens + earned);
    this.updatedAtMs = now;
  }
}
