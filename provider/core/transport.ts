/**
 * The one HTTP transport: a `fetch` with the retry policy applied, used by the Azure OpenAI client (as its
 * `fetch` option, with the SDK's own retries off) and by the Qianfan client. fetch, clock, randomness and sleep are
 * injectable so tests run without waiting.
 */
import { realSleep } from "./clock";
import { FinetuneError, messageOf, Vendor } from "./errors";
import type { Fetch } from "./fetch";
import { nodeHttpFetch } from "./nodeHttpFetch";
import { progress } from "./progress";
import {
  AttemptOutcome,
  decideRetry,
  DEFAULT_RETRY_POLICY,
  isIdempotentMethod,
  RetryPolicy,
} from "./retry";

export interface TransportOptions {
  vendor: Vendor;
  fetch?: Fetch;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  policy?: Partial<RetryPolicy>;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  /** Whether a request may be repeated without doing its work twice; by default safe methods only. */
  isIdempotent?: (method: string, url: URL) => boolean;
  onRetry?: (event: RetryEvent) => void;
}

export interface RetryEvent {
  method: string;
  path: string;
  attempt: number;
  delayMs: number;
  cause: string;
}

export interface Transport {
  fetch: Fetch;
  readonly stats: TransportStats;
}

export interface TransportStats {
  requests: number;
  retries: number;
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000;

export function createTransport(options: TransportOptions): Transport {
  const baseFetch: Fetch = options.fetch ?? nodeHttpFetch;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? realSleep;
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const isIdempotent = options.isIdempotent ?? ((method: string) => isIdempotentMethod(method));
  const onRetry = options.onRetry ?? logRetry(options.vendor);
  const stats: TransportStats = { requests: 0, retries: 0 };

  const transportFetch: Fetch = async (input, init) => {
    const request = describeRequest(input, init);
    const idempotent = isIdempotent(request.method, request.url);
    const replayable = isReplayableBody(init?.body);
    const started = now();
    for (let attempt = 1; ; attempt++) {
      stats.requests++;
      let response: Response | undefined;
      let failure: unknown;
      let outcome: AttemptOutcome;
      const attemptSignal = combineSignals(init?.signal ?? undefined, timeoutMs);
      try {
        response = await baseFetch(input, { ...init, signal: attemptSignal.signal });
        outcome = { kind: "response", status: response.status, headers: response.headers };
      } catch (error) {
        // Raised here, not by the network (a local file that changed): sending again cannot help.
        if (init?.signal?.aborted || error instanceof FinetuneError) throw error;
        failure = error;
        outcome = { kind: "network", sent: wasSent(error) };
      } finally {
        attemptSignal.dispose();
      }
      if (response?.ok) return response;
      const decision = replayable
        ? decideRetry(
            outcome,
            { attempt, elapsedMs: now() - started, idempotent, now: now(), random },
            policy,
          )
        : ({ retry: false, reason: "the body cannot be sent twice" } as const);
      if (!decision.retry) {
        if (response) return response;
        throw failure;
      }
      await response?.body?.cancel().catch(() => undefined);
      stats.retries++;
      onRetry({
        method: request.method,
        path: request.url.pathname,
        attempt,
        delayMs: decision.delayMs,
        cause: response ? `HTTP ${response.status}` : networkCause(failure),
      });
      await sleep(decision.delayMs);
    }
  };
  return { fetch: transportFetch, stats };
}

function describeRequest(
  input: string | URL | Request,
  init?: RequestInit,
): { method: string; url: URL } {
  if (input instanceof Request)
    return { method: (init?.method ?? input.method).toUpperCase(), url: new URL(input.url) };
  return { method: (init?.method ?? "GET").toUpperCase(), url: new URL(String(input)) };
}

function isReplayableBody(body: RequestInit["body"]): boolean {
  if (body === undefined || body === null) return true;
  return !(body instanceof ReadableStream) && !isAsyncIterable(body);
}

function isAsyncIterable(value: unknown): boolean {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}

const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNRESET_BEFORE_SEND",
]);

/** A request refused at connect time never reached the service; anything later may have. */
export function wasSent(error: unknown): boolean {
  return !NOT_SENT_CODES.has(errorCode(error) ?? "");
}

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function networkCause(error: unknown): string {
  const code = errorCode(error);
  if (code) return code;
  if (error instanceof Error && error.name === "TimeoutError") return "timed out";
  return messageOf(error);
}

function combineSignals(outer: AbortSignal | undefined, timeoutMs: number) {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = outer ? AbortSignal.any([outer, timeout]) : timeout;
  return { signal, dispose: () => undefined };
}

function logRetry(vendor: Vendor) {
  return (event: RetryEvent) =>
    progress(
      `${vendor}: ${event.method} ${event.path} got ${event.cause}; retrying in ` +
        `${(event.delayMs / 1000).toFixed(1)} s (attempt ${event.attempt + 1})`,
    );
}
