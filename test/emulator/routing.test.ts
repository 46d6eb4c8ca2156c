import { DEFAULT_AZURE_API_KEY } from "../../emulator";
import { azureFetch, azureUrl, readError, readFile, uploadFile, useEmulator } from "./helpers";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("routing", () => {
  const emulator = useEmulator();

  it("answers 400 invalidPayload naming api-version when it is missing", async () => {
    const res = await fetch(`${emulator().url}/openai/files`, {
      headers: { "api-key": DEFAULT_AZURE_API_KEY },
    });
    expect(res.status).toBe(400);
    const error = await readError(res);
    expect(error).toMatchObject({ code: "invalidPayload", target: "api-version" });
    expect(error.message).toContain("api-version");
  });

  it.each([
    ["an unknown path under /openai", "/openai/nothing"],
    ["an unknown file sub-resource", "/openai/files/file-1/other"],
    ["a path outside both APIs", "/"],
  ])("answers 404 in Azure's shape for %s", async (_, path) => {
    const res = await azureFetch(emulator(), path);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: "notFound", message: expect.stringContaining(path) },
    });
  });

  it("answers 404 in Qianfan's shape under /v2", async () => {
    const res = await fetch(`${emulator().url}/v2/whatever?Action=Nothing`, { method: "POST" });
    expect(res.status).toBe(404);
    const requestId = res.headers.get("x-bce-request-id");
    expect(await res.json()).toEqual({
      requestId,
      code: "NotFound",
      message: expect.stringContaining("/v2/whatever"),
    });
  });

  it("answers 405 in Azure's shape for a wrong method on a known path", async () => {
    const res = await azureFetch(emulator(), "/openai/files/file-1", { method: "PUT" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, DELETE");
    expect(await readError(res)).toMatchObject({ code: "invalidPayload" });
  });

  it.each([
    ["a success", "/openai/files", 200],
    ["an error", "/openai/files/file-missing", 404],
  ])("sends apim-request-id and x-request-id on %s", async (_, path, status) => {
    const res = await azureFetch(emulator(), path);
    expect(res.status).toBe(status);
    expect(res.headers.get("apim-request-id")).toMatch(UUID);
    expect(res.headers.get("x-request-id")).toBe(res.headers.get("apim-request-id"));
  });

  it("gives each request its own id", async () => {
    const [a, b] = await Promise.all([1, 2].map(() => azureFetch(emulator(), "/openai/files")));
    expect(a?.headers.get("x-request-id")).not.toBe(b?.headers.get("x-request-id"));
  });

  it("records each request by route key, with the api-version sent", async () => {
    await uploadFile(emulator());
    await azureFetch(emulator(), "/openai/files/file-missing");
    await azureFetch(emulator(), "/openai/nothing");
    const v1 = await fetch(`${emulator().url}/openai/v1/files`, {
      headers: { "api-key": DEFAULT_AZURE_API_KEY },
    });
    expect(v1.status).toBe(200);
    const apiVersion = "2024-10-21";
    expect(emulator().requests).toEqual([
      {
        method: "POST",
        route: "POST /openai/files",
        status: 201,
        apiVersion,
        formFields: { purpose: "fine-tune" },
      },
      { method: "GET", route: "GET /openai/files/{id}", status: 404, apiVersion },
      { method: "GET", route: "GET /openai/nothing", status: 404, apiVersion },
      { method: "GET", route: "GET /openai/v1/files", status: 200 },
    ]);
    expect(emulator().requests[3]).not.toHaveProperty("apiVersion");
  });

  it("serves percent-encoded ids", async () => {
    const res = await azureFetch(emulator(), "/openai/files/file%2Fodd");
    expect((await readError(res)).message).toContain("file/odd");
  });
});

describe("request body limit", () => {
  const MAX = 1024;
  const emulator = useEmulator({ maxBodyBytes: MAX });

  function streamOf(totalBytes: number, chunkBytes = 256): ReadableStream<Uint8Array> {
    let sent = 0;
    return new ReadableStream({
      pull(controller) {
        if (sent >= totalBytes) return controller.close();
        controller.enqueue(new Uint8Array(chunkBytes).fill(120));
        sent += chunkBytes;
      },
    });
  }

  it.each([
    ["a declared length over the limit", () => "x".repeat(MAX + 1)],
    ["a chunked body that passes the limit", () => streamOf(MAX * 8)],
  ])("answers 413 in Azure's shape for %s", async (_, body) => {
    const res = await fetch(azureUrl(emulator(), "/openai/files"), {
      method: "POST",
      headers: {
        "api-key": DEFAULT_AZURE_API_KEY,
        "content-type": "multipart/form-data; boundary=b",
      },
      body: body(),
      duplex: "half",
    });
    expect(res.status).toBe(413);
    expect(await readError(res)).toMatchObject({ code: "invalidPayload" });
    expect(emulator().store.listFiles()).toEqual([]);
  });

  it("accepts a body of exactly the limit", async () => {
    const boundary = "limit-test";
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nbatch\r\n`;
    const part = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n\r\n`;
    const tail = `\r\n--${boundary}--\r\n`;
    const content = "x".repeat(MAX - head.length - part.length - tail.length);
    const res = await azureFetch(emulator(), "/openai/files", {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      body: head + part + content + tail,
    });
    expect(res.status).toBe(201);
    expect((await readFile(res)).bytes).toBe(content.length);
  });
});
