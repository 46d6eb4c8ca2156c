import { QianfanClient, isIdempotentQianfanRequest } from "../../provider/qianfan/client";
import { signRequest } from "../../provider/qianfan/signer";
import {
  AuthenticationError,
  NotFoundError,
  RateLimitError,
  ServerError,
} from "../../provider/core/errors";

const settings = {
  endpoint: "https://qianfan.example.com",
  accessKey: "ak-0123456789",
  secretKey: "sk-0123456789",
};
const NOW = Date.parse("2026-11-26T10:00:00Z");

function clientWith(
  responses: Response[],
  calls: { url: string; init: RequestInit }[] = [],
  sleeps: number[] = [],
) {
  return new QianfanClient(settings, {
    fetch: async (input, init) => {
      calls.push({
        url: input instanceof Request ? input.url : input.toString(),
        init: init ?? {},
      });
      const next = responses.shift();
      if (!next) throw new Error("no more responses");
      return next;
    },
    now: () => NOW,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0,
  });
}
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });

describe("QianfanClient", () => {
  it("posts the action with a JSON body and a bce-auth-v1 signature over host, content type and length", async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const client = clientWith(
      [json(200, { requestId: "r1", result: { jobId: "job-abc" } })],
      calls,
    );
    const result = await client.action<{ jobId: string }>("CreateFineTuningJob", {
      name: "ab",
      model: "m",
      trainMode: "SFT",
    });

    expect(result).toEqual({ jobId: "job-abc" });
    expect(calls[0]!.url).toBe(
      "https://qianfan.example.com/v2/finetuning?Action=CreateFineTuningJob",
    );
    const headers = calls[0]!.init.headers as Record<string, string>;
    expect(headers["x-bce-date"]).toBe("2026-11-26T10:00:00Z");
    const expected = signRequest(
      {
        method: "POST",
        path: "/v2/finetuning",
        query: { Action: "CreateFineTuningJob" },
        headers: {
          host: "qianfan.example.com",
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(calls[0]!.init.body as string)),
          "x-bce-date": "2026-11-26T10:00:00Z",
        },
      },
      settings,
      { timestamp: new Date(NOW), headersToSign: ["host", "content-type", "content-length"] },
    );
    expect(headers.authorization).toBe(expected.authorization);
    expect(headers.authorization).toMatch(
      /^bce-auth-v1\/ak-0123456789\/2026-11-26T10:00:00Z\/1800\/content-length;content-type;host;x-bce-date\/[0-9a-f]{64}$/,
    );
  });

  it.each([
    [
      "a 404 body",
      json(404, { requestId: "r", code: "NotFound", message: "task not found" }),
      NotFoundError,
    ],
    [
      "an error carried on HTTP 200",
      json(200, {
        requestId: "r",
        code: "SignatureDoesNotMatch",
        message: "Signature does not match",
      }),
      AuthenticationError,
    ],
    [
      "only error headers",
      new Response("", {
        status: 403,
        headers: {
          "x-bce-error-code": "InvalidAccessKeyId",
          "x-bce-error-message": "NotFound, cause: Could not find credential.",
        },
      }),
      AuthenticationError,
    ],
  ])("maps %s to the typed error, never echoing the keys", async (_name, response, ErrorClass) => {
    const error = await clientWith([response])
      .action("DescribeFineTuningTask", { taskId: "task-1" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(String((error as Error).message)).not.toMatch(/sk-0123456789/);
  });

  it("retries throttling on a create, but not a 500", async () => {
    const sleeps: number[] = [];
    const calls: { url: string; init: RequestInit }[] = [];
    const throttled = clientWith(
      [
        json(
          429,
          { requestId: "r", code: "RequestLimitExceeded", message: "slow down" },
          { "retry-after": "1" },
        ),
        json(200, { requestId: "r", result: { jobId: "job-1" } }),
      ],
      calls,
      sleeps,
    );
    await expect(throttled.action("CreateFineTuningJob", {})).resolves.toEqual({ jobId: "job-1" });
    expect(sleeps).toEqual([1000]);

    const failing = clientWith([
      json(500, { requestId: "r", code: "InternalError", message: "boom" }),
    ]);
    await expect(failing.action("CreateFineTuningJob", {})).rejects.toBeInstanceOf(ServerError);
  });

  it("gives up on throttling after the retry budget with a RateLimitError", async () => {
    const responses = Array.from({ length: 6 }, () =>
      json(429, { requestId: "r", code: "RequestLimitExceeded", message: "slow" }),
    );
    await expect(clientWith(responses).action("DescribeFineTuningJobs", {})).rejects.toBeInstanceOf(
      RateLimitError,
    );
  });

  it("uses the configured signature expiry", async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const client = new QianfanClient(
      { ...settings, signatureExpirationSeconds: 300 },
      {
        fetch: async (input, init) => {
          calls.push({
            url: input instanceof Request ? input.url : input.toString(),
            init: init ?? {},
          });
          return json(200, { requestId: "r", result: true });
        },
        now: () => NOW,
      },
    );
    await client.action("StopFineTuningTask", { taskId: "task-1" });
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toMatch(
      /\/2026-11-26T10:00:00Z\/300\//,
    );
  });

  it.each([
    ["DescribeFineTuningTask", true],
    ["StopFineTuningTask", true],
    ["DeleteFineTuningJob", true],
    ["CreateFineTuningTask", false],
  ])("%s can be repeated safely: %s", (action, idempotent) => {
    expect(
      isIdempotentQianfanRequest("POST", new URL(`https://x/v2/finetuning?Action=${action}`)),
    ).toBe(idempotent);
  });
});
