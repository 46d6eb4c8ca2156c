import type { Clock } from "../clock";
import type { QianfanCredential } from "../credentials";
import { HttpError } from "../errors";
import type { IncomingRequest } from "../routing";
import { type BceAuthorization, parseAuthorization, signatureMatches } from "./signature";

/** How far ahead of the emulator's clock a signing timestamp may be. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface QianfanAuthOptions {
  credentials: readonly QianfanCredential[];
  clock: Clock;
}

/**
 * Checks the bce-auth-v1 Authorization header as the BCE gateway does: parse, access key, time
 * window, then signature. Messages never repeat the key, the signature or the header.
 */
export function checkBceAuth(
  request: IncomingRequest,
  { credentials, clock }: QianfanAuthOptions,
): HttpError | undefined {
  const header = request.headers.authorization;
  if (!header) {
    return authError(400, "InvalidHTTPAuthHeader", "The request has no Authorization header.");
  }
  const auth = parseAuthorization(header);
  if (!auth) {
    const message =
      "The HTTP authorization header is invalid: expected bce-auth-v1/{accessKeyId}/{timestamp}/" +
      "{expirationPeriodInSeconds}/{signedHeaders}/{signature}.";
    return authError(400, "InvalidHTTPAuthHeader", message);
  }
  const credential = credentials.find((c) => c.accessKey === auth.accessKey);
  if (!credential) {
    const message = "The Access Key ID you provided does not exist in our records.";
    return authError(403, "InvalidAccessKeyId", message, "Could not find credential.");
  }
  const expired = timeWindowError(auth, clock.now());
  if (expired) return expired;
  const matches =
    auth.signedHeaders.length === 0 || auth.signedHeaders.includes("host")
      ? signatureMatches(auth, credential.secretKey, {
          method: request.method,
          path: decodedPath(request.url.pathname),
          query: request.url.searchParams,
          headers: request.headers,
        })
      : false;
  if (!matches) {
    const cause = "Fail to authn user: Signature does not match";
    return authError(403, "SignatureDoesNotMatch", cause, cause);
  }
  return undefined;
}

function timeWindowError(auth: BceAuthorization, nowMs: number): HttpError | undefined {
  const expiresAtMs = auth.timestampMs + auth.expirationSeconds * 1000;
  const now = new Date(nowMs).toISOString();
  if (nowMs > expiresAtMs) {
    const message =
      `Request has expired. Timestamp date is ${auth.timestamp}, expiration is ` +
      `${auth.expirationSeconds} s, server time is ${now}.`;
    return authError(400, "RequestExpired", message);
  }
  if (auth.timestampMs - nowMs > MAX_CLOCK_SKEW_MS) {
    const message =
      `Request has expired. Timestamp date is ${auth.timestamp}, more than ` +
      `${MAX_CLOCK_SKEW_MS / 60000} minutes after server time ${now}.`;
    return authError(400, "RequestExpired", message);
  }
  return undefined;
}

/** Gateway errors also come as headers (the SDKs read `X-Bce-Error-Code`). */
function authError(status: number, code: string, message: string, cause = message): HttpError {
  const headers = { "x-bce-error-code": code, "x-bce-error-message": `${code}, cause: ${cause}` };
  return new HttpError(status, message, { code, headers });
}

function decodedPath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}
