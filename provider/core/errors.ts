/**
 * The one error hierarchy of the package. Every failure a user can see is one of these classes, and every message
 * says what to fix. Messages never carry headers, keys or tokens: `redactSecrets` runs on all vendor text.
 */
import { redactSecrets } from "./redact";

export type Vendor = "azure-openai" | "qianfan";

export class FinetuneError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(redactSecrets(message), options);
    this.name = new.target.name;
  }
}

/** An input or config value is wrong; `field` names it, as the user wrote it. */
export class InputError extends FinetuneError {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** A credential or endpoint could not be found; the message names every place that was looked at. */
export class CredentialsError extends FinetuneError {
  constructor(
    message: string,
    /** The stack setting that would fix it, e.g. `qianfan:secretKey`. */
    readonly setting?: string,
  ) {
    super(message);
  }
}

/** The request never got an HTTP answer (connection refused or reset, DNS failure, timeout). */
export class NetworkError extends FinetuneError {
  constructor(
    readonly vendor: Vendor,
    readonly operation: string,
    detail: string,
    options?: { cause?: unknown; requestSent?: boolean },
  ) {
    super(`${operation}: could not reach the ${vendorName(vendor)} endpoint (${detail}).`, options);
    this.requestSent = options?.requestSent ?? true;
  }

  /** False only when the connection was refused: then the service cannot have acted on the request. */
  readonly requestSent: boolean;
}

/** A listing had more pages than the bound (core/paging.ts): it was not read to the end, so nothing was decided. */
export class ListingTooLongError extends FinetuneError {
  constructor(
    readonly operation: string,
    readonly pages: number,
  ) {
    super(
      `${operation}: the listing has more than ${pages} pages, so it was not read to the end. ` +
        "Delete what is no longer needed, then run again.",
    );
  }
}

/** A delete was refused because other remote objects still use the object; `users` are their ids. */
export class InUseError extends FinetuneError {
  constructor(
    message: string,
    readonly users: readonly string[],
  ) {
    super(message);
  }
}

/** A wait (for a file to be processed, a job to finish) ran past its timeout. */
export class WaitTimeoutError extends FinetuneError {}

/**
 * The remote object exists but did not become ready (a job still running when the wait timed out). Pulumi keeps
 * such a resource in the state, with these properties, and reports the error: the `id` and `properties` fields are
 * what the dynamic-provider host looks for.
 */
export class ResourceInitError extends FinetuneError {
  readonly reasons: string[];

  constructor(
    message: string,
    readonly id: string,
    /** The resource's outputs as far as they are known; core/hooks adds the serialized provider. */
    public properties: object,
  ) {
    super(message);
    this.reasons = [this.message];
  }
}

export interface ApiErrorDetails {
  vendor: Vendor;
  status: number;
  code: string;
  vendorMessage: string;
  requestId?: string;
  target?: string;
  operation: string;
}

/** The service answered with an error. Keeps the vendor's code, the HTTP status and the request id. */
export class ApiError extends FinetuneError {
  readonly vendor: Vendor;
  readonly status: number;
  readonly code: string;
  readonly vendorMessage: string;
  readonly requestId?: string;
  readonly target?: string;

  constructor(details: ApiErrorDetails, hint: string) {
    const where = details.target ? ` (target: ${details.target})` : "";
    const id = details.requestId ? ` [request id ${details.requestId}]` : "";
    super(
      `${details.operation}: ${vendorName(details.vendor)} answered ${details.status} ${details.code}: ` +
        `${details.vendorMessage.replace(/\.+$/, "")}${where}.${hint ? " " + hint : ""}${id}`,
    );
    // Every field comes from the service's answer, which could echo a credential back; all are kept clean.
    this.vendor = details.vendor;
    this.status = details.status;
    this.code = redactSecrets(details.code);
    this.vendorMessage = redactSecrets(details.vendorMessage);
    this.requestId = details.requestId === undefined ? undefined : redactSecrets(details.requestId);
    this.target = details.target === undefined ? undefined : redactSecrets(details.target);
  }
}

export class BadRequestError extends ApiError {}
export class AuthenticationError extends ApiError {}
export class PermissionDeniedError extends ApiError {}
export class NotFoundError extends ApiError {}
export class ConflictError extends ApiError {}
export class RateLimitError extends ApiError {}
export class ServerError extends ApiError {}

/**
 * Whether the service may have done the work although the call failed (a 5xx, or a connection lost after the
 * request went out). A create that fails this way must look for its object before trying again.
 */
export function outcomeUnknown(error: unknown): boolean {
  if (error instanceof ServerError) return true;
  return error instanceof NetworkError && error.requestSent;
}

/** What a caught value says: an Error's message, or the value itself. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function vendorName(vendor: Vendor): string {
  return vendor === "azure-openai" ? "Azure OpenAI" : "Baidu Qianfan";
}
