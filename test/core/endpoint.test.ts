import { isLoopbackHost, parseEndpoint } from "../../provider/core/endpoint";
import { InputError } from "../../provider/core/errors";

const FIELD = "azure-openai:endpoint";

describe("parseEndpoint", () => {
  it.each([
    ["https://res.openai.azure.com", "https://res.openai.azure.com"],
    ["https://res.openai.azure.com/", "https://res.openai.azure.com"],
    ["https://res.openai.azure.com///", "https://res.openai.azure.com"],
    ["  https://RES.openai.azure.com/  ", "https://res.openai.azure.com"],
    ["https://gw.example.com/azure/openai/", "https://gw.example.com/azure/openai"],
    ["https://res.openai.azure.com:443/", "https://res.openai.azure.com"],
    ["http://127.0.0.1:8080", "http://127.0.0.1:8080"],
    ["http://127.0.0.1:8080/", "http://127.0.0.1:8080"],
    ["http://127.5.6.7", "http://127.5.6.7"],
    ["http://localhost", "http://localhost"],
    ["http://localhost:3000/base/", "http://localhost:3000/base"],
    ["http://[::1]:9", "http://[::1]:9"],
  ])("accepts %s as %s", (input, want) => {
    expect(parseEndpoint(input, FIELD)).toBe(want);
  });

  it.each([
    ["http://example.com", "example.com"],
    ["http://10.0.0.5", "10.0.0.5"],
    ["http://localhost.evil.com", "localhost.evil.com"],
    ["http://128.0.0.1", "128.0.0.1"],
  ])("refuses plain http to %s", (input, host) => {
    const error = catchError(() => parseEndpoint(input, FIELD));
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field: FIELD });
    expect(error.message).toMatch(
      new RegExp(`^${FIELD}: plain http:// is refused for ${host.replace(/\./g, "\\.")}:`),
    );
    expect(error.message).toContain("loopback");
  });

  it.each([
    ["ftp://files.example.com", "ftp:; use https://."],
    ["not-a-url", '"not-a-url" is not a URL; use the form https://<resource>.openai.azure.com.'],
    ["", '"" is not a URL'],
    ["https://res.openai.azure.com/?api-version=1", "must not carry a query string"],
    ["https://res.openai.azure.com/#frag", "must not carry a query string, fragment"],
    ["https://user:pw@res.openai.azure.com", "user info"],
  ])("refuses %j", (input, fragment) => {
    const error = catchError(() => parseEndpoint(input, "endpoint"));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/^endpoint: /);
    expect(error.message).toContain(fragment);
  });
});

describe("isLoopbackHost", () => {
  it.each([
    ["localhost", true],
    ["127.0.0.1", true],
    ["[::1]", true],
    ["::1", true],
    ["127.0.0.1.nip.io", false],
    ["0.0.0.0", false],
    ["example.com", false],
  ])("%s -> %s", (host, want) => expect(isLoopbackHost(host)).toBe(want));
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}
