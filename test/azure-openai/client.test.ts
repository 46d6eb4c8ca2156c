import { APIConnectionError, APIError } from "openai";
import {
  AzureOpenAIClient,
  isIdempotentAzureRequest,
  toFinetuneError,
} from "../../provider/azure-openai/client";
import {
  AuthenticationError,
  BadRequestError,
  CredentialsError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ServerError,
} from "../../provider/core/errors";
import type { Fetch } from "../../provider/core/fetch";

const FILES = {
  object: "list",
  data: [{ id: "file-1", object: "file", purpose: "fine-tune" }],
  has_more: false,
};

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });

const netError = (code: string) =>
  Object.assign(new TypeError("fetch failed"), {
    cause: Object.assign(new Error(`connect ${code}`), { code }),
  });

/** A fake fetch answering `answers` in order, recording each request. */
function scripted(...answers: (Response | Error)[]) {
  const requests: { url: URL; method: string; headers: Headers }[] = [];
  const fetch: Fetch = async (input, init) => {
    requests.push({
      url: new URL(input instanceof Request ? input.url : input.toString()),
      method: init?.method ?? "GET",
      headers: new Headers(init?.headers),
    });
    const next = answers.shift();
    if (!next) throw new Error("fake fetch called more often than scripted");
    if (next instanceof Error) throw next;
    return next;
  };
  return { fetch, requests };
}

function client(
  fetch: Fetch,
  auth: ConstructorParameters<typeof AzureOpenAIClient>[0]["auth"] = {
    kind: "apiKey",
    apiKey: "k-123456789",
  },
) {
  const sleeps: number[] = [];
  const azure = new AzureOpenAIClient(
    { endpoint: "http://127.0.0.1:9", apiVersion: "2025-04-01-preview", auth },
    { fetch, sleep: async (ms) => void sleeps.push(ms), random: () => 0, onRetry: () => undefined },
  );
  return { azure, sleeps };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e as Error,
  );

describe("toFinetuneError", () => {
  it("maps an APIError 404 to NotFoundError with code, message and apim-request-id", () => {
    const sdkError = APIError.generate(
      404,
      { error: { code: "notFound", message: "File file-9 not found." } },
      undefined,
      new Headers({ "apim-request-id": "r1" }),
    );
    const error = toFinetuneError("get file file-9", sdkError);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: "notFound", requestId: "r1" });
    expect(error.message).toBe(
      "get file file-9: Azure OpenAI answered 404 notFound: File file-9 not found. [request id r1]",
    );
  });

  it("accepts an APIError built directly from the error object", () => {
    const sdkError = new APIError(
      404,
      { code: "notFound", message: "x" },
      undefined,
      new Headers({ "apim-request-id": "r1" }),
    );
    expect(toFinetuneError("op", sdkError)).toMatchObject({
      name: "NotFoundError",
      code: "notFound",
      vendorMessage: "x",
    });
  });

  it.each<[number, unknown, abstract new (...a: never[]) => Error, string]>([
    [
      400,
      { error: { code: "invalidPayload", message: "bad", param: "purpose" } },
      BadRequestError,
      "400 invalidPayload: bad (target: purpose).",
    ],
    [
      401,
      { error: { code: "401", message: "Access denied." } },
      AuthenticationError,
      "azure-openai:apiKey or AZURE_OPENAI_API_KEY",
    ],
    [429, { error: { code: "429", message: "Slow down." } }, RateLimitError, "kept throttling"],
    [500, undefined, ServerError, "500 unknown: no error body."],
    [502, { error: "Bad gateway" }, ServerError, `502 unknown: {"error":"Bad gateway"}.`],
  ])("maps APIError %i with body %j to the right class", (status, body, Class, fragment) => {
    const error = toFinetuneError(
      "op",
      APIError.generate(status, body as object, undefined, new Headers()),
    );
    expect(error).toBeInstanceOf(Class);
    expect(error.message).toContain(fragment);
  });

  it.each([
    [
      "ECONNREFUSED",
      netError("ECONNREFUSED"),
      "op: could not reach the Azure OpenAI endpoint (ECONNREFUSED).",
    ],
    ["no cause", undefined, "op: could not reach the Azure OpenAI endpoint (Connection error.)."],
  ])("maps APIConnectionError (%s) to NetworkError", (_name, cause, message) => {
    const error = toFinetuneError("op", new APIConnectionError({ cause }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toBe(message);
  });

  it("unwraps this package's error thrown inside the SDK (an Entra token failure)", () => {
    const inner = new CredentialsError("No Azure OpenAI credential found.");
    expect(toFinetuneError("op", new APIConnectionError({ cause: inner }))).toBe(inner);
    expect(toFinetuneError("op", inner)).toBe(inner);
  });

  it("passes other errors through, wrapping non-errors", () => {
    const plain = new RangeError("boom");
    expect(toFinetuneError("op", plain)).toBe(plain);
    expect(toFinetuneError("op", "text")).toMatchObject({ name: "FinetuneError", message: "text" });
  });
});

describe("AzureOpenAIClient", () => {
  it("sends the api-key header and api-version query to /openai/files", async () => {
    const fake = scripted(json(FILES));
    const { azure } = client(fake.fetch);
    const page = await azure.call("list files", (o) => o.files.list());
    expect(page.data.map((f) => f.id)).toEqual(["file-1"]);
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request!.method).toBe("GET");
    expect(request!.url.origin + request!.url.pathname).toBe("http://127.0.0.1:9/openai/files");
    expect(request!.url.searchParams.get("api-version")).toBe("2025-04-01-preview");
    expect(request!.headers.get("api-key")).toBe("k-123456789");
    expect(request!.headers.get("authorization")).toBeNull();
  });

  it("sends an Entra ID bearer token when there is no key", async () => {
    const fake = scripted(json(FILES));
    const { azure } = client(fake.fetch, { kind: "entraId", getToken: async () => "entra-tok-1" });
    await azure.call("list files", (o) => o.files.list());
    expect(fake.requests[0]!.headers.get("authorization")).toBe("Bearer entra-tok-1");
    expect(fake.requests[0]!.headers.get("api-key")).toBeNull();
  });

  it("surfaces a failing Entra ID token as the CredentialsError, sending nothing", async () => {
    const fake = scripted(json(FILES));
    const getToken = async () => {
      throw new CredentialsError("No Azure OpenAI credential found. Looked in: Entra ID.");
    };
    const { azure } = client(fake.fetch, { kind: "entraId", getToken });
    const error = await failure(azure.call("list files", (o) => o.files.list()));
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error.message).toBe("No Azure OpenAI credential found. Looked in: Entra ID.");
    expect(fake.requests).toHaveLength(0);
  });

  it("retries a 429 once through the transport, not the SDK", async () => {
    const fake = scripted(
      json({ error: { code: "429", message: "Slow down" } }, 429, { "retry-after-ms": "250" }),
      json(FILES),
    );
    const { azure, sleeps } = client(fake.fetch);
    const page = await azure.call("list files", (o) => o.files.list());
    expect(page.data).toHaveLength(1);
    expect(fake.requests).toHaveLength(2);
    expect(sleeps).toEqual([250]);
    expect(azure.transport.stats).toEqual({ requests: 2, retries: 1 });
  });

  it("maps a final 401 to AuthenticationError, without retrying", async () => {
    const fake = scripted(
      json(
        { error: { code: "401", message: "Access denied due to invalid subscription key." } },
        401,
        { "apim-request-id": "req-401" },
      ),
    );
    const { azure, sleeps } = client(fake.fetch);
    const error = await failure(azure.call("list files", (o) => o.files.list()));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, requestId: "req-401" });
    expect(error.message).toContain(
      "list files: Azure OpenAI answered 401 401: Access denied due to invalid subscription key.",
    );
    expect(error.message).toContain("azure-openai:apiKey");
    expect(error.message).not.toContain("k-123456789");
    expect(fake.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("maps a 404 on retrieve to NotFoundError", async () => {
    const fake = scripted(json({ error: { code: "fileNotFound", message: "No such file." } }, 404));
    const { azure } = client(fake.fetch);
    const error = await failure(azure.call("get file file-9", (o) => o.files.retrieve("file-9")));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(fake.requests[0]!.url.pathname).toBe("/openai/files/file-9");
  });

  it("keeps a plain-text error body in the message", async () => {
    const fake = scripted(new Response("upstream connect error", { status: 502 }));
    const { azure } = client(fake.fetch);
    const error = await failure(
      azure.call("create job", (o) => o.fineTuning.jobs.create({ model: "m", training_file: "f" })),
    );
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toContain(
      "create job: Azure OpenAI answered 502 unknown: upstream connect error.",
    );
  });

  it("does not repeat a create answered 503, and reports a ServerError", async () => {
    const fake = scripted(json({ error: { code: "503", message: "busy" } }, 503), json({}));
    const { azure } = client(fake.fetch);
    const error = await failure(
      azure.call("create job", (o) =>
        o.fineTuning.jobs.create({ model: "gpt-4o-mini", training_file: "file-1" }),
      ),
    );
    expect(error).toBeInstanceOf(ServerError);
    expect(fake.requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      "POST /openai/fine_tuning/jobs",
    ]);
  });

  it("repeats a cancel answered 503", async () => {
    const fake = scripted(
      json({ error: { code: "503", message: "busy" } }, 503),
      json({ id: "ftjob-1", status: "cancelled" }),
    );
    const { azure } = client(fake.fetch);
    const job = await azure.call("cancel job", (o) => o.fineTuning.jobs.cancel("ftjob-1"));
    expect(job.status).toBe("cancelled");
    expect(fake.requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      "POST /openai/fine_tuning/jobs/ftjob-1/cancel",
      "POST /openai/fine_tuning/jobs/ftjob-1/cancel",
    ]);
  });

  it("retries a refused connection, then reports a NetworkError", async () => {
    const fake = scripted(...Array.from({ length: 6 }, () => netError("ECONNREFUSED")));
    const { azure, sleeps } = client(fake.fetch);
    const error = await failure(azure.call("list files", (o) => o.files.list()));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toBe(
      "list files: could not reach the Azure OpenAI endpoint (ECONNREFUSED).",
    );
    expect(sleeps).toEqual([500, 1000, 2000, 4000, 8000]);
  });
});

describe("isIdempotentAzureRequest", () => {
  const url = (path: string) => new URL(`https://r.openai.azure.com/openai${path}`);
  it.each([
    ["GET", "/files", true],
    ["DELETE", "/files/file-1", true],
    ["POST", "/files", false],
    ["POST", "/fine_tuning/jobs", false],
    ["POST", "/uploads/u1/complete", true],
    ["POST", "/fine_tuning/jobs/ftjob-1/cancel", true],
    ["POST", "/fine_tuning/jobs/ftjob-1/pause", true],
    ["POST", "/fine_tuning/jobs/ftjob-1/resume", true],
    ["PATCH", "/x", false],
  ])("%s %s -> %s", (method, path, want) =>
    expect(isIdempotentAzureRequest(method, url(path))).toBe(want),
  );
});

describe("route families", () => {
  const ok = () => json({ id: "x", object: "thing" });
  const routes = async (apiVersion: string) => {
    const { fetch, requests } = scripted(ok(), ok(), ok(), ok());
    const azure = new AzureOpenAIClient(
      {
        endpoint: "http://127.0.0.1:9",
        apiVersion,
        auth: { kind: "apiKey", apiKey: "k-123456789" },
      },
      { fetch, sleep: async () => undefined, onRetry: () => undefined },
    );
    await azure.call("read file", (openai) => openai.files.retrieve("file-1"));
    await azure.call("create upload", (openai) => openai.post("/uploads", { body: {} }), "uploads");
    await azure.call(
      "delete job",
      (openai) => openai.delete("/fine_tuning/jobs/ftjob-1"),
      "jobDelete",
    );
    await azure.call("pause job", (openai) => openai.fineTuning.jobs.pause("ftjob-1"));
    return requests.map(
      (r) =>
        `${r.method} ${r.url.pathname}?${r.url.searchParams.toString()} ${r.headers.get("api-key")}`,
    );
  };

  it("v1: its own routes, and a dated api-version for uploads and job DELETE, which v1 has no route for", async () => {
    expect(await routes("v1")).toEqual([
      "GET /openai/v1/files/file-1?api-version=v1 k-123456789",
      "POST /openai/uploads?api-version=2025-04-01-preview k-123456789",
      "DELETE /openai/fine_tuning/jobs/ftjob-1?api-version=2025-04-01-preview k-123456789",
      "POST /openai/v1/fine_tuning/jobs/ftjob-1/pause?api-version=v1 k-123456789",
    ]);
  });

  it("a dated api-version: every operation on it", async () => {
    expect(await routes("2024-10-21")).toEqual([
      "GET /openai/files/file-1?api-version=2024-10-21 k-123456789",
      "POST /openai/uploads?api-version=2024-10-21 k-123456789",
      "DELETE /openai/fine_tuning/jobs/ftjob-1?api-version=2024-10-21 k-123456789",
      "POST /openai/fine_tuning/jobs/ftjob-1/pause?api-version=2024-10-21 k-123456789",
    ]);
  });
});
