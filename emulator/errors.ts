// Vendor-shaped error bodies. Handlers throw HttpError; each vendor renders it in its own shape.

/** Azure OpenAI `ErrorCode` values (seed: Upload Complete definitions). */
export const AZURE_ERROR_CODES = [
  "conflict",
  "contentFilter",
  "fileImportFailed",
  "forbidden",
  "internalFailure",
  "invalidPayload",
  "itemDoesAlreadyExist",
  "jsonlValidationFailed",
  "notFound",
  "quotaExceeded",
  "serviceUnavailable",
  "tooManyRequests",
  "unauthorized",
  "unexpectedEntityState",
] as const;

export type AzureErrorCode = (typeof AZURE_ERROR_CODES)[number];

export const isAzureErrorCode = (code: string | undefined): code is AzureErrorCode =>
  (AZURE_ERROR_CODES as readonly (string | undefined)[]).includes(code);

export interface AzureInnerError {
  code?: "invalidPayload";
  innererror?: AzureInnerError;
}

export interface AzureError {
  code: AzureErrorCode;
  message: string;
  target?: string;
  details?: AzureError[];
  innererror?: AzureInnerError;
}

export interface AzureErrorBody {
  error: AzureError;
}

/** Qianfan v2 error envelope. */
export interface QianfanErrorBody {
  requestId: string;
  code: string;
  message: string;
}

export interface HttpErrorOptions {
  /** Vendor error code; when absent the vendor picks one from the status. */
  code?: string;
  /** The field or parameter at fault. */
  target?: string;
  headers?: Record<string, string>;
}

export class HttpError extends Error {
  readonly code?: string;
  readonly target?: string;
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    message: string,
    options: HttpErrorOptions = {},
  ) {
    super(message);
    this.name = "HttpError";
    this.code = options.code;
    this.target = options.target;
    this.headers = options.headers ?? {};
  }
}

/** 400 naming the field or parameter at fault. */
export const invalidPayload = (target: string, message: string) =>
  new HttpError(400, message, { code: "invalidPayload", target });

// The enum has no code for 405 or 413; both mean "this request is invalid for the operation".
const AZURE_CODE_BY_STATUS: Record<number, AzureErrorCode> = {
  400: "invalidPayload",
  401: "unauthorized",
  403: "forbidden",
  404: "notFound",
  405: "invalidPayload",
  409: "conflict",
  413: "invalidPayload",
  429: "tooManyRequests",
  503: "serviceUnavailable",
};

export function azureErrorCodeFor(status: number): AzureErrorCode {
  return AZURE_CODE_BY_STATUS[status] ?? (status >= 500 ? "internalFailure" : "invalidPayload");
}

export function azureErrorBody(
  code: AzureErrorCode,
  message: string,
  extra: Omit<AzureError, "code" | "message"> = {},
): AzureErrorBody {
  return { error: { code, message, ...extra } };
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
