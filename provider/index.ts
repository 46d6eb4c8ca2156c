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
} from "./core/errors";
export { typeToken } from "./core/resource";
