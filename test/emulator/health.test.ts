import { DEFAULT_AZURE_API_KEY, type Emulator, startEmulator } from "../../emulator";
import { qianfanFetch } from "./qianfanHelpers";

describe("GET /health", () => {
  let emulator: Emulator;
  const logged: string[] = [];
  let seen = 0;
  /** The requests recorded since the test began. */
  const recorded = () => emulator.requests.slice(seen);
  beforeAll(async () => {
    emulator = await startEmulator({
      azureApiKeys: ["health-key"],
      qianfanCredentials: [{ accessKey: "health-ak", secretKey: "health-sk" }],
      // A fault on every route must not reach the health route.
      faults: [{ route: "*", status: 503, times: 1000 }],
      log: (line) => logged.push(line),
    });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    seen = emulator.requests.length;
    logged.length = 0;
  });

  it.each([
    ["no credentials", {}],
    ["a wrong Azure key", { "api-key": DEFAULT_AZURE_API_KEY }],
    ["a bearer token", { authorization: "Bearer nothing" }],
  ])("answers 200 with %s", async (_, headers: Record<string, string>) => {
    const res = await fetch(`${emulator.url}/health?probe=1`, { headers });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ status: "ok", azure: true, qianfan: true });
  });

  it("answers HEAD with the status only", async () => {
    const res = await fetch(`${emulator.url}/health`, { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
  });

  it.each(["POST", "PUT", "DELETE"])("answers %s with 405 and Allow", async (method) => {
    const res = await fetch(`${emulator.url}/health`, {
      method,
      body: method === "DELETE" ? undefined : "{}",
    });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
  });

  it("is not recorded in emulator.requests nor counted by fault rules; the log has one line", async () => {
    await fetch(`${emulator.url}/health`);
    await fetch(`${emulator.url}/health`, { method: "POST" });
    expect(recorded()).toEqual([]);
    expect(emulator.faults.served).toEqual(0);
    expect(logged).toEqual([
      expect.stringMatching(/^GET \/health 200 \d+ms$/),
      expect.stringMatching(/^POST \/health 405 \d+ms$/),
    ]);
  });

  it.each([
    "/openai/health",
    "/openai/v1/health",
    "/openai/health?api-version=2024-10-21",
    "/v2/health",
    "/health/",
    "/health/x",
    "/healthz",
  ])("is not served at %s, which stays the vendors' (recorded, not 200)", async (path) => {
    const res = await fetch(`${emulator.url}${path}`, { headers: { "api-key": "health-key" } });
    expect(res.status).not.toBe(200);
    expect(recorded()).toEqual([expect.objectContaining({ route: `GET ${path.split("?")[0]}` })]);
  });

  it("leaves vendor requests recorded and authenticated as before", async () => {
    emulator.faults.clear();
    const azure = await fetch(`${emulator.url}/openai/files?api-version=2024-10-21`);
    expect(azure.status).toBe(401);
    const signed = await qianfanFetch(
      emulator,
      "DescribeFineTuningJobs",
      {},
      {
        accessKey: "health-ak",
        secretKey: "health-sk",
      },
    );
    expect(signed.status).toBe(200);
    expect(recorded().map((r) => [r.route, r.status])).toEqual([
      ["GET /openai/files", 401],
      ["POST /v2/finetuning?Action=DescribeFineTuningJobs", 200],
    ]);
  });
});
