import { errorFromResponse } from "../../provider/core/errorFactory";
import {
  ApiError,
  CredentialsError,
  InputError,
  NetworkError,
  RateLimitError,
  WaitTimeoutError,
} from "../../provider/core/errors";
import { progress, setProgressSink } from "../../provider/core/progress";
import { redactSecrets, registerSecret, secretForms } from "../../provider/core/redact";

// Module state is per test file in jest, so the secrets registered here stay here.
const KEY = "sk-live-1234567890";
const KEY_WITH_SYMBOLS = "ak/+=live:99";
registerSecret(KEY);
registerSecret(KEY_WITH_SYMBOLS);

const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("redactSecrets", () => {
  it.each([
    ["plain", `key ${KEY} rejected`],
    ["URL-encoded", `GET /x?key=${encodeURIComponent(KEY_WITH_SYMBOLS)}`],
    ["base64", `Authorization: Basic ${b64(KEY)}`],
    ["plain, with symbols", `key=${KEY_WITH_SYMBOLS}`],
    ["base64, with symbols", `token ${b64(KEY_WITH_SYMBOLS)}`],
    ["repeated", `${KEY} and ${KEY} again`],
  ])("removes the %s form", (_form, text) => {
    const out = redactSecrets(text);
    expect(out).toContain("[redacted]");
    for (const secret of [KEY, KEY_WITH_SYMBOLS]) {
      for (const form of secretForms(secret)) expect(out).not.toContain(form);
    }
  });

  it("leaves other text alone", () => {
    expect(redactSecrets("nothing secret here: sk-live-12345")).toBe(
      "nothing secret here: sk-live-12345",
    );
  });

  it("lists three distinct forms only when encoding changes the value", () => {
    expect(secretForms(KEY)).toEqual([KEY, b64(KEY)]);
    expect(secretForms(KEY_WITH_SYMBOLS)).toEqual([
      KEY_WITH_SYMBOLS,
      "ak%2F%2B%3Dlive%3A99",
      b64(KEY_WITH_SYMBOLS),
    ]);
  });

  it.each(["", "abc", "12345"])("does not register the short string %j", (short) => {
    registerSecret(short);
    expect(redactSecrets(`value=${short};`)).toBe(`value=${short};`);
  });

  it("registers a string of six characters", () => {
    registerSecret("six666");
    expect(redactSecrets("x six666 y")).toBe("x [redacted] y");
  });
});

describe("errors carry no secret", () => {
  const echoes = [
    ["plain", `Invalid key ${KEY}.`],
    ["URL-encoded", `Bad query key=${encodeURIComponent(KEY_WITH_SYMBOLS)}`],
    ["base64", `Bad header Basic ${b64(KEY)}`],
  ];

  it.each(echoes)(
    "an ApiError built from a vendor message echoing the key (%s)",
    (_form, vendorMessage) => {
      const error = errorFromResponse({
        vendor: "azure-openai",
        operation: "list files",
        status: 429,
        headers: new Headers({ "apim-request-id": "r1" }),
        body: { error: { code: "429", message: vendorMessage } },
      });
      expect(error).toBeInstanceOf(RateLimitError);
      const visible = [error.message, error.vendorMessage, error.stack ?? ""].join("\n");
      for (const secret of [KEY, KEY_WITH_SYMBOLS]) {
        for (const form of secretForms(secret)) expect(visible).not.toContain(form);
      }
      expect(error.message).toContain("[redacted]");
      expect(error.message).toContain("list files: Azure OpenAI answered 429 429:");
    },
  );

  it.each<[string, Error]>([
    ["InputError", new InputError("endpoint", `bad value https://x/?k=${KEY}`)],
    ["CredentialsError", new CredentialsError(`key ${KEY} was refused`)],
    ["NetworkError", new NetworkError("qianfan", `create task with ${KEY}`, "ECONNRESET")],
    ["WaitTimeoutError", new WaitTimeoutError(`job ${b64(KEY)}`)],
  ])("%s redacts its message", (name, error) => {
    expect(error.name).toBe(name);
    expect(error.message).toContain("[redacted]");
    expect(error.message).not.toContain(KEY);
    expect(error.message).not.toContain(b64(KEY));
  });

  it("NetworkError names the operation, the vendor and the cause", () => {
    expect(new NetworkError("azure-openai", "upload file", "ECONNREFUSED").message).toBe(
      "upload file: could not reach the Azure OpenAI endpoint (ECONNREFUSED).",
    );
  });

  it("progress lines are redacted too", () => {
    const lines: string[] = [];
    const restore = setProgressSink((l) => lines.push(l));
    progress(`using ${KEY}`);
    restore();
    expect(lines).toEqual(["using [redacted]"]);
  });

  it("ApiError without target, hint or request id stays short", () => {
    const error = new ApiError(
      { vendor: "qianfan", operation: "get task", status: 400, code: "Bad", vendorMessage: "no" },
      "",
    );
    expect(error.message).toBe("get task: Baidu Qianfan answered 400 Bad: no.");
  });
});

describe("ApiError fields that come from the service", () => {
  it("carry no registered secret in code, target or request id either", () => {
    const error = new ApiError(
      {
        vendor: "azure-openai",
        operation: "read file",
        status: 400,
        code: `bad-${KEY}`,
        vendorMessage: "no",
        target: `header api-key ${KEY}`,
        requestId: `req-${encodeURIComponent(KEY)}`,
      },
      "",
    );
    for (const form of secretForms(KEY)) {
      expect([error.code, error.target, error.requestId, error.message].join("\n")).not.toContain(
        form,
      );
    }
  });
});
