/**
 * A test stack: the emulator, the SDK's dynamic-provider host configured with stack config, and the engine
 * harness running a fixture program, as `pulumi up` would.
 */
import * as path from "node:path";
import {
  DEFAULT_AZURE_API_KEY,
  DEFAULT_QIANFAN_ACCESS_KEY,
  DEFAULT_QIANFAN_SECRET_KEY,
  Emulator,
  EmulatorOptions,
  startEmulator,
} from "../../emulator";
import { Engine, ProviderHost } from "../../harness";

export const PROGRAMS = path.join(__dirname, "..", "fixtures", "programs");

export interface TestStack {
  emulator: Emulator;
  host: ProviderHost;
  engine: Engine;
  close(): Promise<void>;
}

export interface TestStackOptions {
  program: string;
  emulator?: EmulatorOptions;
  config?: Record<string, string>;
  hostEnv?: Record<string, string | undefined>;
  programEnv?: Record<string, string | undefined>;
}

export async function startTestStack(options: TestStackOptions): Promise<TestStack> {
  const emulator = await startEmulator({ processingMs: 100, ...options.emulator });
  const programDir = path.join(PROGRAMS, options.program);
  const config = {
    "azure-openai:endpoint": emulator.url,
    "azure-openai:apiKey": DEFAULT_AZURE_API_KEY,
    "qianfan:endpoint": emulator.url,
    "qianfan:accessKey": DEFAULT_QIANFAN_ACCESS_KEY,
    "qianfan:secretKey": DEFAULT_QIANFAN_SECRET_KEY,
    ...options.config,
  };
  const host = await ProviderHost.start({
    cwd: programDir,
    project: "test",
    stack: "dev",
    config,
    env: {
      AZURE_OPENAI_ENDPOINT: undefined,
      AZURE_OPENAI_API_KEY: undefined,
      QIANFAN_ACCESS_KEY: undefined,
      QIANFAN_SECRET_KEY: undefined,
      QIANFAN_CONSOLE_API_BASE_URL: undefined,
      ...options.hostEnv,
    },
  });
  const engine = new Engine({ programDir, project: "test", stack: "dev", host, env: options.programEnv });
  return {
    emulator,
    host,
    engine,
    close: async () => {
      await host.stop();
      await emulator.close();
    },
  };
}

/** Requests the emulator answered, as route keys ("POST /openai/files"). */
export function requestKeys(emulator: Emulator): string[] {
  return emulator.requests.map((r) => r.route);
}
