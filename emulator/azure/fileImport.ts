// `POST /openai/files/import` (dated specs, `Files_Import`): the service fetches a file from
// `content_url` (in practice an Azure Blob SAS URL). The emulator has no network but loopback, so it
// fetches only from http(s) URLs on 127.0.0.0/8, `localhost` or ::1 and refuses any other with 400
// naming `content_url`. URLs are never quoted back: a SAS token is a credential.
import { HttpError } from "../errors";
import { invalidPayload } from "./errors";

/** The largest file an import fetches (the files route's per-file limit). */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;
/** How long an import waits for `content_url` to answer in full. */
export const IMPORT_TIMEOUT_MS = 30_000;

/** `expires_after.seconds` bounds (2025-04-01-preview `FileExpiresAfter`). */
export const MIN_EXPIRES_AFTER_SECONDS = 1_209_600;
export const MAX_EXPIRES_AFTER_SECONDS = 2_592_000;

/** Whether a URL is http(s) on loopback: 127.0.0.0/8, `localhost` (any case) or ::1. */
export function isLoopbackUrl(url: URL): boolean {
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  // WHATWG URL parsing has already normalised IPv4 forms (127.1, 0x7f.0.0.1) and lower-cased.
  const host = url.hostname;
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The import body as an object, or 400. */
export function importFields(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new HttpError(400, "The request body must be a JSON object.");
  }
  return body as Record<string, unknown>;
}

/**
 * Where to fetch from: `content_url`, which must be an http(s) URL on loopback; `expires_after`
 * is checked too (accepted, not applied: the emulator's files never expire).
 */
export function importSource(fields: Record<string, unknown>): URL {
  const { content_url: contentUrl, expires_after: expiresAfter } = fields;
  if (typeof contentUrl !== "string" || contentUrl === "") {
    throw invalidPayload("content_url", "content_url is required: the URL to fetch the file from.");
  }
  let url: URL;
  try {
    url = new URL(contentUrl);
  } catch {
    throw invalidPayload("content_url", "content_url is not an absolute URL.");
  }
  if (!isLoopbackUrl(url)) {
    const message =
      "content_url must be an http or https URL on loopback (127.0.0.0/8, localhost or [::1]): " +
      "the emulator fetches nothing from other hosts.";
    throw invalidPayload("content_url", message);
  }
  checkExpiresAfter(expiresAfter);
  return url;
}

/** `expires_after` is optional; when given it must be `{anchor?: "created_at", seconds?}`. */
function checkExpiresAfter(value: unknown): void {
  if (value === undefined || value === null) return;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw invalidPayload("expires_after", "expires_after must be an object {anchor, seconds}.");
  }
  const { anchor, seconds } = value as Record<string, unknown>;
  if (anchor !== undefined && anchor !== "created_at") {
    throw invalidPayload("expires_after.anchor", "expires_after.anchor must be created_at.");
  }
  if (
    seconds !== undefined &&
    (typeof seconds !== "number" ||
      !Number.isInteger(seconds) ||
      seconds < MIN_EXPIRES_AFTER_SECONDS ||
      seconds > MAX_EXPIRES_AFTER_SECONDS)
  ) {
    const range = `${MIN_EXPIRES_AFTER_SECONDS} to ${MAX_EXPIRES_AFTER_SECONDS}`;
    throw invalidPayload("expires_after.seconds", `expires_after.seconds must be ${range}.`);
  }
}

const importFailed = (message: string) =>
  new HttpError(400, message, { code: "fileImportFailed", target: "content_url" });

/**
 * The content at a loopback URL: 400 `fileImportFailed` (target `content_url`) when it cannot be
 * fetched, answers other than 2xx (redirects are not followed), or passes `maxBytes`.
 */
export async function fetchImportContent(
  url: URL,
  { maxBytes = MAX_IMPORT_BYTES, timeoutMs = IMPORT_TIMEOUT_MS } = {},
): Promise<Buffer> {
  let res: Response;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    res = await fetch(url, { redirect: "manual", signal });
  } catch {
    throw importFailed(`The file could not be fetched from content_url (host ${url.host}).`);
  }
  if (res.status < 200 || res.status > 299) {
    await res.body?.cancel();
    throw importFailed(`content_url answered HTTP ${res.status}; the file was not imported.`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of res.body ?? []) {
      total += (chunk as Uint8Array).byteLength;
      // Leaving the loop by a throw cancels the stream.
      if (total > maxBytes) {
        throw importFailed(`The file at content_url is larger than ${maxBytes} bytes.`);
      }
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw importFailed("The file could not be read in full from content_url.");
  }
  return Buffer.concat(chunks, total);
}
