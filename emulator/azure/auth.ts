import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export interface AzureCredentials {
  apiKeys: readonly string[];
  bearerTokens: readonly string[];
}

export const UNAUTHORIZED_MESSAGE =
  "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a " +
  "valid key for an active subscription and use a correct regional API endpoint for your resource.";

/** True when the `api-key` header or the `Authorization: Bearer` token is accepted. */
export function isAuthorized(headers: IncomingHttpHeaders, credentials: AzureCredentials): boolean {
  const apiKey = headers["api-key"];
  if (typeof apiKey === "string" && includesSecret(credentials.apiKeys, apiKey)) return true;
  const token = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? "")?.[1];
  return token !== undefined && includesSecret(credentials.bearerTokens, token);
}

function includesSecret(accepted: readonly string[], presented: string): boolean {
  // Comparing digests keeps the comparison constant-time whatever the lengths.
  const digest = sha256(presented);
  return accepted.some((secret) => timingSafeEqual(sha256(secret), digest));
}

const sha256 = (value: string) => createHash("sha256").update(value).digest();
