import { parseArgs } from "node:util";
import type { QianfanCredential } from "./credentials";
import { type Emulator, startEmulator } from "./emulator";

/** One Azure `api-key` value (used when no --azure-api-key is given). */
export const AZURE_API_KEY_ENV = "PULUMI_FINETUNE_EMULATOR_AZURE_API_KEY";
/** One Azure bearer token (used when no --azure-bearer-token is given). */
export const AZURE_BEARER_TOKEN_ENV = "PULUMI_FINETUNE_EMULATOR_AZURE_BEARER_TOKEN";
/** Comma-separated `AK:SK` pairs (used when no --qianfan-key is given). */
export const QIANFAN_KEYS_ENV = "PULUMI_FINETUNE_EMULATOR_QIANFAN_KEYS";

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
  --host HOST                 address to bind (default 127.0.0.1: loopback only)
  --port N                    port to bind (default 0: a free port)
  --azure-api-key KEY         accepted api-key header value; repeatable
                              (default: $${AZURE_API_KEY_ENV}, one key)
  --azure-bearer-token TOKEN  accepted "Authorization: Bearer" token; repeatable
                              (default: $${AZURE_BEARER_TOKEN_ENV}, one token)
  --qianfan-key AK:SK         accepted Qianfan access key and secret key pair; repeatable
                              (default: $${QIANFAN_KEYS_ENV}, "AK1:SK1,AK2:SK2")
  --processing-ms N           time a fine-tune file takes to process (default 2000)
  --data-dir DIR              keep the whole state under DIR (created if missing), so a
                              restart on DIR serves it again; a DIR that is not empty and
                              not an emulator's, or whose state cannot be read, is refused
  --verbose                   log one line per request: method, route, status, ms
  --help                      show this help

Credentials: any Azure key or token given turns the well-known Azure key off; any Qianfan pair
given turns the well-known pair off. Values must be non-empty, without spaces or control
characters. They are never printed.

GET /health answers 200 {"status":"ok","azure":true,"qianfan":true} without credentials.`;

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
  let credentials: Credentials;
  try {
    credentials = readCredentials(flags, io.env);
  } catch (error) {
    io.stderr(`${(error as Error).message}\nRun with --help for usage.`);
    return { exitCode: 2 };
  }
  let emulator: Emulator;
  try {
    emulator = await startEmulator({
      host: flags.host,
      port: flags.port,
      azureApiKeys: credentials.azureApiKeys.values,
      azureBearerTokens: credentials.azureBearerTokens.values,
      qianfanCredentials: credentials.qianfan.values,
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
  io.stdout(`Accepting ${describe(credentials)}.`);
  io.stdout("Press Ctrl+C to stop.");
  return { exitCode: 0, emulator };
}

interface Flags {
  host?: string;
  port?: number;
  azureApiKeys: string[];
  azureBearerTokens: string[];
  qianfanKeys: string[];
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
      "azure-bearer-token": { type: "string", multiple: true },
      "qianfan-key": { type: "string", multiple: true },
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
    azureBearerTokens: values["azure-bearer-token"] ?? [],
    qianfanKeys: values["qianfan-key"] ?? [],
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

/** Values of one kind of credential and where they came from (never the values themselves). */
interface Given<T> {
  /** Undefined: none given, the emulator's default applies. */
  values?: T[];
  /** The flag or variable they came from; "" when none was given. */
  origin: string;
  source: string;
}

interface Credentials {
  azureApiKeys: Given<string>;
  azureBearerTokens: Given<string>;
  qianfan: Given<QianfanCredential>;
}

/**
 * Flags win over the environment, kind by kind. Any Azure key or token given replaces the
 * well-known Azure key; any Qianfan pair replaces the well-known pair. Errors name the flag or
 * variable and the value's position, never the value.
 */
function readCredentials(flags: Flags, env: CliIo["env"]): Credentials {
  const apiKeys = given(
    "--azure-api-key",
    flags.azureApiKeys,
    AZURE_API_KEY_ENV,
    env[AZURE_API_KEY_ENV],
    false,
  ).map((key, where) => checkedSecret(key, where));
  const tokens = given(
    "--azure-bearer-token",
    flags.azureBearerTokens,
    AZURE_BEARER_TOKEN_ENV,
    env[AZURE_BEARER_TOKEN_ENV],
    false,
  ).map((token, where) => checkedSecret(token, where));
  const pairs = given(
    "--qianfan-key",
    flags.qianfanKeys,
    QIANFAN_KEYS_ENV,
    env[QIANFAN_KEYS_ENV],
    true,
  );
  const qianfan = pairs.map((pair, where) => qianfanPair(pair, where));
  const seen = new Set<string>();
  qianfan.values?.forEach(({ accessKey }, i) => {
    if (seen.has(accessKey)) {
      throw new Error(`${qianfan.origin}: pair ${i + 1} repeats an earlier access key.`);
    }
    seen.add(accessKey);
  });

  const azureGiven = apiKeys.values !== undefined || tokens.values !== undefined;
  return {
    azureApiKeys: azureGiven
      ? { ...apiKeys, values: apiKeys.values ?? [] }
      : { values: undefined, origin: "", source: "the well-known emulator key" },
    azureBearerTokens: tokens,
    qianfan,
  };
}

interface Raw {
  values?: string[];
  origin: string;
  source: string;
  map<T>(check: (value: string, where: string) => T): Given<T>;
}

/** The flag's values if any, else the variable's (comma-separated when `list`), else none. */
function given(
  flag: string,
  fromFlags: string[],
  variable: string,
  fromEnv: string | undefined,
  list: boolean,
): Raw {
  let values: string[] | undefined;
  let name: string;
  if (fromFlags.length > 0) {
    values = fromFlags;
    name = flag;
  } else if (fromEnv) {
    values = list ? fromEnv.split(",").map((v) => v.trim()) : [fromEnv];
    name = variable;
  } else {
    name = "";
  }
  const source = values === undefined ? "none given" : `from ${name}`;
  return {
    values,
    origin: name,
    source,
    map: (check) => ({
      values: values?.map((value, i) =>
        check(value, values.length === 1 ? name : `${name} (value ${i + 1})`),
      ),
      origin: name,
      source,
    }),
  };
}

/** A header-safe secret: non-empty, printable, no spaces. */
const SECRET = /^[\x21-\x7e]+$/;

function checkedSecret(value: string, where: string): string {
  if (!SECRET.test(value)) {
    throw new Error(`${where} must be non-empty, without spaces or control characters.`);
  }
  return value;
}

function qianfanPair(value: string, where: string): QianfanCredential {
  const colon = value.indexOf(":");
  const accessKey = colon < 0 ? "" : value.slice(0, colon);
  const secretKey = colon < 0 ? "" : value.slice(colon + 1);
  // The access key travels in the Authorization header between "/" separators.
  if (!SECRET.test(accessKey) || accessKey.includes("/") || !SECRET.test(secretKey)) {
    throw new Error(
      `${where} must be ACCESS_KEY:SECRET_KEY, both non-empty, without spaces or control ` +
        `characters, and no "/" in the access key.`,
    );
  }
  return { accessKey, secretKey };
}

function describe({ azureApiKeys, azureBearerTokens, qianfan }: Credentials): string {
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
  const parts = [
    `${count(azureApiKeys.values?.length ?? 1, "Azure API key")} (${azureApiKeys.source})`,
  ];
  if (azureBearerTokens.values) {
    parts.push(
      `${count(azureBearerTokens.values.length, "Azure bearer token")} (${azureBearerTokens.source})`,
    );
  }
  parts.push(
    qianfan.values
      ? `${count(qianfan.values.length, "Qianfan AK/SK pair")} (${qianfan.source})`
      : "the well-known Qianfan AK/SK pair",
  );
  const last = parts.pop();
  return parts.length > 0 ? `${parts.join(", ")} and ${last}` : `${last}`;
}
