/**
 * The emulator's own security, route by route: loopback by default, no route served without credentials, bodies
 * bounded, and malformed JSON or multipart answered with the vendor's 400 shape.
 */
import { DEFAULT_AZURE_API_KEY, ROUTE_KEYS, startEmulator } from "../../emulator";
import { azureFetch, azureUrl, readError, useEmulator } from "./helpers";
import { qianfanError, qianfanFetch } from "./qianfanHelpers";
import { createdUpload } from "./uploadHelpers";

const AZURE_ROUTES = ROUTE_KEYS.filter((key) => key.includes(" /openai/"));
const QIANFAN_ROUTES = ROUTE_KEYS.filter((key) => key.includes(" /v2/"));

/** A concrete request for a route key: its parameters filled with "x". */
function requestFor(key: string): { method: string; path: string } {
  const [method, path] = key.split(" ") as [string, string];
  return { method, path: path.replace(/\{[^}]+\}/g, "x") };
}

describe("emulator security", () => {
  const emulator = useEmulator();

  it("serves the routes of both vendors", () => {
    expect(AZURE_ROUTES.length).toBeGreaterThanOrEqual(15);
    expect(QIANFAN_ROUTES.length).toBeGreaterThanOrEqual(8);
  });

  it("binds to loopback unless told otherwise", async () => {
    const own = await startEmulator();
    try {
      expect(own.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await own.close();
    }
  });

  it.each(AZURE_ROUTES)(
    "refuses %s without credentials, in Azure's shape, doing nothing",
    async (key) => {
      const { method, path } = requestFor(key);
      const res = await fetch(azureUrl(emulator(), path), {
        method,
        headers: { "content-type": "application/json" },
        body: method === "GET" || method === "DELETE" ? undefined : "{}",
      });
      expect(res.status).toBe(401);
      expect(await readError(res)).toMatchObject({ code: "unauthorized" });
      expect(emulator().store.listFiles()).toEqual([]);
      expect(emulator().store.jobs.list()).toEqual([]);
    },
  );

  it.each(QIANFAN_ROUTES)(
    "refuses %s unsigned or wrongly signed, in Qianfan's shape, doing nothing",
    async (key) => {
      const action = new URL(`http://x${requestFor(key).path}`).searchParams.get("Action");
      for (const authorization of [
        null,
        "bce-auth-v1/not-a-key/2026-01-01T00:00:00Z/1800/host/abc",
      ]) {
        const res = await qianfanFetch(emulator(), action, {}, { authorization });
        expect([400, 401, 403]).toContain(res.status);
        expect((await qianfanError(res)).code).toMatch(/^Invalid|^Signature|^AccessDenied/);
      }
      expect(emulator().store.qianfan.listJobs()).toEqual([]);
    },
  );

  describe("malformed bodies", () => {
    it.each([
      ["POST /openai/uploads", "/openai/uploads"],
      ["POST /openai/fine_tuning/jobs", "/openai/fine_tuning/jobs"],
    ])("answers 400 in Azure's shape to malformed JSON on %s", async (_, path) => {
      const res = await azureFetch(emulator(), path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"model": "gpt',
      });
      expect(res.status).toBe(400);
      expect(await readError(res)).toMatchObject({
        message: "The request body is not valid JSON.",
      });
    });

    it("answers 400 to malformed JSON on complete, and the upload stays open", async () => {
      const upload = await createdUpload(emulator());
      const res = await azureFetch(emulator(), `/openai/uploads/${upload.id}/complete`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{part_ids:",
      });
      expect(res.status).toBe(400);
      expect(await readError(res)).toMatchObject({
        message: "The request body is not valid JSON.",
      });
      expect(emulator().store.getUpload(upload.id)).toMatchObject({ status: "pending" });
    });

    it.each([
      ["no boundary", "multipart/form-data", "x"],
      ["a body without the boundary", "multipart/form-data; boundary=b0", "garbage"],
      [
        "a part without a name",
        "multipart/form-data; boundary=b0",
        "--b0\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b0--",
      ],
      [
        "a body cut short",
        "multipart/form-data; boundary=b0",
        '--b0\r\nContent-Disposition: form-data; name="data"; filename="p"\r\n\r\nabc',
      ],
    ])(
      "answers 400 in Azure's shape to a multipart part with %s, storing nothing",
      async (_, contentType, body) => {
        const upload = await createdUpload(emulator());
        const res = await azureFetch(emulator(), `/openai/uploads/${upload.id}/parts`, {
          method: "POST",
          headers: { "content-type": contentType },
          body,
        });
        expect(res.status).toBe(400);
        expect(await readError(res)).toMatchObject({ message: expect.stringMatching(/multipart/) });
        expect(emulator().store.getUpload(upload.id)).toMatchObject({
          status: "pending",
          partCount: 0,
          receivedBytes: 0,
        });
      },
    );

    it("answers 400 in Qianfan's shape to malformed JSON that is correctly signed", async () => {
      const res = await qianfanFetch(emulator(), "CreateFineTuningJob", undefined, {
        rawBody: '{"name": ',
      });
      expect(res.status).toBe(400);
      expect((await qianfanError(res)).message).toMatch(/JSON/);
    });
  });
});

describe("emulator body limit on streamed upload parts", () => {
  const MAX = 64 * 1024;
  const emulator = useEmulator({ maxBodyBytes: MAX });

  it("answers 413 as soon as a part passes the limit, and keeps nothing of it", async () => {
    const upload = await createdUpload(emulator(), { bytes: 10 * MAX });
    const boundary = "b0";
    const sent = { sent: 0 };
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="data"; filename="p"\r\n\r\n`,
          ),
        );
      },
      pull(controller) {
        if (sent.sent >= 4 * MAX) return controller.close();
        controller.enqueue(new Uint8Array(8192).fill(120));
        sent.sent += 8192;
      },
    });
    const res = await fetch(azureUrl(emulator(), `/openai/uploads/${upload.id}/parts`), {
      method: "POST",
      headers: {
        "api-key": DEFAULT_AZURE_API_KEY,
        "content-type": `multipart/form-data; boundary=${boundary}`,
      },
      body,
      duplex: "half",
    });
    expect(res.status).toBe(413);
    expect(await readError(res)).toMatchObject({ code: "invalidPayload" });
    expect(emulator().store.getUpload(upload.id)).toMatchObject({ partCount: 0, receivedBytes: 0 });
  });
});
