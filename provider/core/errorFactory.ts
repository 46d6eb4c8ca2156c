import { AZURE_FINE_TUNING_ROLE } from "./credentials";
import {
  ApiError,
  ApiErrorDetails,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  Vendor,
} from "./errors";

export interface ErrorResponse {
  vendor: Vendor;
  operation: string;
  status: number;
  headers: Headers;
  body: unknown;
}

interface VendorErrorFields {
  code: string;
  message: string;
  target?: string;
  requestId?: string;
}

const QIANFAN_CODE_STATUS: Record<string, number> = {
  AccessDenied: 403,
  InvalidAccessKeyId: 401,
  SignatureDoesNotMatch: 401,
  InvalidHTTPAuthHeader: 401,
  RequestExpired: 401,
  NotFound: 404,
  ResourceNotFound: 404,
  TaskNotFound: 404,
  JobNotFound: 404,
  RequestLimitExceeded: 429,
  QpsLimitReached: 429,
  TooManyRequests: 429,
  InternalError: 500,
  ServiceUnavailable: 503,
};

/** Builds the typed error for a vendor error answer (Azure `{error:{...}}`, Qianfan `{requestId,code,message}`). */
export function errorFromResponse(response: ErrorResponse): ApiError {
  const fields =
    response.vendor === "azure-openai"
      ? azureErrorFields(response.body, response.headers)
      : qianfanErrorFields(response.body, response.headers);
  const status =
    response.vendor === "qianfan" && response.status < 400
      ? (QIANFAN_CODE_STATUS[fields.code] ?? 400)
      : response.status;
  const details: ApiErrorDetails = {
    vendor: response.vendor,
    operation: response.operation,
    status,
    code: fields.code,
    vendorMessage: fields.message,
    target: fields.target,
    requestId: fields.requestId,
  };
  const ErrorClass = errorClassFor(status, fields.code);
  return new ErrorClass(details, hintFor(response.vendor, status, fields.code));
}

export function errorClassFor(
  status: number,
  code: string,
): new (d: ApiErrorDetails, h: string) => ApiError {
  if (status === 401 || QIANFAN_CODE_STATUS[code] === 401) return AuthenticationError;
  if (status === 403) return PermissionDeniedError;
  if (status === 404) return NotFoundError;
  if (status === 409) return ConflictError;
  if (status === 429) return RateLimitError;
  if (status >= 500) return ServerError;
  if (status >= 400) return BadRequestError;
  return ApiError;
}

function hintFor(vendor: Vendor, status: number, code: string): string {
  if (status === 401 || QIANFAN_CODE_STATUS[code] === 401) {
    return vendor === "azure-openai"
      ? "Check the key in stack config azure-openai:apiKey or AZURE_OPENAI_API_KEY (or the Entra ID identity), " +
          "and that azure-openai:endpoint points at the same resource."
      : "Check qianfan:accessKey/qianfan:secretKey (or QIANFAN_ACCESS_KEY/QIANFAN_SECRET_KEY) and the machine clock.";
  }
  if (status === 403) {
    return vendor === "azure-openai"
      ? `The identity lacks permission: grant it the '${AZURE_FINE_TUNING_ROLE}' role on the resource.`
      : "The access key lacks permission: attach QianfanModelTuningFullControlAccessPolicy to its IAM user.";
  }
  if (status === 429)
    return "The service kept throttling after every retry; try again later or run fewer operations at once.";
  if (status >= 500)
    return "The service failed after every retry; this is usually transient, so run the command again.";
  return "";
}

function azureErrorFields(body: unknown, headers: Headers): VendorErrorFields {
  const requestId = headers.get("apim-request-id") ?? headers.get("x-request-id") ?? undefined;
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  if (!error) return { code: "unknown", message: describeBody(body), requestId };
  const target = stringField(error, "target") ?? stringField(error, "param");
  const detailMessages = Array.isArray(error.details)
    ? error.details
        .filter(isRecord)
        .map((d) => stringField(d, "message"))
        .filter(Boolean)
    : [];
  const message = [stringField(error, "message") ?? "no message", ...detailMessages].join("; ");
  return {
    code: stringField(error, "code") ?? stringField(error, "type") ?? "unknown",
    message,
    target,
    requestId,
  };
}

function qianfanErrorFields(body: unknown, headers: Headers): VendorErrorFields {
  const record = isRecord(body) ? body : {};
  const headerCode = headers.get("x-bce-error-code") ?? undefined;
  const code =
    stringField(record, "code") ?? stringField(record, "error_code") ?? headerCode ?? "unknown";
  const message =
    stringField(record, "message") ??
    stringField(record, "error_msg") ??
    headers.get("x-bce-error-message") ??
    describeBody(body);
  const requestId =
    stringField(record, "requestId") ?? headers.get("x-bce-request-id") ?? undefined;
  return { code, message, requestId };
}

function describeBody(body: unknown): string {
  if (body === undefined || body === null || body === "") return "no error body";
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return text.length > 300 ? text.slice(0, 300) + "…" : text;
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
