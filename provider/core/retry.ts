/**
 * The one retry policy, as pure functions. The transport asks `decideRetry` after every attempt.
 * Throttling (429) is always safe to retry: nothing was done. A 5xx or a dropped connection after the request was
 * sent may have done the work, so a non-idempotent request (a create) is never repeated blindly; later layers look
 * the object up instead.
 */
export interface RetryPolicy {
  maxAttempts: number;
  maxTotalMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxServerDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  maxTotalMs: 120_000,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxServerDelayMs: 60_000,
};

export type AttemptOutcome =
  { kind: "response"; status: number; headers: Headers } | { kind: "network"; sent: boolean };

export interface RetryContext {
  attempt: number;
  elapsedMs: number;
  idempotent: boolean;
  now: number;
  random: () => number;
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

export function isRetryableOutcome(outcome: AttemptOutcome, idempotent: boolean): boolean {
  if (outcome.kind === "network") return idempotent || !outcome.sent;
  if (outcome.status === 429) return true;
  if (outcome.status === 408 || outcome.status >= 500) return idempotent;
  return false;
}

export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms)))
    return Math.max(0, Number(ms));
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  // An HTTP date always has a time of day; Date.parse alone would read garbage such as "-1" as a past date (0 ms).
  if (!/\d{2}:\d{2}:\d{2}/.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function backoffMs(attempt: number, random: () => number, policy: RetryPolicy): number {
  const exponential = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  return Math.round(exponential * (1 - 0.25 * random()));
}

/** `attempt` is the number of attempts made so far (1 after the first). */
export function decideRetry(
  outcome: AttemptOutcome,
  context: RetryContext,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): RetryDecision {
  if (!isRetryableOutcome(outcome, context.idempotent)) {
    return { retry: false, reason: "not retryable" };
  }
  if (context.attempt >= policy.maxAttempts) {
    return { retry: false, reason: `gave up after ${context.attempt} attempts` };
  }
  const serverDelay =
    outcome.kind === "response" ? retryAfterMs(outcome.headers, context.now) : undefined;
  const delayMs =
    serverDelay !== undefined && serverDelay <= policy.maxServerDelayMs
      ? serverDelay
      : backoffMs(context.attempt, context.random, policy);
  if (context.elapsedMs + delayMs > policy.maxTotalMs) {
    return { retry: false, reason: `retrying would pass the ${policy.maxTotalMs} ms budget` };
  }
  return { retry: true, delayMs };
}

/** Methods that can be repeated without doing the work twice. */
export function isIdempotentMethod(method: string): boolean {
  return ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"].includes(method.toUpperCase());
}
