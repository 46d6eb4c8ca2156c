import { DEFAULT_AZURE_API_KEY } from "../../emulator";
import { azureFetch, azureUrl, useEmulator } from "./helpers";

const WRONG_KEY = "wrong-key-0123456789";
const BEARER_TOKEN = "entra-token-abc";

describe("Azure auth", () => {
  const logLines: string[] = [];
  const emulator = useEmulator({
    azureBearerTokens: [BEARER_TOKEN],
    log: (line) => logLines.push(line),
  });
  beforeEach(() => {
    logLines.length = 0;
  });

  it.each([
    ["no credentials", {}],
    ["a wrong api-key", { "api-key": WRONG_KEY }],
    ["a wrong bearer token", { authorization: `Bearer ${WRONG_KEY}` }],
    ["the key presented as a bearer token", { authorization: `Bearer ${DEFAULT_AZURE_API_KEY}` }],
    ["an empty api-key", { "api-key": "" }],
  ])("answers 401 unauthorized for %s", async (_, headers) => {
    const res = await fetch(azureUrl(emulator(), "/openai/files"), { headers });
    expect(res.status).toBe(401);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: {
        code: "unauthorized",
        message: expect.stringMatching(/^Access denied due to invalid subscription key/),
      },
    });
    expect(text).not.toContain(WRONG_KEY);
    expect(logLines.join("\n")).not.toContain(WRONG_KEY);
    expect(logLines).toEqual([expect.stringMatching(/^GET \/openai\/files 401 \d+ms$/)]);
  });

  it.each([
    ["the api-key header", { "api-key": DEFAULT_AZURE_API_KEY }],
    ["a bearer token", { authorization: `Bearer ${BEARER_TOKEN}` }],
    ["a bearer token with a lower-case scheme", { authorization: `bearer ${BEARER_TOKEN}` }],
  ])("accepts %s", async (_, headers) => {
    const res = await fetch(azureUrl(emulator(), "/openai/files"), { headers });
    expect(res.status).toBe(200);
  });

  it("refuses before performing the operation", async () => {
    const res = await fetch(azureUrl(emulator(), "/openai/files"), {
      method: "POST",
      headers: { "api-key": WRONG_KEY },
      body: new FormData(),
    });
    expect(res.status).toBe(401);
    expect(emulator().store.listFiles()).toEqual([]);
    const record = {
      method: "POST",
      route: "POST /openai/files",
      status: 401,
      apiVersion: "2024-10-21",
    };
    expect(emulator().requests).toEqual([record]);
  });
});

describe("Azure auth with custom keys", () => {
  const emulator = useEmulator({ azureApiKeys: ["custom-key-1", "custom-key-2"] });

  it.each([
    ["custom-key-1", 200],
    ["custom-key-2", 200],
    [DEFAULT_AZURE_API_KEY, 401],
  ])("answers api-key %s with %i", async (key, status) => {
    const res = await azureFetch(emulator(), "/openai/files", { headers: { "api-key": key } });
    expect(res.status).toBe(status);
  });
});
