import { parseArgs } from "node:util";
import { type Emulator, startEmulator } from "./emulator";

export const AZURE_API_KEY_ENV = "PULUMI_FINETUNE_EMULATOR_AZURE_API_KEY";

export interface CliIo {
  // Function properties (not methods), so that `io.stdout` may be passed on as a log function.
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  env: Readonly<Record<string, string | undefined>>;
}

export interface CliResult {
  exitCode: number;
  /** The running emulator; absent after --help or an error. */
  emulator?: Emulator;
}

export const USAGE = `Usage: pulumi-finetune-emulator [options]

Local emulator of the Azure OpenAI files, uploads and fine-tuning jobs APIs and of the Baidu
Qianfan v2 fine-tuning actions (bce-auth-v1 signed, with the well-known emulator AK/SK).
Prints its base URL as the first line of stdout, then serves until SIGINT or SIGTERM.

Options:
  --host HOST            address to bind (default 127.0.0.1: loopback only)
  --port N               port to bind (default 0: a free port)
  --azure-api-key KEY    accepted api-key header value; repeatable
                         (default: $${AZURE_API_KEY_ENV}, else the well-known emulator key)
  --processing-ms N      time a fine-tune file takes to process (default 2000)
  --data-dir DIR         keep file and upload part contents under DIR, not in memory
  --verbose              log one line per request: method, route, status, ms
  --help                 show this help`;

/** Parses flags, starts the emulator and prints where it listens. Never prints credentials. */
export async function main(argv: readonly string[], io: CliIo): Promise<CliResult> {
  let flags;
  try {
    flags = parseFlags(argv);
  } catch (error) {
    io.stderr(`${(error as Error).message}\nRun with --help for usage.`);
    return { exitCode: 2 };
  }
  if (flags.help) {
    io.stdout(USAGE);
    return { exitCode: 0 };
  }
  const keys = azureKeys(flags.azureApiKeys, io.env);
  let emulator: Emulator;
  try {
    emulator = await startEmulator({
      host: flags.host,
      port: flags.port,
      azureApiKeys: keys.values,
      processingMs: flags.processingMs,
      dataDir: flags.dataDir,
      log: flags.verbose ? io.stdout : undefined,
    });
  } catch (error) {
    io.stderr(`Could not start the emulator: ${(error as Error).message}`);
    return { exitCode: 1 };
  }
  io.stdout(emulator.url);
  io.stdout(
    flags.host === undefined
      ? "Bound to 127.0.0.1 only (loopback); pass --host to listen elsewhere."
      : `Bound to ${flags.host} as --host asked.`,
  );
  const keyCount = keys.values?.length ?? 1;
  const count = `${keyCount} Azure API key${keyCount === 1 ? "" : "s"}`;
  io.stdout(`Accepting ${count} (${keys.source}) and the well-known Qianfan AK/SK pair.`);
  io.stdout("Press Ctrl+C to stop.");
  return { exitCode: 0, emulator };
}

interface Flags {
  host?: string;
  port?: number;
  azureApiKeys: string[];
  processingMs?: number;
  dataDir?: string;
  verbose: boolean;
  help: boolean;
}

function parseFlags(argv: readonly string[]): Flags {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      host: { type: "string" },
      port: { type: "string" },
      "azure-api-key": { type: "string", multiple: true },
      "processing-ms": { type: "string" },
      "data-dir": { type: "string" },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  return {
    host: values.host,
    port: values.port === undefined ? undefined : integerFlag("--port", values.port, 65535),
    azureApiKeys: values["azure-api-key"] ?? [],
    processingMs:
      values["processing-ms"] === undefined
        ? undefined
        : integerFlag("--processing-ms", values["processing-ms"], Number.MAX_SAFE_INTEGER),
    dataDir: values["data-dir"],
    verbose: values.verbose,
    help: values.help,
  };
}

function integerFlag(name: string, text: string, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > max) {
    throw new Error(`${name} must be an integer from 0 to ${max}; got '${text}'.`);
  }
  return value;
}

function azureKeys(fromFlags: string[], env: CliIo["env"]): { values?: string[]; source: string } {
  if (fromFlags.length > 0) return { values: fromFlags, source: "from --azure-api-key" };
  const fromEnv = env[AZURE_API_KEY_ENV];
  if (fromEnv) return { values: [fromEnv], source: `from ${AZURE_API_KEY_ENV}` };
  return { values: undefined, source: "the well-known emulator key" };
}
