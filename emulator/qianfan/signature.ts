// BCE signature v1 (bce-auth-v1), written from the reference (qianfan-finetuning-api.md §3.2) and
// kept apart from the provider's signer on purpose: a bug shared by both could never fail a test.
import { createHmac, timingSafeEqual } from "node:crypto";

export const BCE_AUTH_VERSION = "bce-auth-v1";

/** Signed when the Authorization header lists no headers, with every `x-bce-*` header. */
export const DEFAULT_HEADERS_TO_SIGN: readonly string[] = [
  "host",
  "content-length",
  "content-type",
  "content-md5",
];

export interface BceAuthorization {
  accessKey: string;
  /** As written, `yyyy-mm-ddThh:mm:ssZ`. */
  timestamp: string;
  timestampMs: number;
  expirationSeconds: number;
  /** Lower-case names as listed; empty means the default set. */
  signedHeaders: string[];
  signature: string;
}

export type HeaderValue = string | number | readonly string[] | undefined;

/** What the canonical request is built from; header names in any case. */
export interface SignableRequest {
  method: string;
  /** Decoded: `/example/测试`, not `/example/%E6%B5%8B%E8%AF%95`. */
  path: string;
  query: Iterable<readonly [string, string]>;
  headers: Readonly<Record<string, HeaderValue>>;
}

const UNRESERVED = /^[A-Za-z0-9\-_.~]$/;

/** RFC 3986 percent-encoding of the UTF-8 bytes, upper-case hex; `/` kept only when asked. */
export function uriEncode(value: string, keepSlash = false): string {
  let encoded = "";
  for (const char of value) {
    if (UNRESERVED.test(char) || (keepSlash && char === "/")) {
      encoded += char;
      continue;
    }
    for (const byte of Buffer.from(char, "utf8")) {
      encoded += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    }
  }
  return encoded;
}

export function canonicalUri(path: string): string {
  const absolute = path.startsWith("/") ? path : `/${path}`;
  return uriEncode(absolute, true);
}

export function canonicalQuery(query: Iterable<readonly [string, string]>): string {
  const pairs: string[] = [];
  for (const [key, value] of query) {
    if (key.toLowerCase() === "authorization") continue;
    pairs.push(`${uriEncode(key)}=${uriEncode(value)}`);
  }
  return pairs.sort(byteOrder).join("&");
}

/**
 * The canonical headers for the listed names (or the default set when none are listed); undefined
 * when a listed header is not in the request, which can only mean the signature does not match.
 */
export function canonicalHeaders(
  headers: Readonly<Record<string, HeaderValue>>,
  signedHeaders: readonly string[],
): string | undefined {
  const byName = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) byName.set(name.toLowerCase(), headerText(value).trim());
  }
  const names = signedHeaders.length > 0 ? signedHeaders : defaultSignedNames(byName);
  const lines: string[] = [];
  for (const name of names) {
    const value = byName.get(name);
    if (value === undefined) return undefined;
    lines.push(`${uriEncode(name)}:${uriEncode(value)}`);
  }
  return lines.sort(byteOrder).join("\n");
}

export function canonicalRequest(
  request: SignableRequest,
  signedHeaders: readonly string[],
): string | undefined {
  const headers = canonicalHeaders(request.headers, signedHeaders);
  if (headers === undefined) return undefined;
  return [
    request.method.toUpperCase(),
    canonicalUri(request.path),
    canonicalQuery(request.query),
    headers,
  ].join("\n");
}

export type AuthStringParts = Pick<
  BceAuthorization,
  "accessKey" | "timestamp" | "expirationSeconds"
>;

export const authStringPrefix = (auth: AuthStringParts) =>
  `${BCE_AUTH_VERSION}/${auth.accessKey}/${auth.timestamp}/${auth.expirationSeconds}`;

export const signingKey = (secretKey: string, prefix: string) => hmacHex(secretKey, prefix);

/** The signing key's hex text, not its raw bytes, is the second HMAC's key. */
export const signatureOf = (secretKey: string, prefix: string, canonical: string) =>
  hmacHex(signingKey(secretKey, prefix), canonical);

/** Parses `bce-auth-v1/{ak}/{timestamp}/{expiration}/{signedHeaders}/{signature}`, or undefined. */
export function parseAuthorization(value: string): BceAuthorization | undefined {
  const parts = value.trim().split("/");
  if (parts.length !== 6) return undefined;
  const [version, accessKey, timestamp, expiration, headerList, signature] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (version !== BCE_AUTH_VERSION || accessKey === "") return undefined;
  const timestampMs = parseTimestamp(timestamp);
  const expirationSeconds = Number(expiration);
  if (timestampMs === undefined || !/^[1-9]\d{0,9}$/.test(expiration)) return undefined;
  const signedHeaders = headerList === "" ? [] : headerList.toLowerCase().split(";");
  if (signedHeaders.some((name) => !/^[a-z0-9!#$%&'*+\-.^_`|~]+$/.test(name))) return undefined;
  if (!/^[0-9a-fA-F]{64}$/.test(signature)) return undefined;
  return { accessKey, timestamp, timestampMs, expirationSeconds, signedHeaders, signature };
}

/** Recomputes the signature with `secretKey` and compares it in constant time. */
export function signatureMatches(
  auth: BceAuthorization,
  secretKey: string,
  request: SignableRequest,
): boolean {
  const canonical = canonicalRequest(request, auth.signedHeaders);
  if (canonical === undefined) return false;
  const expected = Buffer.from(signatureOf(secretKey, authStringPrefix(auth), canonical));
  return timingSafeEqual(expected, Buffer.from(auth.signature));
}

function parseTimestamp(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(text)) return undefined;
  const ms = Date.parse(text);
  // Date.parse rolls 2015-02-30 over to March; a real timestamp prints back the same.
  const printsBack = !Number.isNaN(ms) && new Date(ms).toISOString() === text.replace("Z", ".000Z");
  return printsBack ? ms : undefined;
}

function defaultSignedNames(byName: ReadonlyMap<string, string>): string[] {
  const signedByDefault = (name: string) =>
    DEFAULT_HEADERS_TO_SIGN.includes(name) || name.startsWith("x-bce-");
  return [...byName]
    .filter(([name, value]) => value !== "" && signedByDefault(name))
    .map(([name]) => name);
}

function headerText(value: Exclude<HeaderValue, undefined>): string {
  if (typeof value === "number") return String(value);
  return typeof value === "string" ? value : value.join(",");
}

const hmacHex = (key: string, data: string) =>
  createHmac("sha256", key).update(data, "utf8").digest("hex");

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
