// Azure-shaped error bodies: `{error: {code, message, target?}}`.
import { HttpError } from "../errors";

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
