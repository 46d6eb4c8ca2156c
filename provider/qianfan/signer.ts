/**
 * BCE `bce-auth-v1` request signing (Baidu Cloud's AK/SK scheme, required by the Qianfan console API), written
 * with node:crypto from the published algorithm; see ../shared/reference and test/qianfan/signer.test.ts for the
 * official vectors it reproduces byte for byte.
 */
import { createHmac } from "node:crypto";

export interface SigningCredentials {
  accessKey: string;
  secretKey: string;
}

export interface RequestToSign {
  method: string;
  /** Path only, e.g. /v2/finetuning. */
  path: string;
  query?: Record<string, string | null | undefined>;
  /** Header names in any case. */
  headers: Record<string, string | number | undefined>;
}

export interface SigningOptions {
  /** Signing time; goes into the auth string and should equal the x-bce-date header. */
  timestamp: Date;
  expirationSeconds?: number;
  /** Headers to sign besides every x-bce-* one; default host, content-type, content-length, content-md5. */
  headersToSign?: readonly string[];
}

export const DEFAULT_EXPIRATION_SECONDS = 1800;
const DEFAULT_HEADERS_TO_SIGN = ["host", "content-length", "content-type", "content-md5"];

/** Percent-encodes everything but A–Z a–z 0–9 - _ . ~, as upper-case %XX of the UTF-8 bytes. */
export function uriEncode(value: string, keepSlash = false): string {
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    const char = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(char) || (keepSlash && char === "/")) out += char;
    else out += "%" + byte.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

export function bceTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function canonicalUri(path: string): string {
  const withSlash = path.startsWith("/") ? path : `/${path}`;
  return uriEncode(withSlash, true);
}

export function canonicalQueryString(query: RequestToSign["query"] = {}): string {
  return Object.entries(query)
    .filter(([key]) => key.toLowerCase() !== "authorization")
    .map(([key, value]) => `${uriEncode(key)}=${uriEncode(value ?? "")}`)
    .sort()
    .join("&");
}

export function canonicalHeaders(
  headers: RequestToSign["headers"],
  headersToSign: readonly string[] = DEFAULT_HEADERS_TO_SIGN,
): { canonical: string; signedHeaders: string } {
  const wanted = new Set(headersToSign.map((h) => h.toLowerCase()));
  const entries = Object.entries(headers)
    .map(([name, value]) => [name.toLowerCase(), String(value ?? "").trim()] as const)
    .filter(
      ([name, value]) =>
        value !== "" && name !== "authorization" && (wanted.has(name) || name.startsWith("x-bce-")),
    );
  const canonical = entries
    .map(([name, value]) => `${uriEncode(name)}:${uriEncode(value)}`)
    .sort()
    .join("\n");
  const signedHeaders = [...new Set(entries.map(([name]) => name))].sort().join(";");
  return { canonical, signedHeaders };
}

export interface Signature {
  authorization: string;
  signingKey: string;
  canonicalRequest: string;
  signature: string;
}

export function signRequest(
  request: RequestToSign,
  credentials: SigningCredentials,
  options: SigningOptions,
): Signature {
  const expiration = options.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
  const authStringPrefix = `bce-auth-v1/${credentials.accessKey}/${bceTimestamp(options.timestamp)}/${expiration}`;
  const headers = canonicalHeaders(request.headers, options.headersToSign);
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalUri(request.path),
    canonicalQueryString(request.query),
    headers.canonical,
  ].join("\n");
  const signingKey = hmacHex(credentials.secretKey, authStringPrefix);
  const signature = hmacHex(signingKey, canonicalRequest);
  return {
    authorization: `${authStringPrefix}/${headers.signedHeaders}/${signature}`,
    signingKey,
    canonicalRequest,
    signature,
  };
}

function hmacHex(key: string, data: string): string {
  return createHmac("sha256", key).update(data, "utf8").digest("hex");
}
