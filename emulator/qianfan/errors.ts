// Qianfan-shaped error bodies: `{requestId, code, message}`.
import { HttpError } from "../errors";

/** Qianfan v2 error envelope. */
export interface QianfanErrorBody {
  requestId: string;
  code: string;
  message: string;
}

// Common BCE codes where one exists (qianfan reference section 1); the rest are the emulator's choice.
const QIANFAN_CODE_BY_STATUS: Record<number, string> = {
  400: "InvalidHTTPRequest",
  401: "AccessDenied",
  403: "AccessDenied",
  404: "NotFound",
  405: "InvalidHTTPRequest",
  413: "InvalidHTTPRequest",
  429: "TooManyRequests",
  503: "ServiceUnavailable",
};

export function qianfanErrorCodeFor(status: number): string {
  return QIANFAN_CODE_BY_STATUS[status] ?? (status >= 500 ? "InternalError" : "InvalidHTTPRequest");
}

/** The BCE message for a well-formed body with a wrong value (seed: the SDK's mock server). */
export const INAPPROPRIATE_JSON_MESSAGE =
  "The JSON you provided was well-formed and valid, but not appropriate for this operation.";

/**
 * 400 `InappropriateJSON` naming the parameter by its last name, as the SDK's mock does
 * (`param[splitRatio] invalid.`); `target` and the detail give the full path.
 */
export function inappropriateJson(path: string, detail: string): HttpError {
  const name = /([A-Za-z0-9_]+)(?:\[\d+\])*$/.exec(path)?.[1] ?? path;
  const message = `${INAPPROPRIATE_JSON_MESSAGE} param[${name}] invalid. ${detail}`;
  return new HttpError(400, message, { code: "InappropriateJSON", target: path });
}

export function qianfanErrorBody(
  requestId: string,
  code: string,
  message: string,
): QianfanErrorBody {
  return { requestId, code, message };
}

/**
 * 404 `NotFound` for an id the action is about ("The dataset version 'ds-…' does not exist."):
 * the BCE generic code, as for fine-tuning jobs and tasks (no Qianfan-specific code is known).
 */
export const qianfanObjectNotFound = (what: string, id: string) =>
  new HttpError(404, `The ${what} '${id}' does not exist.`, { code: "NotFound" });
