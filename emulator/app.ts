import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { setTimeout as delay } from "node:timers/promises";
import { azureRoutes, azureVendor } from "./azure/api";
import type { QianfanCredential } from "./credentials";
import { DEFAULT_MAX_BODY_BYTES } from "./body";
import { HttpError } from "./errors";
import { Faults, type FaultRule } from "./faults";
import { qianfanRoutes, qianfanVendor } from "./qianfan/api";
import { RecordingBodyReader, type RequestRecord } from "./requestLog";
import {
  createRouter,
  type Reply,
  type RequestContext,
  type RouteMatch,
  type Vendor,
} from "./routing";
import type { Store } from "./store";

export interface AppOptions {
  azureApiKeys: readonly string[];
  azureBearerTokens?: readonly string[];
  qianfanCredentials?: readonly QianfanCredential[];
  faults?: Faults;
  /** Larger request bodies answer 413; default 600 MB. */
  maxBodyBytes?: number;
  /** How injected latency is waited; tests pass one that records. */
  sleep?: (ms: number) => Promise<void>;
  /** Called once per request, after its answer (status 0: the connection was dropped). */
  onRequest?: (record: RequestRecord) => void;
  /** One line per request: route key, status, milliseconds. Never credentials. */
  log?: (line: string) => void;
}

export type { RequestRecord } from "./requestLog";

/**
 * Every route key the emulator serves (the keys fault rules and latencies name): the Azure routes
 * of the dated family (`/openai/...`), then their v1 copies (`/openai/v1/...`), then Qianfan's.
 */
export const ROUTE_KEYS: readonly string[] = [...azureRoutes, ...qianfanRoutes].map((r) => r.key);

/** What a handler gets from the request; its vendor's state is added by `mount`. */
type PerRequest = Omit<RequestContext<unknown>, "store">;

/** A route with its vendor's state bound, so routes of every vendor run alike. */
interface BoundRoute {
  key: string;
  handle(ctx: PerRequest): Reply | Promise<Reply>;
}

/** A vendor served against its own state (the Azure routes get `store.azure`, and so on). */
interface Mounted {
  vendor: Omit<Vendor<never>, "routes">;
  match: (method: string, url: URL) => RouteMatch<BoundRoute>;
}

function mount<S>(vendor: Vendor<S>, state: S): Mounted {
  const routes = vendor.routes.map((route): BoundRoute => ({
    key: route.key,
    handle: (ctx) => route.handle({ ...ctx, store: state }),
  }));
  return { vendor, match: createRouter(routes) };
}

/** The emulator's HTTP handler; the caller decides where it listens. */
export function createApp(store: Store, options: AppOptions): Server {
  const azure = mount(
    azureVendor({ apiKeys: options.azureApiKeys, bearerTokens: options.azureBearerTokens ?? [] }),
    store.azure,
  );
  const qianfan = qianfanVendor({
    credentials: options.qianfanCredentials ?? [],
    clock: store.clock,
  });
  const vendors = [azure, mount(qianfan, store.qianfan)];
  const faults = options.faults ?? new Faults();
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = performance.now();
    const requestId = randomUUID();
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    if (url.pathname === HEALTH_PATH) {
      answerHealth(req, res, method, requestId);
      const ms = Math.round(performance.now() - startedAt);
      options.log?.(`${method} ${HEALTH_PATH} ${res.statusCode} ${ms}ms`);
      return;
    }
    const { vendor, match } = vendors.find((v) => isUnder(url.pathname, v.vendor.prefix)) ?? azure;
    const refused = vendor.notServed?.(method, url);
    const found: RouteMatch<BoundRoute> = refused ? { kind: "none" } : match(method, url);
    const route = found.kind === "found" ? found.route.key : `${method} ${url.pathname}`;
    const body = new RecordingBodyReader(req, maxBodyBytes);

    let reply: Reply | "dropped";
    try {
      if (refused) throw refused;
      if (found.kind === "none") {
        throw (
          vendor.noRoute?.(method, url) ??
          new HttpError(404, `No route for ${method} ${url.pathname}.`)
        );
      }
      if (found.kind === "wrongMethod") {
        const allow = found.allowed.join(", ");
        const message = `${method} is not allowed here; use ${allow}.`;
        throw new HttpError(405, message, { headers: { allow } });
      }
      const refusal = vendor.admit({ method, url, headers: req.headers });
      if (refusal) throw refusal;
      reply = await perform(found.route, found.params, req, url, requestId, body);
    } catch (error) {
      if (!(error instanceof HttpError)) {
        options.log?.(`${route} internal error: ${(error as Error).message}`);
      }
      reply = vendor.errorReply(asHttpError(error), requestId);
    }

    // With a data directory, a change is on disk before its answer goes out. Reads change nothing
    // that must be kept (a check's outcome is saved with the next change, or found again at start).
    if (!READ_METHODS.includes(method)) reply = await saved(reply, vendor, route, requestId);

    // Read before the answer goes out (a small JSON body no handler read), not after a drop.
    const recorded = reply === "dropped" ? body.kept() : await body.recorded();
    if (reply === "dropped") req.socket.destroy();
    else send(res, reply, requestId);
    const status = reply === "dropped" ? 0 : reply.status;
    const apiVersion = url.searchParams.get("api-version") ?? undefined;
    options.onRequest?.({
      method,
      route,
      status,
      ...(apiVersion === undefined ? {} : { apiVersion }),
      ...recorded,
    });
    options.log?.(`${route} ${status} ${Math.round(performance.now() - startedAt)}ms`);
  }

  /** The reply once the state is saved; a 500 in its place when it cannot be. */
  async function saved(
    reply: Reply | "dropped",
    vendor: Mounted["vendor"],
    route: string,
    requestId: string,
  ): Promise<Reply | "dropped"> {
    try {
      await store.save();
      return reply;
    } catch (error) {
      options.log?.(`${route} could not save the state: ${(error as Error).message}`);
      if (reply === "dropped") return reply;
      reply.stream?.destroy();
      const message =
        "The emulator could not save its state to its data directory, so this change would not " +
        "survive a restart; see the emulator's log.";
      return vendor.errorReply(new HttpError(500, message), requestId);
    }
  }

  /** Runs the route, unless a fault rule answers (or drops) in its place or after it. */
  async function perform(
    route: BoundRoute,
    params: ReadonlyMap<string, string>,
    req: IncomingMessage,
    url: URL,
    requestId: string,
    body: RecordingBodyReader,
  ): Promise<Reply | "dropped"> {
    if ((await faults.intercept(route.key, "before", body)) === "drop") return "dropped";
    const fault = faults.take(route.key);
    const latencyMs = faults.latencyFor(route.key) + (fault?.latencyMs ?? 0);
    const replacement = fault?.drop || fault?.status !== undefined ? fault : undefined;
    if (replacement && !replacement.after) {
      if (latencyMs > 0) await sleep(latencyMs);
      return injected(replacement, route.key);
    }
    const run = async () =>
      route.handle({
        query: url.searchParams,
        headers: req.headers,
        body,
        requestId,
        param: (name) => {
          const value = params.get(name);
          if (value === undefined) {
            throw new Error(`Route ${route.key} has no {${name}} parameter.`);
          }
          return value;
        },
      });
    if (replacement) {
      const lost = await runIgnoringRefusal(run);
      if (latencyMs > 0) await sleep(latencyMs);
      lost?.stream?.destroy();
      return injected(replacement, route.key);
    }
    const reply = await run();
    // The operation has happened; only its answer is late, as with a slow real service.
    if (latencyMs > 0) await sleep(latencyMs);
    await faults.intercept(route.key, "after", body);
    return reply;
  }

  return createServer((req, res) => void answer(req, res).catch(() => res.destroy()));
}

/** Methods that change nothing that must be kept: no save before their answer. */
const READ_METHODS: readonly string[] = ["GET", "HEAD", "OPTIONS"];

/** The readiness route, outside every vendor's prefix. */
export const HEALTH_PATH = "/health";

/**
 * `GET /health` (or `HEAD`): 200 with which vendors are served, without credentials, fault rules
 * or latency; another method answers 405. Not a vendor request: kept out of `emulator.requests`.
 */
function answerHealth(
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  requestId: string,
): void {
  req.resume();
  const headers = { "x-request-id": requestId, "cache-control": "no-store" };
  if (method !== "GET" && method !== "HEAD") {
    const message = `${method} is not allowed here; use GET, HEAD.`;
    res
      .writeHead(405, {
        ...headers,
        allow: "GET, HEAD",
        "content-type": "application/json; charset=utf-8",
      })
      .end(JSON.stringify({ status: "error", message }));
    return;
  }
  const body = JSON.stringify({ status: "ok", azure: true, qianfan: true });
  res.writeHead(200, { ...headers, "content-type": "application/json; charset=utf-8" });
  res.end(method === "HEAD" ? undefined : body);
}

function send(res: ServerResponse, reply: Reply, requestId: string): void {
  if (res.destroyed) {
    reply.stream?.destroy();
    return;
  }
  const headers: Record<string, string> = {
    "apim-request-id": requestId,
    "x-request-id": requestId,
    ...reply.headers,
  };
  if (reply.stream) {
    headers["content-type"] = reply.contentType ?? "application/octet-stream";
    res.writeHead(reply.status, headers);
    // Headers are gone, so a read failure can only cut the answer short.
    void pipeline(reply.stream, res).catch(() => res.destroy());
    return;
  }
  let body: Buffer | string | undefined;
  if (reply.bytes) {
    headers["content-type"] = reply.contentType ?? "application/octet-stream";
    body = reply.bytes;
  } else if (reply.json !== undefined) {
    headers["content-type"] = "application/json; charset=utf-8";
    body = JSON.stringify(reply.json);
  }
  res.writeHead(reply.status, headers).end(body);
}

/** An `after` fault answers whatever the operation did, so its own refusals are dropped too. */
async function runIgnoringRefusal(run: () => Promise<Reply>): Promise<Reply | undefined> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof HttpError) return undefined;
    throw error;
  }
}

/** The answer a fault rule with `status` or `drop` gives. */
function injected(fault: FaultRule, route: string): "dropped" {
  if (fault.drop) return "dropped";
  throw faultError(fault, route);
}

function faultError(fault: FaultRule, route: string): HttpError {
  const headers: Record<string, string> = {};
  if (fault.retryAfterMs !== undefined) headers["retry-after-ms"] = String(fault.retryAfterMs);
  if (fault.retryAfterSeconds !== undefined)
    headers["retry-after"] = String(fault.retryAfterSeconds);
  const message = `Injected fault: ${route} answered ${fault.status} by the emulator's fault rules.`;
  return new HttpError(fault.status ?? 500, message, { headers });
}

function asHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  return new HttpError(500, "The emulator failed while handling the request.");
}

const isUnder = (pathname: string, prefix: string) =>
  pathname === prefix || pathname.startsWith(`${prefix}/`);
