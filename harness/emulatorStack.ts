/**
 * A program run as `pulumi up` would run it, against the emulator: the emulator in this process, the SDK's
 * dynamic-provider host configured with the emulator's URL and well-known keys (and none from the environment, so
 * nothing of the machine's leaks in), and the engine harness running the program.
 */
import {
  DEFAULT_AZURE_API_KEY,
  DEFAULT_QIANFAN_ACCESS_KEY,
  DEFAULT_QIANFAN_SECRET_KEY,
  Emulator,
  EmulatorOptions,
  startEmulator,
} from "../emulator";
import { Engine } from "./engine";
import { ProviderHost } from "./providerHost";

export interface EmulatorStack {
  emulator: Emulator;
  host: ProviderHost;
  engine: Engine;
  close(): Promise<void>;
}

export interface EmulatorStackOptions {
  programDir: string;
  project: string;
  emulator?: EmulatorOptions;
  /** Stack config over the emulator's; "" unsets a key. */
  config?: Record<string, string>;
  hostEnv?: Record<string, string | undefined>;
  programEnv?: Record<string, string | undefined>;
  /** The engine's `parallel` (EngineOptions): default unbounded, as the CLI's `--parallel`. */
  parallel?: number;
  /** The host's `waitDivisor` (ProviderHostOptions): default 1, real waits. */
  waitDivisor?: number;
}

/** Stack config that points both vendors at the emulator, with its well-known keys. */
export function emulatorConfig(emulator: Emulator): Record<string, string> {
  return {
    "azure-openai:endpoint": emulator.url,
    "azure-openai:apiKey": DEFAULT_AZURE_API_KEY,
    "qianfan:endpoint": emulator.url,
    "qianfan:accessKey": DEFAULT_QIANFAN_ACCESS_KEY,
    "qianfan:secretKey": DEFAULT_QIANFAN_SECRET_KEY,
  };
}

/** The host's environment without the machine's credentials and endpoints. */
export const ISOLATED_HOST_ENV: Readonly<Record<string, undefined>> = {
  AZURE_OPENAI_ENDPOINT: undefined,
  AZURE_OPENAI_API_KEY: undefined,
  QIANFAN_ACCESS_KEY: undefined,
  QIANFAN_SECRET_KEY: undefined,
  QIANFAN_CONSOLE_API_BASE_URL: undefined,
};

export async function startEmulatorStack(options: EmulatorStackOptions): Promise<EmulatorStack> {
  const emulator = await startEmulator(options.emulator);
  try {
    const host = await ProviderHost.start({
      cwd: options.programDir,
      project: options.project,
      stack: "dev",
      config: { ...emulatorConfig(emulator), ...options.config },
      env: { ...ISOLATED_HOST_ENV, ...options.hostEnv },
      waitDivisor: options.waitDivisor,
    });
    const engine = new Engine({
      programDir: options.programDir,
      project: options.project,
      stack: "dev",
      host,
      env: options.programEnv,
      parallel: options.parallel,
    });
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
