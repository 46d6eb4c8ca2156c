/**
 * One direction of a relayed connection. Bytes pushed in leave in slices, each once the token buckets (the
 * connection's own, then the link's) let it, and arrive half a round trip after they left, in order; the end arrives
 * after the last byte. Time comes from an injected clock, so a fake clock drives it in tests.
 */
import type { WaitClock } from "../../provider/core/clock";
import { SLICE_BYTES } from "./linkShape";
import type { TokenBucket } from "./tokenBucket";

/** Where the bytes arrive: a socket, or a recorder in tests. */
export interface StreamSink {
  /** False when the sink is full: the stream waits for `drained()` before writing more. */
  write(chunk: Buffer): boolean;
  drained(): Promise<void>;
  end(): void;
}

export interface ShapedStreamOptions {
  /** Taken in this order for every slice: the connection's bucket, then the link's. */
  buckets: readonly TokenBucket[];
  /** One way: half the round trip. */
  delayMs: number;
  /** Nothing leaves before this time: a new connection's handshake. */
  notBeforeMs?: number;
  clock: WaitClock;
  sink: StreamSink;
  /**
   * Bytes held (waiting to leave or on the way) from which `push` asks the source to pause; 4 MiB by default, more
   * than the bytes on the way at 1 Gbit/s and 40 ms, so it bounds memory without capping the rate.
   */
  highWaterBytes?: number;
  /** Called when the bytes held fall to half the high-water mark after `push` returned false. */
  onDrain?: () => void;
  /** Called if the sink throws: the connection is broken. */
  onError?: (error: unknown) => void;
}

export class ShapedStream {
  private readonly waiting: Buffer[] = [];
  private readonly onTheWay: { atMs: number; chunk?: Buffer }[] = [];
  private readonly highWaterBytes: number;
  private held = 0;
  private delivered = 0;
  private paused = false;
  private pumping = false;
  private delivering = false;
  private finished = false;
  private endSent = false;
  private closed = false;

  constructor(private readonly options: ShapedStreamOptions) {
    this.highWaterBytes = options.highWaterBytes ?? 4 * 1024 * 1024;
  }

  /** Bytes written to the sink so far. */
  get bytesDelivered(): number {
    return this.delivered;
  }

  /** Queues bytes; false when the source should pause until `onDrain`. */
  push(chunk: Buffer): boolean {
    if (this.closed || this.finished || chunk.length === 0) return true;
    this.waiting.push(chunk);
    this.held += chunk.length;
    this.pump();
    if (this.held < this.highWaterBytes) return true;
    this.paused = true;
    return false;
  }

  /** The source ended: the sink is ended after the last byte arrives. */
  finish(): void {
    if (this.finished || this.closed) return;
    this.finished = true;
    this.pump();
  }

  /** Drops whatever is held; nothing more reaches the sink. */
  close(): void {
    this.closed = true;
    this.waiting.length = 0;
    this.onTheWay.length = 0;
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    void this.leave().catch((error: unknown) => this.fail(error));
  }

  private async leave(): Promise<void> {
    const { clock, buckets, delayMs } = this.options;
    for (;;) {
      const slice = this.nextSlice();
      if (this.closed) return;
      if (!slice) {
        this.pumping = false;
        if (this.finished && !this.endSent) {
          this.endSent = true;
          this.arrive(clock.now() + delayMs, undefined);
        }
        return;
      }
      const notBefore = this.options.notBeforeMs;
      if (notBefore !== undefined && notBefore > clock.now())
        await clock.sleep(notBefore - clock.now());
      for (const bucket of buckets) {
        const wait = bucket.take(slice.length, clock.now());
        if (wait > 0) await clock.sleep(wait);
      }
      if (this.closed) return;
      this.arrive(clock.now() + delayMs, slice);
    }
  }

  private nextSlice(): Buffer | undefined {
    const head = this.waiting[0];
    if (!head) return undefined;
    if (head.length <= SLICE_BYTES) {
      this.waiting.shift();
      return head;
    }
    this.waiting[0] = head.subarray(SLICE_BYTES);
    return head.subarray(0, SLICE_BYTES);
  }

  private arrive(atMs: number, chunk: Buffer | undefined): void {
    this.onTheWay.push({ atMs, chunk });
    if (this.delivering) return;
    this.delivering = true;
    void this.deliver().catch((error: unknown) => this.fail(error));
  }

  private async deliver(): Promise<void> {
    const { clock, sink } = this.options;
    for (;;) {
      const next = this.onTheWay[0];
      if (this.closed || !next) break;
      const wait = next.atMs - clock.now();
      if (wait > 0) {
        await clock.sleep(wait);
        continue;
      }
      this.onTheWay.shift();
      if (!next.chunk) {
        sink.end();
        break;
      }
      this.held -= next.chunk.length;
      this.delivered += next.chunk.length;
      if (this.paused && this.held <= this.highWaterBytes / 2) {
        this.paused = false;
        this.options.onDrain?.();
      }
      if (!sink.write(next.chunk)) await sink.drained();
    }
    this.delivering = false;
  }

  private fail(error: unknown): void {
    this.close();
    this.options.onError?.(error);
  }
}
