import type { IncomingHttpHeaders } from "node:http";
import type { Readable } from "node:stream";
import type { BodyReader } from "./body";
import type { HttpError } from "./errors";

export interface Reply {
  status: number;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is, with `contentType`. */
  bytes?: Buffer;
  /** Streamed, with `contentType`; for file contents, which may be large. */
  stream?: Readable;
  contentType?: string;
  headers?: Record<string, string>;
}

/** What a handler gets; `S` is its vendor's state (each vendor folder owns its own). */
export interface RequestContext<S> {
  /** The vendor's state: the Azure store for Azure routes, the Qianfan store for Qianfan's. */
  store: S;
  /**
   * A path parameter declared in the route key, e.g. param("id") for "/openai/files/{id}".
   * A function property, not a method, so that handlers may destructure it from the context.
   */
  param: (name: string) => string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: BodyReader;
  /** This request's id, also in error answers (and, for Qianfan, in success bodies). */
  requestId: string;
}

export interface Route<S> {
  /**
   * "METHOD /path/{param}", optionally with one required query value ("POST /v2/x?Action=Y").
   * Also the key that fault rules, latencies and request records use.
   */
  key: string;
  handle(ctx: RequestContext<S>): Reply | Promise<Reply>;
}

export interface IncomingRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
}

/** One vendor's API: the paths under its prefix, its credentials check and its error shape. */
export interface Vendor<S> {
  prefix: string;
  routes: readonly Route<S>[];
  /** An error that answers instead of the route (credentials, required parameters), if any. */
  admit(request: IncomingRequest): HttpError | undefined;
  /** The error for a request no route matches, when the vendor says more than a plain 404. */
  noRoute?(method: string, url: URL): HttpError | undefined;
  /**
   * An error for a request the vendor knows it does not serve although its path looks like a
   * route's (an operation another API family has), checked before the routes are matched, so it
   * wins over a 405 for another method of the same path.
   */
  notServed?(method: string, url: URL): HttpError | undefined;
  errorReply(error: HttpError, requestId: string): Reply;
}

/** Anything with a route key can be matched; `R` is what a match hands back. */
export interface Keyed {
  key: string;
}

export type RouteMatch<R extends Keyed> =
  | { kind: "found"; route: R; params: ReadonlyMap<string, string> }
  | { kind: "wrongMethod"; allowed: string[] }
  | { kind: "none" };

interface CompiledRoute<R extends Keyed> {
  route: R;
  method: string;
  segments: string[];
  query?: [name: string, value: string];
}

export function createRouter<R extends Keyed>(
  routes: readonly R[],
): (method: string, url: URL) => RouteMatch<R> {
  const compiled = routes.map(compile);
  return (method, url) => {
    const segments = splitPath(url.pathname);
    if (!segments) return { kind: "none" };
    const allowed: string[] = [];
    for (const candidate of compiled) {
      const params = matchPath(candidate, segments, url.searchParams);
      if (!params) continue;
      if (candidate.method === method) return { kind: "found", route: candidate.route, params };
      allowed.push(candidate.method);
    }
    return allowed.length > 0 ? { kind: "wrongMethod", allowed } : { kind: "none" };
  };
}

function compile<R extends Keyed>(route: R): CompiledRoute<R> {
  const match = /^([A-Z]+) (\/[^?\s]*)(?:\?([^=\s]+)=(\S+))?$/.exec(route.key);
  const [, method, path, queryName, queryValue] = match ?? [];
  if (!method || !path) throw new Error(`Malformed route key "${route.key}".`);
  const query = queryName && queryValue ? ([queryName, queryValue] as [string, string]) : undefined;
  return { route, method, segments: path.split("/").filter(Boolean), query };
}

function matchPath(
  candidate: CompiledRoute<Keyed>,
  segments: string[],
  query: URLSearchParams,
): Map<string, string> | undefined {
  if (candidate.segments.length !== segments.length) return undefined;
  if (candidate.query && query.get(candidate.query[0]) !== candidate.query[1]) return undefined;
  const params = new Map<string, string>();
  for (const [i, pattern] of candidate.segments.entries()) {
    const segment = segments[i] ?? "";
    const name = /^\{(\w+)\}$/.exec(pattern)?.[1];
    if (name) params.set(name, segment);
    else if (pattern !== segment) return undefined;
  }
  return params;
}

/** Decoded path segments, or undefined when the path has a malformed escape. */
function splitPath(pathname: string): string[] | undefined {
  try {
    return pathname.split("/").filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}
