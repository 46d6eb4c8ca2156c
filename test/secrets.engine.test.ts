/**
 * Secret hygiene: with real-looking keys and an Entra ID token in use, through retries and vendor errors, no key,
 * AK, SK or token appears — plain, base64 or URL-encoded — in state, outputs, serialized providers, provider logs,
 * errors or the emulator's log.
 */
import * as path from "node:path";
import { secretForms } from "../provider/core/redact";
import { emptyState, Engine, ProviderHost } from "../harness";
import { startEmulator } from "../emulator";
import { startManagedIdentityEndpoint } from "./helpers/managedIdentityEndpoint";

const AZURE_KEY = "aoai-key+/=0123456789abcdefABCDEF";
const ACCESS_KEY = "qianfan-ak-0123456789abcdef";
const SECRET_KEY = "qianfan-sk+/=0123456789abcdef";
const ENTRA_TOKEN = "eyJ0eXAiOiJKV1Qi.entra+/=token.0123456789";
const IDENTITY_HEADER = "identity-header-0123456789abcdef";
const EXAMPLES = path.join(__dirname, "..", "examples");

describe("secret hygiene across the quick start", () => {
  it("leaves no credential anywhere a user or the state can see, even through retries and errors", async () => {
    const emulatorLog: string[] = [];
    const emulator = await startEmulator({
      processingMs: 50,
      azureApiKeys: [AZURE_KEY],
      azureBearerTokens: [ENTRA_TOKEN],
      qianfanCredentials: [{ accessKey: ACCESS_KEY, secretKey: SECRET_KEY }],
      log: (line) => emulatorLog.push(line),
      faults: [
        { route: "POST /openai/files", status: 429, retryAfterMs: 10, times: 1 },
        { route: "POST /v2/finetuning?Action=CreateFineTuningJob", status: 429, retryAfterMs: 10, times: 1 },
      ],
    });
    const identity = await startManagedIdentityEndpoint(ENTRA_TOKEN, IDENTITY_HEADER);
    const seen: string[] = [];
    try {
      const config = {
        "azure-openai:endpoint": emulator.url,
        "azure-openai:apiKey": AZURE_KEY,
        "qianfan:endpoint": emulator.url,
        "qianfan:accessKey": ACCESS_KEY,
        "qianfan:secretKey": SECRET_KEY,
      };
      for (const example of ["quickstart", "qianfan"]) {
        const programDir = path.join(EXAMPLES, example);
        const host = await ProviderHost.start({
          cwd: programDir,
          project: example,
          stack: "dev",
          config,
          env: { AZURE_OPENAI_API_KEY: AZURE_KEY, QIANFAN_SECRET_KEY: SECRET_KEY },
        });
        try {
          const engine = new Engine({ programDir, project: example, stack: "dev", host, env: { AZURE_OPENAI_API_KEY: AZURE_KEY } });
          const up = await engine.up(emptyState());
          expect(up.errors).toEqual([]);
          const refreshed = await engine.refresh(up.state);
          const destroyed = await engine.destroy(up.state);
          seen.push(JSON.stringify(up), JSON.stringify(refreshed), JSON.stringify(destroyed));
        } finally {
          seen.push(...host.logs);
          await host.stop();
        }
      }
      // A vendor error and a signature error, as a user would see them.
      const wrong = await ProviderHost.start({
        cwd: path.join(EXAMPLES, "qianfan"),
        project: "qianfan",
        stack: "dev",
        config: { ...config, "qianfan:secretKey": `${SECRET_KEY}-wrong`, "azure-openai:apiKey": `${AZURE_KEY}-wrong` },
      });
      try {
        const failed = await new Engine({ programDir: path.join(EXAMPLES, "qianfan"), project: "qianfan", stack: "dev", host: wrong }).up(emptyState());
        expect(failed.errors.join("\n")).toContain("SignatureDoesNotMatch");
        seen.push(JSON.stringify(failed));
      } finally {
        seen.push(...wrong.logs);
        await wrong.stop();
      }
      // The quick start again with no key anywhere: Microsoft Entra ID, through @azure/identity's real
      // DefaultAzureCredential and a (loopback) managed-identity endpoint, with a retry on the way.
      emulator.faults.add({ route: "POST /openai/files", status: 503, times: 1 });
      const viaEntra = await ProviderHost.start({
        cwd: path.join(EXAMPLES, "quickstart"),
        project: "quickstart",
        stack: "dev",
        config: { "azure-openai:endpoint": emulator.url },
        env: { AZURE_OPENAI_API_KEY: undefined, ...identity.env },
      });
      try {
        const engine = new Engine({ programDir: path.join(EXAMPLES, "quickstart"), project: "quickstart", stack: "dev", host: viaEntra });
        const up = await engine.up(emptyState());
        expect(up.errors).toEqual([]);
        expect(identity.requests).toContain("https://cognitiveservices.azure.com");
        const destroyed = await engine.destroy(up.state);
        expect(emulator.store.listFiles()).toEqual([]);
        seen.push(JSON.stringify(up), JSON.stringify(destroyed));
      } finally {
        seen.push(...viaEntra.logs);
        await viaEntra.stop();
      }
      // A token the service refuses: the error says so without quoting it.
      const refused = await ProviderHost.start({
        cwd: path.join(EXAMPLES, "quickstart"),
        project: "quickstart",
        stack: "dev",
        config: { "azure-openai:endpoint": emulator.url },
        env: { AZURE_OPENAI_API_KEY: undefined, ...identity.env },
      });
      try {
        emulator.faults.add({ route: "POST /openai/files", status: 401, times: 1 });
        const failed = await new Engine({ programDir: path.join(EXAMPLES, "quickstart"), project: "quickstart", stack: "dev", host: refused }).up(emptyState());
        expect(failed.errors.join("\n")).toMatch(/401|denied|credential/i);
        seen.push(JSON.stringify(failed));
      } finally {
        seen.push(...refused.logs);
        await refused.stop();
      }
      seen.push(...emulatorLog);
      expect(seen.join("\n")).toContain("retrying");

      const everything = seen.join("\n");
      for (const secret of [AZURE_KEY, ACCESS_KEY, SECRET_KEY, ENTRA_TOKEN, IDENTITY_HEADER]) {
        for (const form of secretForms(secret)) expect(everything).not.toContain(form);
      }
    } finally {
      await identity.close();
      await emulator.close();
    }
  });
});
