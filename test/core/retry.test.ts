import {
  AttemptOutcome,
  backoffMs,
  decideRetry,
  DEFAULT_RETRY_POLICY,
  isIdempotentMethod,
  retryAfterMs,
  RetryContext,
} from "../../provider/core/retry";

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);
const http = (status: number, headers: Record<string, string> = {}): AttemptOutcome => ({
  kind: "response",
  status,
  headers: new Headers(headers),
});
const ctx = (over: Partial<RetryContext> = {}): RetryContext => ({
  attempt: 1,
  elapsedMs: 0,
  idempotent: true,
  now: NOW,
  random: () => 0,
  ...over,
});

describe("decideRetry", () => {
  it.each<[string, AttemptOutcome, Partial<RetryContext>, number]>([
    ["429 with retry-after-ms", http(429, { "retry-after-ms": "250" }), { idempotent: false }, 250],
    [
      "429 with retry-after seconds",
      http(429, { "retry-after": "2" }),
      { idempotent: false },
      2000,
    ],
    [
      "429 with retry-after HTTP date",
      http(429, { "retry-after": new Date(NOW + 3000).toUTCString() }),
      {},
      3000,
    ],
    ["429 without a hint: backoff", http(429), { attempt: 2 }, 1000],
    ["503 on GET: backoff", http(503), { attempt: 1 }, 500],
    ["503 on GET, third attempt: backoff grows", http(503), { attempt: 3 }, 2000],
    ["408 on GET", http(408), {}, 500],
    [
      "connection refused on POST (never sent)",
      { kind: "network", sent: false },
      { idempotent: false },
      500,
    ],
    ["connection reset on GET", { kind: "network", sent: true }, { idempotent: true }, 500],
    [
      "server delay above maxServerDelayMs: backoff",
      http(429, { "retry-after": "61" }),
      { attempt: 2 },
      1000,
    ],
  ])("%s -> retry after the right delay", (_name, outcome, context, delayMs) => {
    expect(decideRetry(outcome, ctx(context))).toEqual({ retry: true, delayMs });
  });

  it.each<[string, AttemptOutcome, Partial<RetryContext>, string]>([
    ["503 on a non-idempotent POST", http(503), { idempotent: false }, "not retryable"],
    [
      "500 on a non-idempotent POST",
      http(500, { "retry-after": "1" }),
      { idempotent: false },
      "not retryable",
    ],
    [
      "network reset (sent) on POST",
      { kind: "network", sent: true },
      { idempotent: false },
      "not retryable",
    ],
    ["400", http(400, { "retry-after": "1" }), {}, "not retryable"],
    ["401", http(401), {}, "not retryable"],
    ["404", http(404), {}, "not retryable"],
    ["409", http(409), {}, "not retryable"],
    ["attempts exhausted", http(429), { attempt: 6 }, "gave up after 6 attempts"],
    [
      "total budget exceeded",
      http(503),
      { elapsedMs: 119_800, attempt: 1 },
      "retrying would pass the 120000 ms budget",
    ],
    [
      "server delay past the budget",
      http(429, { "retry-after": "30" }),
      { elapsedMs: 100_000 },
      "120000 ms budget",
    ],
  ])("%s -> no retry", (_name, outcome, context, reason) => {
    const decision = decideRetry(outcome, ctx(context));
    expect(decision.retry).toBe(false);
    expect(decision.retry === false && decision.reason).toContain(reason);
  });

  it("honours a custom policy", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 2, maxServerDelayMs: 100 };
    expect(decideRetry(http(429), ctx({ attempt: 2 }), policy)).toEqual({
      retry: false,
      reason: "gave up after 2 attempts",
    });
    expect(decideRetry(http(429, { "retry-after-ms": "250" }), ctx(), policy)).toEqual({
      retry: true,
      delayMs: 500,
    });
  });
});

describe("backoffMs", () => {
  it.each([
    [1, 500],
    [2, 1000],
    [3, 2000],
    [4, 4000],
    [5, 8000],
    [6, 8000],
    [20, 8000],
  ])("attempt %i -> %i ms at most, 75%% of it at least", (attempt, full) => {
    expect(backoffMs(attempt, () => 0, DEFAULT_RETRY_POLICY)).toBe(full);
    expect(backoffMs(attempt, () => 1, DEFAULT_RETRY_POLICY)).toBe(full * 0.75);
    const jittered = backoffMs(attempt, () => 0.5, DEFAULT_RETRY_POLICY);
    expect(jittered).toBeLessThan(full);
    expect(jittered).toBeGreaterThan(full * 0.75);
  });
});

describe("retryAfterMs", () => {
  it.each<[Record<string, string>, number | undefined]>([
    [{ "retry-after-ms": "250" }, 250],
    [{ "retry-after-ms": "0" }, 0],
    [{ "retry-after-ms": "-5" }, 0],
    [{ "retry-after-ms": "250", "retry-after": "9" }, 250],
    [{ "retry-after-ms": "soon", "retry-after": "2" }, 2000],
    [{ "retry-after": "2" }, 2000],
    [{ "retry-after": "1.5" }, 1500],
    [{ "retry-after": " 3 " }, 3000],
    [{ "retry-after": "999" }, 999_000],
    [{ "retry-after": new Date(NOW + 5000).toUTCString() }, 5000],
    [{ "retry-after": new Date(NOW - 5000).toUTCString() }, 0],
    [{ "retry-after": "Sunday, 01-Jan-25 12:00:07 GMT" }, 7000],
    [{}, undefined],
    [{ "retry-after": "" }, undefined],
    [{ "retry-after": "soon" }, undefined],
    [{ "retry-after": "-1" }, undefined],
    [{ "retry-after": "1 2" }, undefined],
    [{ "retry-after": "retry 2025" }, undefined],
    [{ "retry-after-ms": "Infinity" }, undefined],
    [{ "retry-after-ms": "" }, undefined],
  ])("retryAfterMs(%j) = %s", (headers, want) => {
    expect(retryAfterMs(new Headers(headers), NOW)).toBe(want);
  });
});

describe("isIdempotentMethod", () => {
  it.each([
    ["GET", true],
    ["get", true],
    ["PUT", true],
    ["DELETE", true],
    ["HEAD", true],
    ["POST", false],
    ["PATCH", false],
  ])("%s -> %s", (method, want) => expect(isIdempotentMethod(method)).toBe(want));
});
