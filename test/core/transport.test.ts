import { isIdempotentAzureRequest } from "../../provider/azure-openai/client";
import { setProgressSink } from "../../provider/core/progress";
import type { Fetch } from "../../provider/core/fetch";
import {
  createTransport,
  networkCause,
  RetryEvent,
  TransportOptions,
  wasSent,
} from "../../provider/core/transport";

const BASE = "https://res.openai.azure.com/openai";

const netError = (code: string) =>
  Object.assign(new TypeError("fetch failed"), {
    cause: Object.assign(new Error(`connect ${code}`), { code }),
  });

/** A fetch that plays `answers` in order (a Response, or an error to throw) and records every call. */
function scripted(...answers: (Response | Error)[]) {
  const calls: { url: string; method: string; body: unknown }[] = [];
  const fetch: Fetch = async (input, init) => {
    calls.push({
      url: input instanceof Request ? input.url : input.toString(),
      method: init?.method ?? "GET",
      body: init?.body,
    });
    const next = answers.shift();
    if (!next) throw new Error("fake fetch called more often than scripted");
    if (next instanceof Error) throw next;
    return next;
  };
  return { fetch, calls };
}

/** A transport on a fake clock that only moves when it sleeps; records delays and retry events. */
function harness(fetch: Fetch, options: Partial<TransportOptions> = {}) {
  let clock = 0;
  const delays: number[] = [];
  const events: RetryEvent[] = [];
  const transport = createTransport({
    vendor: "azure-openai",
    fetch,
    now: () => clock,
    random: () => 0,
    sleep: async (ms) => {
      delays.push(ms);
      clock += ms;
    },
    onRetry: (e) => events.push(e),
    ...options,
  });
  return { transport, delays, events };
}

const status = (code: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ error: { code: String(code), message: "x" } }), {
    status: code,
    headers,
  });

describe("createTransport", () => {
  it("retries a 429 after the server's retry-after-ms, then returns the 200", async () => {
    const fake = scripted(status(429, { "retry-after-ms": "250" }), new Response('{"ok":true}'));
    const { transport, delays, events } = harness(fake.fetch);
    const res = await transport.fetch(`${BASE}/files?api-version=1`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(delays).toEqual([250]);
    expect(fake.calls).toHaveLength(2);
    expect(transport.stats).toEqual({ requests: 2, retries: 1 });
    expect(events).toEqual([
      { method: "GET", path: "/openai/files", attempt: 1, delayMs: 250, cause: "HTTP 429" },
    ]);
  });

  it("gives up after maxAttempts and returns the last error response", async () => {
    const fake = scripted(status(503), status(503), new Response("last", { status: 503 }));
    const { transport, delays } = harness(fake.fetch, { policy: { maxAttempts: 3 } });
    const res = await transport.fetch(`${BASE}/files`);
    expect(res.status).toBe(503);
    expect(await res.text()).toBe("last");
    expect(delays).toEqual([500, 1000]);
    expect(transport.stats).toEqual({ requests: 3, retries: 2 });
  });

  it("does not repeat a create (POST) answered 503", async () => {
    const fake = scripted(status(503), new Response("{}"));
    const { transport, delays } = harness(fake.fetch, { isIdempotent: isIdempotentAzureRequest });
    const res = await transport.fetch(`${BASE}/fine_tuning/jobs`, { method: "POST", body: "{}" });
    expect(res.status).toBe(503);
    expect(fake.calls).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it.each(["cancel", "pause", "resume"])(
    "repeats POST .../%s answered 503 (idempotent on Azure)",
    async (action) => {
      const fake = scripted(status(503), new Response("{}"));
      const { transport, events } = harness(fake.fetch, { isIdempotent: isIdempotentAzureRequest });
      const res = await transport.fetch(`${BASE}/fine_tuning/jobs/ftjob-1/${action}`, {
        method: "POST",
      });
      expect(res.status).toBe(200);
      expect(fake.calls.map((c) => c.method)).toEqual(["POST", "POST"]);
      expect(events[0]).toMatchObject({
        method: "POST",
        path: `/openai/fine_tuning/jobs/ftjob-1/${action}`,
        cause: "HTTP 503",
      });
    },
  );

  it("never retries a ReadableStream body, even on 429", async () => {
    const fake = scripted(status(429, { "retry-after-ms": "1" }), new Response("{}"));
    const { transport } = harness(fake.fetch);
    const body = new ReadableStream({ start: (c) => c.close() });
    const res = await transport.fetch(`${BASE}/uploads/u1/parts`, { method: "PUT", body });
    expect(res.status).toBe(429);
    expect(fake.calls).toHaveLength(1);
    expect(transport.stats.retries).toBe(0);
  });

  it("retries ECONNREFUSED (not sent) even on POST, then throws the error when exhausted", async () => {
    const last = netError("ECONNREFUSED");
    const fake = scripted(netError("ECONNREFUSED"), netError("ECONNREFUSED"), last);
    const { transport, delays, events } = harness(fake.fetch, { policy: { maxAttempts: 3 } });
    await expect(transport.fetch(`${BASE}/files`, { method: "POST", body: "x" })).rejects.toBe(
      last,
    );
    expect(fake.calls).toHaveLength(3);
    expect(delays).toEqual([500, 1000]);
    expect(events.map((e) => `${e.method} ${e.path} ${e.cause} #${e.attempt}`)).toEqual([
      "POST /openai/files ECONNREFUSED #1",
      "POST /openai/files ECONNREFUSED #2",
    ]);
  });

  it.each([
    ["GET", 2],
    ["POST", 1],
  ])("ECONNRESET (maybe sent) on %s: %i call(s)", async (method, calls) => {
    const fake = scripted(netError("ECONNRESET"), new Response("{}"));
    const { transport } = harness(fake.fetch);
    const result = transport.fetch(`${BASE}/files`, { method });
    if (calls === 1) await expect(result).rejects.toThrow("fetch failed");
    else expect((await result).status).toBe(200);
    expect(fake.calls).toHaveLength(calls);
  });

  it("does not retry after the caller aborts", async () => {
    const controller = new AbortController();
    const fetch: Fetch = async () => {
      controller.abort();
      throw new DOMException("This operation was aborted", "AbortError");
    };
    const { transport, delays } = harness(fetch);
    await expect(transport.fetch(`${BASE}/files`, { signal: controller.signal })).rejects.toThrow(
      "aborted",
    );
    expect(delays).toEqual([]);
    expect(transport.stats).toEqual({ requests: 1, retries: 0 });
  });

  it("passes each attempt a signal that follows the caller's", async () => {
    const seen: (AbortSignal | null | undefined)[] = [];
    const controller = new AbortController();
    const { transport } = harness(async (_input, init) => {
      seen.push(init?.signal);
      return new Response("{}");
    });
    await transport.fetch(`${BASE}/files`, { signal: controller.signal });
    expect(seen[0]?.aborted).toBe(false);
    controller.abort();
    expect(seen[0]?.aborted).toBe(true);
  });

  it("reads method and URL from a Request input", async () => {
    const fake = scripted(status(429), new Response("{}"));
    const { transport, events } = harness(fake.fetch);
    await transport.fetch(new Request(`${BASE}/models`, { method: "HEAD" }));
    expect(events[0]).toMatchObject({ method: "HEAD", path: "/openai/models" });
  });

  it("stops when the next delay would pass the total budget", async () => {
    const fake = scripted(...[1, 2, 3].map(() => status(429, { "retry-after": "50" })));
    const { transport, delays } = harness(fake.fetch);
    const res = await transport.fetch(`${BASE}/files`);
    expect(res.status).toBe(429);
    expect(delays).toEqual([50_000, 50_000]);
    expect(fake.calls).toHaveLength(3);
  });

  it("by default logs each retry as a progress line", async () => {
    const lines: string[] = [];
    const restore = setProgressSink((l) => lines.push(l));
    try {
      const fake = scripted(status(429, { "retry-after-ms": "1500" }), new Response("{}"));
      const transport = createTransport({
        vendor: "qianfan",
        fetch: fake.fetch,
        sleep: async () => undefined,
      });
      await transport.fetch("https://qianfan.baidubce.com/v2/finetuning?Action=DescribeJob", {
        method: "GET",
      });
    } finally {
      restore();
    }
    expect(lines).toEqual([
      "qianfan: GET /v2/finetuning got HTTP 429; retrying in 1.5 s (attempt 2)",
    ]);
  });
});

describe("wasSent / networkCause", () => {
  it.each([
    ["ECONNREFUSED", false],
    ["ENOTFOUND", false],
    ["EAI_AGAIN", false],
    ["ECONNRESET", true],
    ["UND_ERR_SOCKET", true],
  ])("undici error with cause code %s: sent = %s", (code, sent) => {
    expect(wasSent(netError(code))).toBe(sent);
    expect(networkCause(netError(code))).toBe(code);
  });

  it.each([
    [
      "a TimeoutError",
      "timed out",
      Object.assign(new Error("aborted due to timeout"), { name: "TimeoutError" }),
    ],
    ["an Error without code", "socket hang up", new Error("socket hang up")],
    ["a string", "plain string", "plain string"],
  ])("networkCause(%s) = %j", (_label, want, error) => expect(networkCause(error)).toBe(want));
});
