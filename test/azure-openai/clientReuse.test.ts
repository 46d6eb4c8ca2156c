/**
 * Per-call set-up: each hook call resolves its settings, but a client (two SDK clients and a transport) is built only
 * for settings not seen before, one Entra ID token provider serves every call, and a program that only declares
 * resources never loads the `openai` SDK.
 */
import { azureClient, setAzureTransportOverrides } from "../../provider/azure-openai/client";
import {
  resolveAzureSettings,
  setEntraTokenProviderFactory,
} from "../../provider/core/credentials";
import { resetStackConfig, setStackConfig } from "../../provider/core/stackConfig";

const ENDPOINT = "https://reuse.openai.azure.com";
const stack = (more: Record<string, string> = {}) => {
  const map: Record<string, string> = { "azure-openai:endpoint": ENDPOINT, ...more };
  setStackConfig({ get: (key) => map[key] });
};

afterEach(() => {
  resetStackConfig();
  setEntraTokenProviderFactory(undefined);
  setAzureTransportOverrides({});
});

describe("azureClient", () => {
  it("returns the same client while the settings stay the same", () => {
    stack({ "azure-openai:apiKey": "key-reuse-1" });
    expect(azureClient()).toBe(azureClient());
    expect(azureClient({ endpoint: ENDPOINT })).toBe(azureClient());
  });

  it.each<[string, Record<string, string>, { endpoint?: string; apiVersion?: string }]>([
    ["another key", { "azure-openai:apiKey": "key-reuse-2" }, {}],
    ["another endpoint", {}, { endpoint: "https://other.openai.azure.com" }],
    ["another api-version", {}, { apiVersion: "2024-10-21" }],
    ["another stack api-version", { "azure-openai:apiVersion": "v1" }, {}],
  ])("builds another client for %s", (_, config, overrides) => {
    stack({ "azure-openai:apiKey": "key-reuse-1" });
    const first = azureClient();
    stack({ "azure-openai:apiKey": "key-reuse-1", ...config });
    const second = azureClient(overrides);
    expect(second).not.toBe(first);
    expect(second.settings).toMatchObject({ ...overrides });
  });

  it("builds another client once the transport overrides change", () => {
    stack({ "azure-openai:apiKey": "key-reuse-1" });
    const first = azureClient();
    setAzureTransportOverrides({ timeoutMs: 1000 });
    expect(azureClient()).not.toBe(first);
  });
});

describe("Microsoft Entra ID tokens", () => {
  it("come from one token provider for every call of the process", async () => {
    let providers = 0;
    setEntraTokenProviderFactory(() => {
      providers++;
      return async () => "entra-token-reuse-0123";
    });
    const config = {
      get: (key: string) => (key === "azure-openai:endpoint" ? ENDPOINT : undefined),
    };
    for (let call = 0; call < 3; call++) {
      const { auth } = resolveAzureSettings({}, config, {});
      if (auth.kind !== "entraId") throw new Error(`expected entraId, got ${auth.kind}`);
      expect(await auth.getToken()).toBe("entra-token-reuse-0123");
    }
    expect(providers).toBe(1);
  });
});

describe("the package's index", () => {
  it("does not load the openai SDK: programs that declare resources never build a client", async () => {
    await jest.isolateModulesAsync(async () => {
      jest.doMock("openai", () => {
        throw new Error("the openai SDK was loaded");
      });
      const index = await import("../../provider");
      expect(index.TrainingFile).toBeDefined();
    });
  });
});
