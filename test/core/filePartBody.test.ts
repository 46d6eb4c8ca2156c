import { mkdtempSync, openAsBlob, rmSync, truncateSync, writeFileSync } from "node:fs";
import { createServer, Server } from "node:http";
import { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FinetuneError } from "../../provider/core/errors";
import { FilePartBody } from "../../provider/core/filePartBody";
import { nodeHttpFetch } from "../../provider/core/nodeHttpFetch";
import { createTransport } from "../../provider/core/transport";

const envelope = {
  head: Buffer.from("HEAD|"),
  tail: Buffer.from("|TAIL"),
  contentType: "multipart/form-data; boundary=x",
};

describe("FilePartBody", () => {
  const dir = mkdtempSync(join(tmpdir(), "file-part-"));
  const path = join(dir, "data");
  const content = Buffer.from(Array.from({ length: 3 * 1024 * 1024 + 11 }, (_, i) => i % 256));
  let server: Server;
  let url: string;
  let received: { body: Buffer; contentLength?: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        received.push({
          body: Buffer.concat(chunks),
          contentLength: req.headers["content-length"],
        });
        res.end("{}");
      });
      req.on("error", () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/parts`;
  });
  beforeEach(() => {
    received = [];
    writeFileSync(path, content);
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const range = { start: 1024 * 1024 - 5, end: 3 * 1024 * 1024 + 3 };
  const expected = () =>
    Buffer.concat([envelope.head, content.subarray(range.start, range.end), envelope.tail]);
  const part = async () => new FilePartBody(envelope, { path, ...range }, await openAsBlob(path));

  it("is a Blob of the envelope around the file's range, so any fetch sends it", async () => {
    const body = await part();
    expect(body.size).toBe(expected().length);
    await (await fetch(url, { method: "POST", body })).text();
    expect(received[0]!.body.equals(expected())).toBe(true);
  });

  it("is streamed from disk by this package's fetch, with its length declared", async () => {
    await (await nodeHttpFetch(url, { method: "POST", body: await part() })).text();
    expect(received[0]!.contentLength).toBe(String(expected().length));
    expect(received[0]!.body.equals(expected())).toBe(true);
  });

  it("can be sent again, as a retry does", async () => {
    const body = await part();
    for (let i = 0; i < 2; i++) await (await nodeHttpFetch(url, { method: "POST", body })).text();
    expect(received.map((r) => r.body.equals(expected()))).toEqual([true, true]);
  });

  it("fails without a retry, naming the file, when the file is gone", async () => {
    const body = await part();
    rmSync(path);
    const retries: unknown[] = [];
    const transport = createTransport({
      vendor: "azure-openai",
      isIdempotent: () => true,
      onRetry: (r) => retries.push(r),
    });
    const sent = transport.fetch(url, { method: "POST", body });
    await expect(sent).rejects.toThrow(FinetuneError);
    await expect(sent).rejects.toThrow(`Could not read ${path} to upload it (ENOENT)`);
    expect(retries).toEqual([]);
  });

  it("fails without a retry, naming the file, when the file got shorter", async () => {
    const body = await part();
    truncateSync(path, range.start + 10);
    const retries: unknown[] = [];
    const transport = createTransport({
      vendor: "azure-openai",
      isIdempotent: () => true,
      onRetry: (r) => retries.push(r),
    });
    const sent = transport.fetch(url, { method: "POST", body });
    await expect(sent).rejects.toThrow(FinetuneError);
    await expect(sent).rejects.toThrow(`${path} got shorter while it was being uploaded`);
    expect(retries).toEqual([]);
  });
});
