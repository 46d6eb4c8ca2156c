import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { nodeHttpFetch } from "../../provider/core/nodeHttpFetch";
import { wasSent } from "../../provider/core/transport";

interface Seen {
  method: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

let server: http.Server;
let base: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({ method: req.method!, headers: req.headers, body: Buffer.concat(chunks) });
      if (req.url === "/empty") return void res.writeHead(204).end();
      if (req.url === "/slow") return void setTimeout(() => res.end("late"), 2000);
      res.setHeader("set-cookie", ["a=1", "b=2"]);
      res.setHeader("x-request-id", "req-1");
      res.writeHead(req.url === "/missing" ? 404 : 200, { "content-type": "application/json" });
      res.end(JSON.stringify({ path: req.url, bytes: Buffer.concat(chunks).length }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen.length = 0;
});

describe("nodeHttpFetch", () => {
  it("sends a byte body exactly, with its length, and returns a web Response", async () => {
    const body = Buffer.from([0, 1, 2, 255, 254]);
    const response = await nodeHttpFetch(`${base}/parts`, {
      method: "POST",
      body,
      headers: { "content-type": "application/octet-stream", "api-key": "k" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ path: "/parts", bytes: 5 });
    expect(seen[0]!.body.equals(body)).toBe(true);
    expect(seen[0]!.headers).toMatchObject({ "content-length": "5", "api-key": "k" });
    expect(response.headers.get("x-request-id")).toBe("req-1");
  });

  it.each([
    ["a string body", { method: "POST", body: '{"a":1}' }, 7],
    ["no body", { method: "GET" }, 0],
  ])("sends %s", async (_name, init, bytes) => {
    const response = await nodeHttpFetch(`${base}/x?api-version=1`, init);
    expect(await response.json()).toEqual({ path: "/x?api-version=1", bytes });
  });

  it("keeps error statuses for the caller and gives no body for 204", async () => {
    expect((await nodeHttpFetch(`${base}/missing`)).status).toBe(404);
    const empty = await nodeHttpFetch(`${base}/empty`, { method: "DELETE" });
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
  });

  it("hands FormData bodies to the built-in fetch", async () => {
    const form = new FormData();
    form.append("purpose", "fine-tune");
    const response = await nodeHttpFetch(`${base}/files`, { method: "POST", body: form });
    expect(response.status).toBe(200);
    expect(String(seen[0]!.headers["content-type"])).toMatch(/^multipart\/form-data; boundary=/);
  });

  it("fails with a connection-refused error that counts as never sent", async () => {
    const error = await nodeHttpFetch("http://127.0.0.1:9/", {}).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe("ECONNREFUSED");
    expect(wasSent(error)).toBe(false);
  });

  it("stops when the signal aborts", async () => {
    const error = await nodeHttpFetch(`${base}/slow`, { signal: AbortSignal.timeout(50) }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).name).toMatch(/AbortError|TimeoutError/);
  });
});
