/**
 * Secret hygiene: with real-looking keys and an Entra ID token in use, through retries and vendor errors, no key,
 * AK, SK or token appears — plain, base64 or URL-encoded — in state, outputs, serialized providers, provider logs,
 * errors or the emulator's log.
 */
import * as path from "node:path";
import { secretForms } from "../provider/core/redact";
import {
  emptyState,
  Engine,
  EXAMPLE_QIANFAN_TIMINGS,
  exampleProgramConfig,
  ProviderHost,
} from "../harness";
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
      ...EXAMPLE_QIANFAN_TIMINGS,
      azureApiKeys: [AZURE_KEY],
      azureBearerTokens: [ENTRA_TOKEN],
      qianfanCredentials: [{ accessKey: ACCESS_KEY, secretKey: SECRET_KEY }],
      log: (line) => emulatorLog.push(line),
      faults: [
        { route: "POST /openai/files", status: 429, retryAfterMs: 10, times: 1 },
        {
          route: "POST /v2/finetuning?Action=CreateFineTuningJob",
          status: 429,
          retryAfterMs: 10,
          times: 1,
        },
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
      /** Runs `steps` against one example with its own provider host; everything it returns and logs is kept. */
      const withExample = async (
        example: "quickstart" | "qianfan",
        settings: {
          config: Record<string, string>;
          env?: Record<string, string | undefined>;
          programEnv?: Record<string, string>;
        },
        steps: (engine: Engine) => Promise<unknown[]>,
      ) => {
        const programDir = path.join(EXAMPLES, example);
        const host = await ProviderHost.start({
          cwd: programDir,
          project: example,
          stack: "dev",
          config: settings.config,
          env: settings.env,
        });
        try {
          const results = await steps(
            new Engine({
              programDir,
              project: example,
              stack: "dev",
              host,
              env: settings.programEnv,
              config: exampleProgramConfig(example, example),
            }),
          );
          seen.push(...results.map((result) => JSON.stringify(result)));
        } finally {
          seen.push(...host.logs);
          await host.stop();
        }
      };

      for (const example of ["quickstart", "qianfan"] as const) {
        const env = { AZURE_OPENAI_API_KEY: AZURE_KEY, QIANFAN_SECRET_KEY: SECRET_KEY };
        await withExample(
          example,
          { config, env, programEnv: { AZURE_OPENAI_API_KEY: AZURE_KEY } },
          async (engine) => {
            const up = await engine.up(emptyState());
            expect(up.errors).toEqual([]);
            return [up, await engine.refresh(up.state), await engine.destroy(up.state)];
          },
        );
      }
      // A vendor error and a signature error, as a user would see them.
      const wrongKeys = {
        ...config,
        "qianfan:secretKey": `${SECRET_KEY}-wrong`,
        "azure-openai:apiKey": `${AZURE_KEY}-wrong`,
      };
      await withExample("qianfan", { config: wrongKeys }, async (engine) => {
        const failed = await engine.up(emptyState());
        expect(failed.errors.join("\n")).toContain("SignatureDoesNotMatch");
        return [failed];
      });
      // The quick start again with no key anywhere: Microsoft Entra ID, through @azure/identity's real
      // DefaultAzureCredential and a (loopback) managed-identity endpoint, with a retry on the way.
      const viaEntra = {
        config: { "azure-openai:endpoint": emulator.url },
        env: { AZURE_OPENAI_API_KEY: undefined, ...identity.env },
      };
      emulator.faults.add({ route: "POST /openai/files", status: 503, times: 1 });
      await withExample("quickstart", viaEntra, async (engine) => {
        const up = await engine.up(emptyState());
        expect(up.errors).toEqual([]);
        expect(identity.requests).toContain("https://cognitiveservices.azure.com");
        const destroyed = await engine.destroy(up.state);
        expect(emulator.store.listFiles()).toEqual([]);
        return [up, destroyed];
      });
      // A token the service refuses: the error says so without quoting it.
      emulator.faults.add({ route: "POST /openai/files", status: 401, times: 1 });
      await withExample("quickstart", viaEntra, async (engine) => {
        const failed = await engine.up(emptyState());
        expect(failed.errors.join("\n")).toMatch(/401|denied|credential/i);
        return [failed];
      });
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
