/**
 * A fixture program of test/fixtures/programs wired as the engine tests wire it: the emulator in this process, the
 * SDK's dynamic-provider host configured with the emulator's URL and keys (and none from the environment), and the
 * engine harness running the program, which loads pulumi-finetune from node_modules as users do.
 */
import * as path from "node:path";
import {
  DEFAULT_AZURE_API_KEY,
  DEFAULT_QIANFAN_ACCESS_KEY,
  DEFAULT_QIANFAN_SECRET_KEY,
  Emulator,
  EmulatorOptions,
  startEmulator,
} from "../emulator";
import { Engine, ProviderHost } from "../harness";

export const REPOSITORY_ROOT = path.resolve(__dirname, __filename.endsWith(".ts") ? ".." : "../..");
export const FIXTURE_PROGRAMS = path.join(REPOSITORY_ROOT, "test", "fixtures", "programs");

/** Every credential the stacks are configured with: none may reach state or a serialized provider. */
export const STACK_CREDENTIALS = [DEFAULT_AZURE_API_KEY, DEFAULT_QIANFAN_ACCESS_KEY, DEFAULT_QIANFAN_SECRET_KEY];

export interface FixtureStack {
  emulator: Emulator;
  host: ProviderHost;
  engine: Engine;
  close(): Promise<void>;
}

export async function startFixtureStack(program: string, emulatorOptions: EmulatorOptions = {}): Promise<FixtureStack> {
  const emulator = await startEmulator({ processingMs: 0, ...emulatorOptions });
  const programDir = path.join(FIXTURE_PROGRAMS, program);
  try {
    const host = await ProviderHost.start({
      cwd: programDir,
      project: "bench",
      stack: "dev",
      config: {
        "azure-openai:endpoint": emulator.url,
        "azure-openai:apiKey": DEFAULT_AZURE_API_KEY,
        "qianfan:endpoint": emulator.url,
        "qianfan:accessKey": DEFAULT_QIANFAN_ACCESS_KEY,
        "qianfan:secretKey": DEFAULT_QIANFAN_SECRET_KEY,
      },
      env: {
        AZURE_OPENAI_ENDPOINT: undefined,
        AZURE_OPENAI_API_KEY: undefined,
        QIANFAN_ACCESS_KEY: undefined,
        QIANFAN_SECRET_KEY: undefined,
        QIANFAN_CONSOLE_API_BASE_URL: undefined,
      },
    });
    const engine = new Engine({ programDir, project: "bench", stack: "dev", host });
    return {
      emulator,
      host,
      engine,
      close: async () => {
        await host.stop();
        await emulator.close();
      },
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}
