import { secureEndpointsAndNoCredentials } from "../../policy/policies";
import { AZURE_DEPLOYMENT_TYPE, FINE_TUNED_DEPLOYMENT_TYPE } from "../../policy/tokens";
import {
  happyJob,
  happyQianfanJob,
  happyQianfanTask,
  happyTrainingFile,
  happyUpload,
} from "./fixtures";
import { schemaDefaults, violations, withPath } from "./helpers";

const HTTPS =
  "(plain http is allowed only for loopback hosts or hosts listed in allowedHttpHosts in the policy config).";
const FIX =
  "remove it from the resource inputs and set it as secret stack config (azure-openai:apiKey, qianfan:accessKey, qianfan:secretKey) or in the environment.";
const byName = (path: string, what = "a credential") =>
  `${path} looks like a credential (its property name says it holds ${what}; the value is not shown); ${FIX}`;
const byValue = (path: string, what: string) =>
  `${path} looks like a credential (its value looks like ${what}; the value is not shown); ${FIX}`;

const OPENAI_KEY = "sk-" + "A1b2C3d4E5f6G7h8I9j0K1l2";
const AZURE_KEY = "0123456789abcdef0123456789abcdef";
const BCE = "bce-auth-v1/" + "ak123/2024-01-01T00:00:00Z/1800/host/abcdef";
const BEARER = "Bearer " + "eyJhbGciOiJSUzI1NiJ9.payload.sig";

describe("finetune-secure-endpoints-and-no-credentials", () => {
  it("has the documented defaults in its config schema", () => {
    expect(schemaDefaults(secureEndpointsAndNoCredentials)).toEqual({
      allowedHttpHosts: [],
      credentialPropertyNames: [
        "apiKey",
        "api_key",
        "secretKey",
        "accessKey",
        "password",
        "token",
        "authorization",
      ],
    });
  });

  it.each([
    ["a job on an https endpoint", happyJob(), {}],
    ["a file on an https endpoint", happyTrainingFile(), {}],
    ["an upload with inline content", happyUpload(), {}],
    ["a Qianfan job without endpoint", happyQianfanJob(), {}],
    ["a Qianfan task", happyQianfanTask(), {}],
    ["http on localhost", withPath(happyJob(), "props.endpoint", "http://localhost:8080"), {}],
    [
      "http on 127.0.0.1",
      withPath(happyJob(), "props.endpoint", "http://127.0.0.1:4010/openai"),
      {},
    ],
    ["http on [::1]", withPath(happyJob(), "props.endpoint", "http://[::1]:4010"), {}],
    [
      "http on a host in allowedHttpHosts",
      withPath(happyJob(), "props.endpoint", "http://emulator:4010"),
      { allowedHttpHosts: ["emulator"] },
    ],
    [
      "the dynamic provider's serialized code",
      withPath(
        happyJob(),
        "props.__provider",
        `exports.handler = () => ({ apiKey: "${OPENAI_KEY}" })`,
      ),
      {},
    ],
    [
      "a resource outside this package",
      { type: AZURE_DEPLOYMENT_TYPE, props: { endpoint: "http://x.example", apiKey: AZURE_KEY } },
      {},
    ],
    [
      "a property that only contains a key-ish word",
      withPath(happyQianfanTask(), "props.hyperParameterConfig.maxTokens", 512),
      {},
    ],
  ])("passes %s", async (_, spec, config) => {
    expect(await violations(secureEndpointsAndNoCredentials, spec, config)).toEqual([]);
  });

  it.each([
    [
      "an http endpoint",
      withPath(happyJob(), "props.endpoint", "http://contoso.openai.azure.com"),
      [`endpoint is "http://contoso.openai.azure.com"; use an https:// endpoint ${HTTPS}`],
    ],
    [
      "an http endpoint on a component",
      { type: FINE_TUNED_DEPLOYMENT_TYPE, props: { endpoint: "http://10.0.0.5" } },
      [`endpoint is "http://10.0.0.5"; use an https:// endpoint ${HTTPS}`],
    ],
    [
      "an endpoint that is not a URL",
      withPath(happyTrainingFile(), "props.endpoint", "contoso.openai.azure.com"),
      ['endpoint is "contoso.openai.azure.com", which is not a URL; use an https:// URL.'],
    ],
    [
      "an apiKey input",
      withPath(happyJob(), "props.apiKey", "something-secret"),
      [byName("apiKey")],
    ],
    [
      "an Azure key under api_key",
      withPath(happyUpload(), "props.api_key", AZURE_KEY),
      [byName("api_key", "an Azure API key")],
    ],
    [
      "a nested secretKey",
      withPath(happyQianfanTask(), "props.datasetConfig.secretKey", "s3cr3t"),
      [byName("datasetConfig.secretKey")],
    ],
    [
      "an accessKey",
      withPath(happyQianfanJob(), "props.accessKey", "ak-123"),
      [byName("accessKey")],
    ],
    [
      "a password",
      withPath(happyTrainingFile(), "props.password", "hunter2"),
      [byName("password")],
    ],
    ["a bearerToken", withPath(happyJob(), "props.bearerToken", "abc"), [byName("bearerToken")]],
    [
      "an Authorization header",
      withPath(happyJob(), "props.headers", { Authorization: "Basic abc" }),
      [byName("headers.Authorization")],
    ],
    [
      "an sk- key in a description",
      withPath(happyQianfanJob(), "props.description", `key ${OPENAI_KEY}`),
      [byValue("description", "an sk- API key")],
    ],
    [
      "a BCE authorization string in an array",
      withPath(happyQianfanTask(), "props.datasetConfig.versions", [
        { versionId: "v1" },
        { versionBosUri: BCE },
      ]),
      [byValue("datasetConfig.versions[1].versionBosUri", "a BCE authorization string")],
    ],
    [
      "a Bearer token in content",
      withPath(happyUpload(), "props.content", `{"h":"${BEARER}"}`),
      [byValue("content", "a Bearer token")],
    ],
    [
      "an http endpoint and a key together",
      withPath(
        withPath(happyJob(), "props.endpoint", "http://example.com"),
        "props.suffix",
        OPENAI_KEY,
      ),
      [
        `endpoint is "http://example.com"; use an https:// endpoint ${HTTPS}`,
        byValue("suffix", "an sk- API key"),
      ],
    ],
  ])("reports %s", async (_, spec, want) => {
    expect(await violations(secureEndpointsAndNoCredentials, spec)).toEqual(want);
  });

  it.each([[OPENAI_KEY], [AZURE_KEY], [BCE], [BEARER], ["something-secret"]])(
    "never prints the secret (%#)",
    async (secret) => {
      const spec = withPath(
        withPath(happyJob(), "props.apiKey", secret),
        "props.description",
        secret,
      );
      const messages = await violations(secureEndpointsAndNoCredentials, spec);
      expect(messages.length).toBeGreaterThan(0);
      for (const message of messages) expect(message).not.toContain(secret);
    },
  );

  it("follows credentialPropertyNames from the policy config", async () => {
    const spec = withPath(happyJob(), "props.clientSecret", "xyz");
    expect(await violations(secureEndpointsAndNoCredentials, spec)).toEqual([]);
    expect(
      await violations(secureEndpointsAndNoCredentials, spec, {
        credentialPropertyNames: ["clientSecret"],
      }),
    ).toEqual([byName("clientSecret")]);
  });
});
