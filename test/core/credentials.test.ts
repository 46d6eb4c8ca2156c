import {
  COGNITIVE_SERVICES_SCOPE,
  DEFAULT_AZURE_API_VERSION,
  DEFAULT_QIANFAN_ENDPOINT,
  Env,
  resolveAzureSettings,
  resolveQianfanSettings,
  setEntraTokenProviderFactory,
} from "../../provider/core/credentials";
import { CredentialsError, InputError } from "../../provider/core/errors";
import { redactSecrets } from "../../provider/core/redact";
import { resetStackConfig, setStackConfig } from "../../provider/core/stackConfig";

const config = (map: Record<string, string> = {}) => ({ get: (k: string) => map[k] });

const CONFIG_URL = "https://from-config.openai.azure.com";
const ENV_URL = "https://from-env.openai.azure.com";

// The real DefaultAzureCredential would probe the network: every test injects its own factory.
beforeEach(() =>
  setEntraTokenProviderFactory(() => async () => {
    throw new Error("test forgot to inject an Entra factory");
  }),
);
afterEach(() => {
  setEntraTokenProviderFactory(undefined);
  resetStackConfig();
});

describe("resolveAzureSettings", () => {
  it.each<[string, { endpoint?: string }, Record<string, string>, Env, string]>([
    [
      "the resource input beats config and env",
      { endpoint: "https://input.openai.azure.com/" },
      { "azure-openai:endpoint": CONFIG_URL },
      { AZURE_OPENAI_ENDPOINT: ENV_URL },
      "https://input.openai.azure.com",
    ],
    [
      "config beats env",
      {},
      { "azure-openai:endpoint": CONFIG_URL },
      { AZURE_OPENAI_ENDPOINT: ENV_URL },
      CONFIG_URL,
    ],
    ["env is the last resort", {}, {}, { AZURE_OPENAI_ENDPOINT: ENV_URL }, ENV_URL],
    [
      "a blank input is skipped",
      { endpoint: "  " },
      {},
      { AZURE_OPENAI_ENDPOINT: ENV_URL },
      ENV_URL,
    ],
  ])("endpoint: %s", (_name, overrides, map, env, want) => {
    expect(resolveAzureSettings(overrides, config(map), env).endpoint).toBe(want);
  });

  it.each<[string, Record<string, string>, Env, string]>([
    [
      "config key beats env key",
      { "azure-openai:apiKey": "cfg-key-123" },
      { AZURE_OPENAI_API_KEY: "env-key-123" },
      "cfg-key-123",
    ],
    ["env key when config has none", {}, { AZURE_OPENAI_API_KEY: " env-key-123 " }, "env-key-123"],
  ])("api key: %s", (_name, map, env, want) => {
    const settings = resolveAzureSettings(
      {},
      config({ "azure-openai:endpoint": CONFIG_URL, ...map }),
      env,
    );
    expect(settings.auth).toEqual({ kind: "apiKey", apiKey: want });
    expect(redactSecrets(`key=${want}`)).toBe("key=[redacted]");
  });

  it.each<[string, { apiVersion?: string }, Record<string, string>, Env, string]>([
    ["default", {}, {}, {}, DEFAULT_AZURE_API_VERSION],
    ["env", {}, {}, { OPENAI_API_VERSION: "2024-10-21" }, "2024-10-21"],
    [
      "config beats env",
      {},
      { "azure-openai:apiVersion": "2024-06-01" },
      { OPENAI_API_VERSION: "2024-10-21" },
      "2024-06-01",
    ],
    [
      "input beats config",
      { apiVersion: "2025-01-01" },
      { "azure-openai:apiVersion": "2024-06-01" },
      {},
      "2025-01-01",
    ],
  ])("apiVersion: %s", (_name, overrides, map, env, want) => {
    const settings = resolveAzureSettings({ endpoint: CONFIG_URL, ...overrides }, config(map), env);
    expect(settings.apiVersion).toBe(want);
  });

  it("names every place it looked when no endpoint is set", () => {
    const call = () => resolveAzureSettings({}, config(), {});
    expect(call).toThrow(CredentialsError);
    expect(call).toThrow(
      "No Azure OpenAI endpoint found. Looked in: the resource's `endpoint` input; " +
        "stack config azure-openai:endpoint; environment variable AZURE_OPENAI_ENDPOINT.",
    );
  });

  it.each<[string, { endpoint?: string }, Record<string, string>, Env, string]>([
    ["the input", { endpoint: "http://example.com" }, {}, {}, "endpoint: plain http://"],
    [
      "config",
      {},
      { "azure-openai:endpoint": "http://example.com" },
      {},
      "azure-openai:endpoint: plain http://",
    ],
    [
      "env",
      {},
      {},
      { AZURE_OPENAI_ENDPOINT: "http://example.com" },
      "AZURE_OPENAI_ENDPOINT: plain http://",
    ],
  ])(
    "an http endpoint from %s is refused, naming where it was set",
    (_name, overrides, map, env, prefix) => {
      const call = () => resolveAzureSettings(overrides, config(map), env);
      expect(call).toThrow(InputError);
      expect(call).toThrow(new RegExp(`^${prefix}`));
    },
  );

  it("reads stack config stored by `configure` by default", () => {
    setStackConfig(
      config({
        "azure-openai:endpoint": "http://localhost:1234",
        "azure-openai:apiKey": "stack-key-1",
      }),
    );
    const settings = resolveAzureSettings({}, undefined, {});
    expect(settings).toMatchObject({
      endpoint: "http://localhost:1234",
      auth: { kind: "apiKey", apiKey: "stack-key-1" },
    });
  });

  describe("without a key: Microsoft Entra ID", () => {
    const entraSettings = () =>
      resolveAzureSettings({}, config({ "azure-openai:endpoint": CONFIG_URL }), {});

    it("returns the token of the injected identity, for the Cognitive Services scope, and registers it", async () => {
      const scopes: string[] = [];
      setEntraTokenProviderFactory((scope) => {
        scopes.push(scope);
        return async () => "entra-token-abc123";
      });
      const { auth } = entraSettings();
      expect(auth.kind).toBe("entraId");
      if (auth.kind !== "entraId") return;
      expect(await auth.getToken()).toBe("entra-token-abc123");
      expect(await auth.getToken()).toBe("entra-token-abc123");
      expect(scopes).toEqual([COGNITIVE_SERVICES_SCOPE]);
      expect(redactSecrets("Bearer entra-token-abc123")).toBe("Bearer [redacted]");
    });

    it("fails with a CredentialsError naming the key config, the env variable and Entra ID", async () => {
      setEntraTokenProviderFactory(() => async () => {
        throw new Error("EnvironmentCredential is unavailable\nmore lines\nof detail");
      });
      const { auth } = entraSettings();
      if (auth.kind !== "entraId") throw new Error(`expected entraId, got ${auth.kind}`);
      const error = await auth.getToken().then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error).toBeInstanceOf(CredentialsError);
      expect(error?.message).toContain(
        "Looked in: stack config azure-openai:apiKey; environment variable AZURE_OPENAI_API_KEY; " +
          "Microsoft Entra ID (DefaultAzureCredential, scope https://cognitiveservices.azure.com/.default): " +
          "EnvironmentCredential is unavailable.",
      );
      expect(error?.message).not.toContain("more lines");
    });

    it("fails the same way when the factory itself throws", async () => {
      setEntraTokenProviderFactory(() => {
        throw new Error("no identity library");
      });
      const { auth } = entraSettings();
      if (auth.kind !== "entraId") throw new Error("expected entraId");
      await expect(auth.getToken()).rejects.toThrow(/Entra ID.*: no identity library\. Fix: /);
    });
  });
});

describe("resolveQianfanSettings", () => {
  const KEYS = { "qianfan:accessKey": "cfg-ak-123", "qianfan:secretKey": "cfg-sk-123" };

  it("prefers config over env", () => {
    const settings = resolveQianfanSettings(config(KEYS), {
      QIANFAN_ACCESS_KEY: "env-ak-123",
      QIANFAN_SECRET_KEY: "env-sk-123",
    });
    expect(settings).toEqual({
      endpoint: DEFAULT_QIANFAN_ENDPOINT,
      accessKey: "cfg-ak-123",
      secretKey: "cfg-sk-123",
    });
    expect(redactSecrets("ak=cfg-ak-123 sk=cfg-sk-123")).toBe("ak=[redacted] sk=[redacted]");
  });

  it("falls back to env", () => {
    const settings = resolveQianfanSettings(config(), {
      QIANFAN_ACCESS_KEY: "env-ak-123",
      QIANFAN_SECRET_KEY: "env-sk-123",
    });
    expect(settings).toMatchObject({ accessKey: "env-ak-123", secretKey: "env-sk-123" });
  });

  it.each<[string, Record<string, string>, Env, string[], string[]]>([
    [
      "secret key",
      { "qianfan:accessKey": "ak-1234567" },
      {},
      ["No Baidu Qianfan secret key found", "qianfan:secretKey", "QIANFAN_SECRET_KEY"],
      ["QIANFAN_ACCESS_KEY"],
    ],
    [
      "access key",
      {},
      { QIANFAN_SECRET_KEY: "sk-1234567" },
      ["No Baidu Qianfan access key found", "qianfan:accessKey", "QIANFAN_ACCESS_KEY"],
      ["QIANFAN_SECRET_KEY"],
    ],
    [
      "both keys",
      {},
      {},
      [
        "No Baidu Qianfan access key or secret key found",
        "QIANFAN_ACCESS_KEY",
        "QIANFAN_SECRET_KEY",
      ],
      [],
    ],
  ])("missing %s: the error names where it looked", (_name, map, env, fragments, absent) => {
    let message = "";
    try {
      resolveQianfanSettings(config(map), env);
    } catch (error) {
      expect(error).toBeInstanceOf(CredentialsError);
      message = (error as Error).message;
    }
    for (const f of fragments) expect(message).toContain(f);
    for (const f of absent) expect(message).not.toContain(f);
  });

  it.each<[string, Record<string, string>, Env, string]>([
    ["default", {}, {}, DEFAULT_QIANFAN_ENDPOINT],
    [
      "QIANFAN_CONSOLE_API_BASE_URL",
      {},
      { QIANFAN_CONSOLE_API_BASE_URL: "http://127.0.0.1:7070/" },
      "http://127.0.0.1:7070",
    ],
    [
      "config beats env",
      { "qianfan:endpoint": "https://qf.example.com" },
      { QIANFAN_CONSOLE_API_BASE_URL: "http://127.0.0.1:7070" },
      "https://qf.example.com",
    ],
  ])("endpoint: %s", (_name, map, env, want) => {
    expect(resolveQianfanSettings(config({ ...KEYS, ...map }), env).endpoint).toBe(want);
  });

  it.each<[Record<string, string>, Env, string]>([
    [
      {},
      { QIANFAN_CONSOLE_API_BASE_URL: "http://qianfan.baidubce.com" },
      "QIANFAN_CONSOLE_API_BASE_URL",
    ],
    [{ "qianfan:endpoint": "http://10.0.0.5" }, {}, "qianfan:endpoint"],
  ])("refuses plain http to a non-loopback host (%j %j)", (map, env, field) => {
    const call = () => resolveQianfanSettings(config({ ...KEYS, ...map }), env);
    expect(call).toThrow(InputError);
    expect(call).toThrow(new RegExp(`^${field}: plain http:// is refused .*loopback`));
  });
});

describe("Qianfan signature expiry", () => {
  const { resolveQianfanSettings: resolve } = jest.requireActual<
    typeof import("../../provider/core/credentials")
  >("../../provider/core/credentials");
  const keys = { QIANFAN_ACCESS_KEY: "ak-0123456", QIANFAN_SECRET_KEY: "sk-0123456" };
  const none = { get: () => undefined };

  it.each([
    [{}, undefined],
    [{ QIANFAN_IAM_SIGN_EXPIRATION_SEC: "300" }, 300],
  ])("env %j gives %s", (env, want) => {
    expect(resolve(none, { ...keys, ...env }).signatureExpirationSeconds).toBe(want);
  });

  it("refuses a value that is not a whole number of seconds, naming the key", () => {
    expect(() =>
      resolve(
        { get: (k: string) => (k === "qianfan:signatureExpirationSeconds" ? "soon" : undefined) },
        keys,
      ),
    ).toThrow(/qianfan:signatureExpirationSeconds: "soon" is not a whole number of seconds/);
  });
});
