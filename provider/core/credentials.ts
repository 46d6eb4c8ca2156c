/**
 * Credentials are resolved inside each hook at run time, never captured: stack config (from `configure`), then
 * the environment, then, for Azure, Microsoft Entra ID. They go to request headers only and are registered with
 * the redactor so no message can carry them.
 */
import { CredentialsError, InputError } from "./errors";
import { parseEndpoint } from "./endpoint";
import { registerSecret } from "./redact";
import { ConfigSource, stackConfig } from "./stackConfig";

export const COGNITIVE_SERVICES_SCOPE = "https://cognitiveservices.azure.com/.default";
/** The built-in role that may upload files and run fine-tuning jobs (OpenAI User may only call models). */
export const AZURE_FINE_TUNING_ROLE = "Cognitive Services OpenAI Contributor";
export const DEFAULT_AZURE_API_VERSION = "2025-04-01-preview";
export const DEFAULT_QIANFAN_ENDPOINT = "https://qianfan.baidubce.com";

export type Env = Record<string, string | undefined>;

export type AzureAuth =
  { kind: "apiKey"; apiKey: string } | { kind: "entraId"; getToken: () => Promise<string> };

export interface AzureSettings {
  endpoint: string;
  apiVersion: string;
  auth: AzureAuth;
}

export interface AzureOverrides {
  endpoint?: string;
  apiVersion?: string;
}

export interface QianfanSettings {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  /** How long a request signature stays valid (default 1800 s, the documented default). */
  signatureExpirationSeconds?: number;
}

/** Builds a bearer-token function for Entra ID; replaceable in tests, where no identity endpoint may be called. */
export type EntraTokenProviderFactory = (scope: string) => () => Promise<string>;

let entraTokenProviderFactory: EntraTokenProviderFactory = defaultEntraTokenProvider;

export function setEntraTokenProviderFactory(factory: EntraTokenProviderFactory | undefined): void {
  entraTokenProviderFactory = factory ?? defaultEntraTokenProvider;
}

function defaultEntraTokenProvider(scope: string): () => Promise<string> {
  // Loaded on first use: most stacks use a key and never need @azure/identity.
  const identity = require("@azure/identity") as typeof import("@azure/identity");
  return identity.getBearerTokenProvider(new identity.DefaultAzureCredential(), scope);
}

interface Lookup {
  value?: string;
  places: string[];
}

function lookUp(sources: { place: string; value: string | undefined }[]): Lookup {
  const places = sources.map((s) => s.place);
  const found = sources.find((s) => s.value !== undefined && s.value.trim() !== "");
  return { value: found?.value?.trim(), places };
}

export function resolveAzureSettings(
  overrides: AzureOverrides = {},
  config: ConfigSource = stackConfig(),
  env: Env = process.env,
): AzureSettings {
  const endpoint = lookUp([
    { place: "the resource's `endpoint` input", value: overrides.endpoint },
    { place: "stack config azure-openai:endpoint", value: config.get("azure-openai:endpoint") },
    { place: "environment variable AZURE_OPENAI_ENDPOINT", value: env.AZURE_OPENAI_ENDPOINT },
  ]);
  if (!endpoint.value) {
    throw new CredentialsError(
      `No Azure OpenAI endpoint found. Looked in: ${endpoint.places.join("; ")}. ` +
        "Set one, e.g. `pulumi config set azure-openai:endpoint https://<resource>.openai.azure.com`.",
      "azure-openai:endpoint",
    );
  }
  const apiVersion = resolveApiVersion(overrides, config, env);
  const apiKey = lookUp([
    { place: "stack config azure-openai:apiKey", value: config.get("azure-openai:apiKey") },
    { place: "environment variable AZURE_OPENAI_API_KEY", value: env.AZURE_OPENAI_API_KEY },
  ]);
  // Name the place the value came from, so an error points at what the user set.
  const field =
    endpoint.value === overrides.endpoint?.trim()
      ? "endpoint"
      : endpoint.value === config.get("azure-openai:endpoint")?.trim()
        ? "azure-openai:endpoint"
        : "AZURE_OPENAI_ENDPOINT";
  const settings = { endpoint: parseEndpoint(endpoint.value, field), apiVersion };
  if (apiKey.value) {
    registerSecret(apiKey.value);
    return { ...settings, auth: { kind: "apiKey", apiKey: apiKey.value } };
  }
  return { ...settings, auth: { kind: "entraId", getToken: entraIdTokens(apiKey.places) } };
}

/** The resource's own `apiVersion` input, else stack config azure-openai:apiVersion, else OPENAI_API_VERSION. */
export function resolveApiVersion(
  overrides: AzureOverrides = {},
  config: ConfigSource = stackConfig(),
  env: Env = process.env,
): string {
  return (
    lookUp([
      { place: "input", value: overrides.apiVersion },
      { place: "config", value: config.get("azure-openai:apiVersion") },
      { place: "env", value: env.OPENAI_API_VERSION },
    ]).value ?? DEFAULT_AZURE_API_VERSION
  );
}

/**
 * One token provider per process (per factory, for tests): settings are resolved on every call, and a credential
 * made for each would fetch a token for each (DefaultAzureCredential may even start `az` to get one), where one
 * provider keeps its token and refreshes it before it expires.
 */
let sharedEntra:
  { factory: EntraTokenProviderFactory; provider: () => Promise<string> } | undefined;

function entraTokenProvider(): () => Promise<string> {
  if (sharedEntra?.factory !== entraTokenProviderFactory) {
    const factory = entraTokenProviderFactory;
    sharedEntra = { factory, provider: factory(COGNITIVE_SERVICES_SCOPE) };
  }
  return sharedEntra.provider;
}

function entraIdTokens(keyPlaces: string[]): () => Promise<string> {
  return async () => {
    try {
      const token = await entraTokenProvider()();
      registerSecret(token);
      return token;
    } catch (error) {
      const reason = error instanceof Error ? firstLine(error.message) : String(error);
      throw new CredentialsError(
        `No Azure OpenAI credential found. Looked in: ${keyPlaces.join("; ")}; ` +
          `Microsoft Entra ID (DefaultAzureCredential, scope ${COGNITIVE_SERVICES_SCOPE}): ${reason}. ` +
          "Fix: `pulumi config set --secret azure-openai:apiKey <key>`, or export AZURE_OPENAI_API_KEY, " +
          `or sign in with \`az login\` / a managed identity that has the '${AZURE_FINE_TUNING_ROLE}' role.`,
        "azure-openai:apiKey",
      );
    }
  };
}

export function resolveQianfanSettings(
  config: ConfigSource = stackConfig(),
  env: Env = process.env,
): QianfanSettings {
  const accessKey = lookUp([
    { place: "stack config qianfan:accessKey", value: config.get("qianfan:accessKey") },
    { place: "environment variable QIANFAN_ACCESS_KEY", value: env.QIANFAN_ACCESS_KEY },
  ]);
  const secretKey = lookUp([
    { place: "stack config qianfan:secretKey", value: config.get("qianfan:secretKey") },
    { place: "environment variable QIANFAN_SECRET_KEY", value: env.QIANFAN_SECRET_KEY },
  ]);
  const missing = [accessKey, secretKey].filter((l) => !l.value);
  if (missing.length > 0) {
    throw new CredentialsError(
      `No Baidu Qianfan ${missing.map((l) => (l === accessKey ? "access key" : "secret key")).join(" or ")} found. ` +
        `Looked in: ${missing.flatMap((l) => l.places).join("; ")}. ` +
        "Fix: `pulumi config set --secret qianfan:accessKey <AK>` and `pulumi config set --secret qianfan:secretKey <SK>`.",
      missing[0] === accessKey ? "qianfan:accessKey" : "qianfan:secretKey",
    );
  }
  registerSecret(accessKey.value);
  registerSecret(secretKey.value);
  const endpoint =
    lookUp([
      { place: "config", value: config.get("qianfan:endpoint") },
      { place: "env", value: env.QIANFAN_CONSOLE_API_BASE_URL },
    ]).value ?? DEFAULT_QIANFAN_ENDPOINT;
  const field = config.get("qianfan:endpoint")
    ? "qianfan:endpoint"
    : "QIANFAN_CONSOLE_API_BASE_URL";
  const expiration = lookUp([
    { place: "config", value: config.get("qianfan:signatureExpirationSeconds") },
    { place: "env", value: env.QIANFAN_IAM_SIGN_EXPIRATION_SEC },
  ]).value;
  const signatureExpirationSeconds = expiration === undefined ? undefined : Number(expiration);
  if (
    signatureExpirationSeconds !== undefined &&
    !(Number.isInteger(signatureExpirationSeconds) && signatureExpirationSeconds >= 1)
  ) {
    throw new InputError(
      "qianfan:signatureExpirationSeconds",
      `"${expiration}" is not a whole number of seconds; use e.g. 1800 (or unset it for the default).`,
    );
  }
  return {
    endpoint: parseEndpoint(endpoint, field),
    accessKey: accessKey.value as string,
    secretKey: secretKey.value as string,
    signatureExpirationSeconds,
  };
}

function firstLine(text: string): string {
  const line = text.split("\n")[0] ?? text;
  return line.length > 300 ? line.slice(0, 300) + "…" : line;
}
