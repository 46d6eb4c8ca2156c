/**
 * POST /openai/files/import (dated specs, Files_Import): the content comes from `content_url`, which
 * the emulator fetches only from loopback; the file then processes as an upload does.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type FileObject, isLoopbackUrl } from "../../emulator";
import { fetchImportContent } from "../../emulator/azure/fileImport";
import {
  azureFetch,
  CHAT_LINE,
  manualClock,
  readError,
  readFile,
  START_MS,
  useEmulator,
} from "./helpers";

const TRAINING = `${CHAT_LINE}\n${CHAT_LINE}\n`;

/** A loopback server for content_url: /train.jsonl, /bad.jsonl, /redirect, anything else 404. */
function contentServer(): { start(): Promise<string>; stop(): Promise<void>; hits: string[] } {
  const hits: string[] = [];
  let server: Server | undefined;
  return {
    hits,
    async start() {
      server = createServer((req, res) => {
        hits.push(req.url ?? "");
        if (req.url?.startsWith("/train.jsonl")) return void res.end(TRAINING);
        if (req.url === "/bad.jsonl") return void res.end("not json\n");
        if (req.url === "/redirect") {
          return void res.writeHead(302, { location: "/train.jsonl" }).end();
        }
        res.writeHead(404).end("no");
      });
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    stop: () => new Promise((resolve) => (server ? server.close(() => resolve()) : resolve())),
  };
}

describe("POST /openai/files/import", () => {
  const emulator = useEmulator();
  const content = contentServer();
  let base = "";
  beforeAll(async () => {
    base = await content.start();
  });
  afterAll(() => content.stop());

  const importFile = (body: Record<string, unknown>, apiVersion = "2025-04-01-preview") =>
    azureFetch(emulator(), `/openai/files/import?api-version=${apiVersion}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  const good = () => ({
    purpose: "fine-tune",
    filename: "train.jsonl",
    content_url: `${base}/train.jsonl?sig=abc`,
  });

  it("fetches the content from a loopback URL and answers 201 with a pending File", async () => {
    const res = await importFile(good());
    expect(res.status).toBe(201);
    const file = await readFile(res);
    expect(file).toEqual({
      id: expect.stringMatching(/^file-[0-9a-f]{32}$/),
      object: "file",
      bytes: Buffer.byteLength(TRAINING),
      created_at: START_MS / 1000,
      filename: "train.jsonl",
      purpose: "fine-tune",
      status: "pending",
      status_details: null,
    });
    expect(emulator().store.readFileContent(file.id).toString()).toBe(TRAINING);
    manualClock(emulator()).advance(emulator().store.processingMs);
    const got = await readFile(await azureFetch(emulator(), `/openai/files/${file.id}`));
    expect(got.status).toBe("processed");
  });

  it("processes an imported file as an upload: bad JSONL ends in error", async () => {
    const res = await importFile({ ...good(), content_url: `${base}/bad.jsonl` });
    const { id } = await readFile(res);
    manualClock(emulator()).advance(emulator().store.processingMs);
    const got = (await (await azureFetch(emulator(), `/openai/files/${id}`)).json()) as FileObject;
    expect(got.status).toBe("error");
    expect(got.status_details).toBeTruthy();
  });

  it("answers 201 on 2024-10-21 too, and accepts a valid expires_after", async () => {
    expect((await importFile(good(), "2024-10-21")).status).toBe(201);
    const expiresAfter = { anchor: "created_at", seconds: 1_209_600 };
    expect((await importFile({ ...good(), expires_after: expiresAfter })).status).toBe(201);
  });

  it.each([
    ["a public host", "https://example.com/train.jsonl"],
    ["an Azure blob SAS URL", "https://acct.blob.core.windows.net/c/f.jsonl?sig=SECRET-SAS"],
    ["a private address", "http://10.0.0.1/train.jsonl"],
    ["a name that only starts like loopback", "http://127.0.0.1.nip.io/train.jsonl"],
    ["an ftp URL on loopback", "ftp://127.0.0.1/train.jsonl"],
    ["a file URL", "file:///etc/passwd"],
    ["a relative URL", "/train.jsonl"],
  ])("answers 400 naming content_url for %s, fetching nothing", async (_, url) => {
    const hits = content.hits.length;
    const res = await importFile({ ...good(), content_url: url });
    expect(res.status).toBe(400);
    const error = await readError(res);
    expect(error).toMatchObject({ code: "invalidPayload", target: "content_url" });
    expect(error.message).not.toContain("SECRET-SAS");
    expect(content.hits).toHaveLength(hits);
    expect(emulator().store.listFiles()).toEqual([]);
  });

  it.each([
    ["content_url", { content_url: undefined }],
    ["purpose", { purpose: undefined }],
    ["purpose", { purpose: "training" }],
    ["filename", { filename: undefined }],
    ["filename", { filename: "dir/train.jsonl" }],
    ["expires_after.seconds", { expires_after: { anchor: "created_at", seconds: 60 } }],
    ["expires_after.anchor", { expires_after: { anchor: "now", seconds: 1_209_600 } }],
    ["expires_after", { expires_after: "soon" }],
  ])("answers 400 invalidPayload naming %s", async (target, fields) => {
    const res = await importFile({ ...good(), ...fields });
    expect(res.status).toBe(400);
    expect(await readError(res)).toMatchObject({ code: "invalidPayload", target });
    expect(emulator().store.listFiles()).toEqual([]);
  });

  it("answers 400 for a body that is not a JSON object", async () => {
    const res = await azureFetch(emulator(), "/openai/files/import", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "[]",
    });
    expect(res.status).toBe(400);
  });

  it.each([
    ["answers 404", "/missing", "HTTP 404"],
    ["redirects (not followed)", "/redirect", "HTTP 302"],
  ])("answers 400 fileImportFailed when content_url %s", async (_, path, message) => {
    const hits = content.hits.length;
    const res = await importFile({ ...good(), content_url: `${base}${path}` });
    expect(res.status).toBe(400);
    const error = await readError(res);
    expect(error).toMatchObject({ code: "fileImportFailed", target: "content_url" });
    expect(error.message).toContain(message);
    expect(content.hits.slice(hits)).toEqual([path]);
    expect(emulator().store.listFiles()).toEqual([]);
  });

  it("answers 400 fileImportFailed when nothing listens at content_url", async () => {
    const closed = contentServer();
    const url = await closed.start();
    await closed.stop();
    const res = await importFile({ ...good(), content_url: `${url}/train.jsonl` });
    expect(res.status).toBe(400);
    expect(await readError(res)).toMatchObject({ code: "fileImportFailed", target: "content_url" });
  });

  it("refuses content larger than the limit", async () => {
    const url = new URL(`${base}/train.jsonl`);
    await expect(fetchImportContent(url, { maxBytes: 10 })).rejects.toMatchObject({
      status: 400,
      code: "fileImportFailed",
      message: expect.stringContaining("larger than 10 bytes"),
    });
    expect((await fetchImportContent(url)).toString()).toBe(TRAINING);
  });
});

describe("isLoopbackUrl", () => {
  it.each([
    ["http://127.0.0.1/x", true],
    ["https://127.255.1.2:8443/x", true],
    ["http://127.1/x", true],
    ["http://0x7f.0.0.1/x", true],
    ["http://localhost:9/x", true],
    ["http://LOCALHOST/x", true],
    ["http://[::1]:80/x", true],
    ["http://128.0.0.1/x", false],
    ["http://[::2]/x", false],
    ["http://localhost.example.com/x", false],
    ["http://user@example.com/x", false],
    ["ws://127.0.0.1/x", false],
  ])("%s → %s", (url, expected) => {
    expect(isLoopbackUrl(new URL(url))).toBe(expected);
  });
});
