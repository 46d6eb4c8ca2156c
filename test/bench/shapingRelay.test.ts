import { createHash, randomBytes } from "node:crypto";
import * as http from "node:http";
import * as net from "node:net";
import { performance } from "node:perf_hooks";
import { type LinkShape, SLICE_BYTES } from "../../bench/relay/linkShape";
import { ShapingRelay } from "../../bench/relay/shapingRelay";

// Timing is checked from below only: a relay that applies its caps and delays cannot be faster than they allow, on
// any machine. The upper bounds are generous; what a shaped upload takes is measured by `npm run bench`.
const KiB = 1024;
const BURST = 2 * SLICE_BYTES; // what a bucket lets through at once at these rates

const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");

/** A server on 127.0.0.1 that reads until the client's end, then answers `reply` and ends. */
async function exchangeServer(reply: Buffer) {
  const received: Buffer[] = [];
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("end", () => {
      received.push(Buffer.concat(chunks));
      socket.end(reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Connects through `port`, sends `data`, ends, and resolves with everything the server answered. */
function exchange(port: number, data: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port, allowHalfOpen: true });
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("end", () => {
      socket.end();
      resolve(Buffer.concat(chunks));
    });
    socket.on("error", reject);
    socket.end(data);
  });
}

async function withRelay<T>(
  upstreamPort: number,
  shape: LinkShape,
  run: (relay: ShapingRelay) => Promise<T>,
): Promise<T> {
  const relay = await ShapingRelay.start({ upstreamPort, shape });
  try {
    return await run(relay);
  } finally {
    await relay.close();
  }
}

async function seconds(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return (performance.now() - started) / 1000;
}

describe("ShapingRelay on loopback", () => {
  it("listens on 127.0.0.1 only", async () => {
    const server = await exchangeServer(Buffer.alloc(0));
    try {
      await withRelay(server.port, { rttMs: 0 }, async (relay) => {
        expect(relay.url).toBe(`http://127.0.0.1:${relay.port}`);
      });
    } finally {
      await server.close();
    }
  });

  it("passes bytes intact both ways, each direction at the connection's cap", async () => {
    const up = randomBytes(512 * KiB);
    const down = randomBytes(512 * KiB);
    const server = await exchangeServer(down);
    try {
      // 8 Mbit/s is 1 MB/s: each way takes at least (512 KiB - burst) / 1 MB/s = 0.39 s, plus half a round trip,
      // after the handshake's round trip: at least 0.99 s in all, where loopback alone takes milliseconds.
      const shape = { rttMs: 100, connectionBitsPerSecond: 8e6 };
      await withRelay(server.port, shape, async (relay) => {
        let answer: Buffer = Buffer.alloc(0);
        const took = await seconds(async () => (answer = await exchange(relay.port, up)));
        expect([sha(server.received[0]!), sha(answer)]).toEqual([sha(up), sha(down)]);
        const least = 0.1 + 2 * ((512 * KiB - BURST) / 1e6 + 0.05);
        expect(took).toBeGreaterThanOrEqual(least);
        expect(took).toBeLessThan(least * 4 + 2);
        expect(relay.stats()).toEqual({
          connections: 1,
          bytesUp: up.length,
          bytesDown: down.length,
        });
      });
    } finally {
      await server.close();
    }
  });

  it("holds connections together to the total cap", async () => {
    const server = await exchangeServer(Buffer.from("ok"));
    try {
      // Three connections of 256 KiB each, uncapped on their own, share 8 Mbit/s (1 MB/s): at least
      // (768 KiB - burst) / 1 MB/s = 0.66 s, where one connection alone would take 0.13 s.
      const shape = { rttMs: 20, totalBitsPerSecond: 8e6 };
      await withRelay(server.port, shape, async (relay) => {
        const data = [1, 2, 3].map(() => randomBytes(256 * KiB));
        const took = await seconds(() => Promise.all(data.map((d) => exchange(relay.port, d))));
        expect(server.received.map(sha).sort()).toEqual(data.map(sha).sort());
        const least = (3 * 256 * KiB - BURST) / 1e6;
        expect(took).toBeGreaterThanOrEqual(least);
        expect(took).toBeLessThan(least * 4 + 2);
        expect(relay.stats().connections).toBe(3);
      });
    } finally {
      await server.close();
    }
  });

  it("adds the round trip to every exchange, and one more to a new connection", async () => {
    // An HTTP server answering the SHA-256 of each body, reached through one kept-alive connection.
    const server = http.createServer((req, res) => {
      const hash = createHash("sha256");
      req.on("data", (chunk: Buffer) => hash.update(chunk));
      req.on("end", () => res.end(hash.digest("hex")));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const port = (server.address() as net.AddressInfo).port;
      await withRelay(port, { rttMs: 200 }, async (relay) => {
        const post = (body: Buffer) =>
          new Promise<string>((resolve, reject) => {
            const req = http.request(relay.url, { method: "POST", agent }, (res) => {
              let text = "";
              res.on("data", (chunk: Buffer) => (text += chunk.toString()));
              res.on("end", () => resolve(text));
            });
            req.on("error", reject);
            req.end(body);
          });
        const bodies = [randomBytes(100 * KiB), randomBytes(100 * KiB)];
        const answers: string[] = [];
        const first = await seconds(async () => answers.push(await post(bodies[0]!)));
        const second = await seconds(async () => answers.push(await post(bodies[1]!)));
        expect(answers).toEqual(bodies.map(sha));
        expect(first).toBeGreaterThanOrEqual(0.4); // handshake + request and answer
        expect(second).toBeGreaterThanOrEqual(0.2); // request and answer
        expect(relay.stats().connections).toBe(1);
      });
    } finally {
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("closes the connections it holds when it closes", async () => {
    const server = await exchangeServer(Buffer.alloc(0));
    try {
      const relay = await ShapingRelay.start({ upstreamPort: server.port, shape: { rttMs: 0 } });
      const socket = net.connect({ host: "127.0.0.1", port: relay.port });
      await new Promise((resolve) => socket.once("connect", resolve));
      socket.on("error", () => undefined); // a reset is as good as an end here
      const closed = new Promise((resolve) => socket.once("close", resolve));
      await relay.close();
      await closed;
    } finally {
      await server.close();
    }
  });
});
