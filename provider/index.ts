export * from "./azure-openai";
export * from "./deployment";
export * from "./qianfan";
export * from "./sweep";
export {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  CredentialsError,
  FinetuneError,
  InputError,
  NetworkError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  WaitTimeoutError,
  type ApiErrorDetails,
  type Vendor,
} from "./core/errors";
export { typeToken, type VendorModule } from "./core/resource";
export type { AzureAuth, AzureSettings } from "./core/credentials";
export type { Transport, TransportStats } from "./core/transport";
export type { Fetch } from "./core/fetch";
