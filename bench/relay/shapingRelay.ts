/**
 * A TCP relay on 127.0.0.1 that gives a server on this machine the shape of a network: each byte, in both
 * directions, goes through its connection's token bucket and the link's, then arrives half a round trip later, and a
 * new connection sends nothing for one round trip (its handshake). It forwards to one port of 127.0.0.1 only.
 */
import * as net from "node:net";
import { performance } from "node:perf_hooks";
import { realSleep, type WaitClock } from "../../provider/core/clock";
import { bucketFor, type LinkShape } from "./linkShape";
import { ShapedStream, type StreamSink } from "./shapedStream";
import type { TokenBucket } from "./tokenBucket";

const LOOPBACK = "127.0.0.1";

/** Milliseconds with sub-millisecond resolution: a 64 KiB slice at 400 Mbit/s takes 1.3 ms. */
export const relayClock: WaitClock = { now: () => performance.now(), sleep: realSleep };

export interface ShapingRelayOptions {
  /** Port of the server on 127.0.0.1 that connections are relayed to. */
  upstreamPort: number;
  shape: LinkShape;
  /** Port to listen on (127.0.0.1); 0, the default, picks a free one. */
  port?: number;
  clock?: WaitClock;
}

export interface RelayStats {
  connections: number;
  /** Bytes delivered to the server, and to the clients. */
  bytesUp: number;
  bytesDown: number;
}

export class ShapingRelay {
  private readonly sockets = new Set<net.Socket>();
  private readonly streams = new Set<ShapedStream>();
  private readonly totals: { up?: TokenBucket; down?: TokenBucket };
  private readonly counted: RelayStats = { connections: 0, bytesUp: 0, bytesDown: 0 };

  private constructor(
    private readonly server: net.Server,
    private readonly options: ShapingRelayOptions,
    private readonly clock: WaitClock,
  ) {
    const total = options.shape.totalBitsPerSecond;
    const now = clock.now();
    this.totals =
      total === undefined ? {} : { up: bucketFor(total, now), down: bucketFor(total, now) };
    server.on("connection", (client) => this.relay(client));
  }

  static async start(options: ShapingRelayOptions): Promise<ShapingRelay> {
    if (!(options.shape.rttMs >= 0)) throw new RangeError("rttMs must be 0 or more.");
    const server = net.createServer({ allowHalfOpen: true, noDelay: true });
    const relay = new ShapingRelay(server, options, options.clock ?? relayClock);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, LOOPBACK, () => resolve());
    });
    return relay;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  get url(): string {
    return `http://${LOOPBACK}:${this.port}`;
  }

  /** Connections accepted and bytes delivered so far (streams still open included). */
  stats(): RelayStats {
    return { ...this.counted };
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const stream of this.streams) stream.close();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private relay(client: net.Socket): void {
    const { shape, upstreamPort } = this.options;
    const now = this.clock.now();
    const upstream = net.connect({
      host: LOOPBACK,
      port: upstreamPort,
      allowHalfOpen: true,
      noDelay: true,
    });
    this.counted.connections++;
    const connectionBuckets = () =>
      shape.connectionBitsPerSecond === undefined
        ? []
        : [bucketFor(shape.connectionBitsPerSecond, now)];
    const broken = () => {
      up.close();
      down.close();
      client.destroy();
      upstream.destroy();
    };
    const up: ShapedStream = new ShapedStream({
      buckets: [...connectionBuckets(), ...(this.totals.up ? [this.totals.up] : [])],
      delayMs: shape.rttMs / 2,
      notBeforeMs: now + shape.rttMs,
      clock: this.clock,
      sink: socketSink(upstream, (bytes) => (this.counted.bytesUp += bytes)),
      onDrain: () => client.resume(),
      onError: broken,
    });
    const down: ShapedStream = new ShapedStream({
      buckets: [...connectionBuckets(), ...(this.totals.down ? [this.totals.down] : [])],
      delayMs: shape.rttMs / 2,
      clock: this.clock,
      sink: socketSink(client, (bytes) => (this.counted.bytesDown += bytes)),
      onDrain: () => upstream.resume(),
      onError: broken,
    });
    this.pipe(client, up);
    this.pipe(upstream, down);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on("error", broken);
      socket.once("close", () => this.sockets.delete(socket));
    }
    for (const stream of [up, down]) this.streams.add(stream);
    let open = 2;
    const settled = () => {
      if (--open > 0) return;
      this.streams.delete(up);
      this.streams.delete(down);
    };
    client.once("close", settled);
    upstream.once("close", settled);
  }

  /** What `from` sends goes into `stream`; its end (or its closing) ends the stream after the bytes held. */
  private pipe(from: net.Socket, stream: ShapedStream): void {
    from.on("data", (chunk: Buffer) => {
      if (!stream.push(chunk)) from.pause();
    });
    from.once("end", () => stream.finish());
    from.once("close", () => stream.finish());
  }
}

function socketSink(socket: net.Socket, delivered: (bytes: number) => void): StreamSink {
  return {
    write: (chunk) => {
      delivered(chunk.length);
      return socket.write(chunk);
    },
    drained: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          socket.off("drain", done);
          socket.off("close", done);
          resolve();
        };
        socket.on("drain", done);
        socket.on("close", done);
      }),
    end: () => socket.end(),
  };
}
