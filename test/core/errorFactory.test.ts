import { errorFromResponse, ErrorResponse } from "../../provider/core/errorFactory";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
} from "../../provider/core/errors";

const azure = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  errorFromResponse({
    vendor: "azure-openai",
    operation: "create file",
    status,
    headers: new Headers(headers),
    body,
  });
const qianfan = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  errorFromResponse({
    vendor: "qianfan",
    operation: "create task",
    status,
    headers: new Headers(headers),
    body,
  });

type ErrorClass = abstract new (...args: never[]) => ApiError;

describe("errorFromResponse: Azure OpenAI", () => {
  it("turns an Azure 400 into a BadRequestError with code, target and request id", () => {
    const error = azure(
      400,
      { error: { code: "invalidPayload", message: "The purpose is invalid.", target: "purpose" } },
      { "apim-request-id": "apim-1", "x-request-id": "x-1" },
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({
      name: "BadRequestError",
      vendor: "azure-openai",
      status: 400,
      code: "invalidPayload",
      target: "purpose",
      requestId: "apim-1",
      vendorMessage: "The purpose is invalid.",
    });
    expect(error.message).toBe(
      "create file: Azure OpenAI answered 400 invalidPayload: The purpose is invalid (target: purpose). [request id apim-1]",
    );
  });

  it("falls back to x-request-id, and reads an OpenAI-style {code,message,param,type}", () => {
    const error = azure(
      400,
      {
        error: {
          code: null,
          message: "Unknown parameter 'x'.",
          param: "x",
          type: "invalid_request_error",
        },
      },
      { "x-request-id": "x-1" },
    );
    expect(error).toMatchObject({ code: "invalid_request_error", target: "x", requestId: "x-1" });
    expect(error.message).toContain(
      "answered 400 invalid_request_error: Unknown parameter 'x' (target: x).",
    );
  });

  it("appends the messages of `details`", () => {
    const error = azure(400, {
      error: {
        code: "validationError",
        message: "Invalid file.",
        details: [{ message: "line 3: no messages" }, "junk"],
      },
    });
    expect(error.vendorMessage).toBe("Invalid file.; line 3: no messages");
  });

  it("names the key's config and environment variable on 401", () => {
    const error = azure(401, {
      error: { code: "401", message: "Access denied due to invalid subscription key." },
    });
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain("azure-openai:apiKey");
    expect(error.message).toContain("AZURE_OPENAI_API_KEY");
    expect(error.message).toContain("Entra ID");
  });

  it.each<[number, ErrorClass, string]>([
    [403, PermissionDeniedError, "Cognitive Services OpenAI Contributor"],
    [404, NotFoundError, "answered 404 notFound: x."],
    [409, ConflictError, "answered 409 notFound"],
    [422, BadRequestError, "answered 422"],
    [429, RateLimitError, "kept throttling after every retry"],
    [500, ServerError, "failed after every retry"],
    [503, ServerError, "answered 503"],
  ])("HTTP %i -> %p", (status, Class, fragment) => {
    const error = azure(status, { error: { code: "notFound", message: "x" } });
    expect(error).toBeInstanceOf(Class);
    expect(error.status).toBe(status);
    expect(error.message).toContain(fragment);
  });

  it.each<[string, unknown, string]>([
    ["an HTML page", "<html>Bad Gateway</html>", "answered 502 unknown: <html>Bad Gateway</html>."],
    ["an empty body", "", "answered 502 unknown: no error body."],
    ["no body", undefined, "answered 502 unknown: no error body."],
    [
      "JSON without `error`",
      { statusCode: 502, message: "gateway" },
      'unknown: {"statusCode":502,"message":"gateway"}.',
    ],
    ["a long text", "y".repeat(400), `unknown: ${"y".repeat(300)}…. The service failed`],
  ])("reads %s", (_label, body, fragment) => {
    const error = azure(502, body);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toContain(fragment);
  });
});

describe("errorFromResponse: Baidu Qianfan", () => {
  it("reads {requestId, code, message} on a 403", () => {
    const error = qianfan(403, {
      requestId: "req-9",
      code: "AccessDenied",
      message: "Access denied.",
    });
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error).toMatchObject({
      vendor: "qianfan",
      status: 403,
      code: "AccessDenied",
      requestId: "req-9",
    });
    expect(error.message).toBe(
      "create task: Baidu Qianfan answered 403 AccessDenied: Access denied. The access key lacks permission: " +
        "attach QianfanModelTuningFullControlAccessPolicy to its IAM user. [request id req-9]",
    );
  });

  it.each<[string, ErrorClass, number]>([
    ["RequestLimitExceeded", RateLimitError, 429],
    ["QpsLimitReached", RateLimitError, 429],
    ["InvalidAccessKeyId", AuthenticationError, 401],
    ["SignatureDoesNotMatch", AuthenticationError, 401],
    ["AccessDenied", PermissionDeniedError, 403],
    ["TaskNotFound", NotFoundError, 404],
    ["InternalError", ServerError, 500],
    ["SomethingNew", BadRequestError, 400],
  ])("an error %s carried on HTTP 200 -> %p with status %i", (code, Class, status) => {
    const error = qianfan(200, { requestId: "r", code, message: "m" });
    expect(error).toBeInstanceOf(Class);
    expect(error.status).toBe(status);
    expect(error.message).toContain(`answered ${status} ${code}: m.`);
  });

  it("names the Qianfan keys when authentication fails, whatever the HTTP status", () => {
    const error = qianfan(400, { code: "SignatureDoesNotMatch", message: "bad signature" });
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(400);
    expect(error.message).toContain("qianfan:secretKey");
    expect(error.message).toContain("QIANFAN_SECRET_KEY");
    expect(error.message).toContain("machine clock");
  });

  it("reads X-Bce-Error-Code / X-Bce-Error-Message and x-bce-request-id when the body is empty", () => {
    const error = qianfan(404, "", {
      "X-Bce-Error-Code": "ResourceNotFound",
      "X-Bce-Error-Message": "no such task",
      "x-bce-request-id": "bce-7",
    });
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      code: "ResourceNotFound",
      vendorMessage: "no such task",
      requestId: "bce-7",
    });
    expect(error.message).toBe(
      "create task: Baidu Qianfan answered 404 ResourceNotFound: no such task. [request id bce-7]",
    );
  });

  it("reads the v1 {error_code, error_msg} shape", () => {
    const error = qianfan(200, { error_code: 18, error_msg: "Open api qps request limit reached" });
    expect(error).toMatchObject({
      code: "18",
      status: 400,
      vendorMessage: "Open api qps request limit reached",
    });
  });

  it("says so when there is nothing to read", () => {
    const error = qianfan(500, undefined);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toContain("answered 500 unknown: no error body.");
  });
});

it("keeps the operation, the vendor and the error class in a thrown error", () => {
  const response: ErrorResponse = {
    vendor: "azure-openai",
    operation: "delete file file-1",
    status: 404,
    headers: new Headers(),
    body: { error: { code: "fileNotFound", message: "File not found." } },
  };
  expect(() => {
    throw errorFromResponse(response);
  }).toThrow(/^delete file file-1: Azure OpenAI answered 404 fileNotFound: File not found\.$/);
});
