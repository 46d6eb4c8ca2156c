/**
 * The Azure OpenAI data-plane client: the official `openai` package's AzureOpenAI (routes, multipart bodies), with
 * its own retries off and this package's transport as its fetch, so there is one retry policy and one error
 * hierarchy. Built from settings resolved at run time on each call (and reused while they stay the same); never
 * stored in a resource.
 */
import { createHash } from "node:crypto";
import type { AzureOpenAI } from "openai";
import { AzureOverrides, AzureSettings, resolveAzureSettings } from "../core/credentials";
import { errorFromResponse } from "../core/errorFactory";
import { apiVersionFor, FamilyOperation, familyOf, normalizeApiVersion } from "./apiVersions";
import { FinetuneError, NetworkError } from "../core/errors";
import {
  createTransport,
  networkCause,
  Transport,
  TransportOptions,
  wasSent,
} from "../core/transport";

export type TransportOverrides = Omit<TransportOptions, "vendor">;

/**
 * The SDK, loaded when it is first needed: a program loads this module (through the package's index) but never
 * builds a client, and the SDK is 234 modules, more than the rest of the package and @pulumi/pulumi together.
 */
const sdk = () => require("openai") as typeof import("openai");

let transportOverrides: TransportOverrides = {};

/** For tests: fetch, clock, sleep and retry policy of every client built afterwards. */
export function setAzureTransportOverrides(overrides: TransportOverrides): void {
  transportOverrides = overrides;
}

export class AzureOpenAIClient {
  /** The SDK client on the chosen route family. */
  readonly openai: AzureOpenAI;
  /** The same on a dated api-version, for the operations v1 has no route for (uploads, job DELETE). */
  private readonly dated: AzureOpenAI;
  readonly transport: Transport;

  constructor(
    readonly settings: AzureSettings,
    transportOptions: TransportOverrides = transportOverrides,
  ) {
    this.transport = createTransport({
      vendor: "azure-openai",
      isIdempotent: isIdempotentAzureRequest,
      ...transportOptions,
    });
    const auth =
      settings.auth.kind === "apiKey"
        ? { apiKey: settings.auth.apiKey }
        : { azureADTokenProvider: settings.auth.getToken };
    const sdkClient = (apiVersion: string) =>
      new (sdk().AzureOpenAI)({
        ...(familyOf(apiVersion) === "v1"
          ? { baseURL: `${settings.endpoint}/openai/v1` }
          : { endpoint: settings.endpoint }),
        apiVersion,
        ...auth,
        fetch: this.transport.fetch,
        maxRetries: 0,
      });
    const apiVersion = normalizeApiVersion(settings.apiVersion) ?? settings.apiVersion;
    this.openai = sdkClient(apiVersion);
    const fallback = apiVersionFor("uploads", apiVersion);
    this.dated = fallback === apiVersion ? this.openai : sdkClient(fallback);
  }

  /**
   * Runs one SDK call and turns whatever it throws into this package's errors. An operation named in `routeOf`
   * goes to a dated api-version when the chosen family has no route for it.
   */
  async call<T>(
    operation: string,
    request: (openai: AzureOpenAI) => Promise<T>,
    routeOf?: FamilyOperation,
  ): Promise<T> {
    try {
      return await request(routeOf === undefined ? this.openai : this.dated);
    } catch (error) {
      throw toFinetuneError(operation, error);
    }
  }
}

/**
 * Clients already built, by what they were built from. Settings are resolved on every call (config may change
 * between calls), but a client is built only for settings not seen before: building one costs about a millisecond
 * (two SDK clients and a transport), and with Microsoft Entra ID each new client would also start a credential of
 * its own, which fetches a token of its own. A large stack makes hundreds of calls with the same settings.
 */
const clients = new Map<string, { overrides: TransportOverrides; client: AzureOpenAIClient }>();
const MAX_CLIENTS = 16;

/** A client for a resource: its own `endpoint` and `apiVersion` inputs win over the stack's settings. */
export function azureClient(resource: AzureOverrides = {}): AzureOpenAIClient {
  const settings = resolveAzureSettings({
    endpoint: resource.endpoint,
    apiVersion: resource.apiVersion,
  });
  // The key is kept only as a digest, so that no credential sits in the map's keys.
  const credential = settings.auth.kind === "apiKey" ? settings.auth.apiKey : "";
  const key = createHash("sha256")
    .update(
      JSON.stringify([settings.endpoint, settings.apiVersion, settings.auth.kind, credential]),
    )
    .digest("hex");
  const cached = clients.get(key);
  if (cached?.overrides === transportOverrides) return cached.client;
  const client = new AzureOpenAIClient(settings);
  clients.delete(key);
  if (clients.size >= MAX_CLIENTS) clients.delete(clients.keys().next().value!);
  clients.set(key, { overrides: transportOverrides, client });
  return client;
}

export function toFinetuneError(operation: string, error: unknown): Error {
  if (error instanceof FinetuneError) return error;
  const { APIConnectionError, APIError } = sdk();
  // The SDK wraps what the Entra token provider throws in an OpenAIError (or APIConnectionError) as its cause.
  if (error instanceof Error && error.cause instanceof FinetuneError) return error.cause;
  if (error instanceof APIConnectionError) {
    return new NetworkError("azure-openai", operation, networkCause(error.cause ?? error), {
      cause: error,
      requestSent: wasSent(error.cause ?? error),
    });
  }
  if (error instanceof APIError && typeof error.status === "number") {
    const raw: unknown = error.error;
    // No JSON error object: the SDK keeps a text body only in its message, as "<status> <text>".
    const text = error.message.replace(/^\d{3} /, "").replace(/^status code \(no body\)$/, "");
    const body =
      raw === undefined || raw === null
        ? text
        : typeof raw === "object" && "error" in raw
          ? raw
          : { error: raw };
    return errorFromResponse({
      vendor: "azure-openai",
      operation,
      status: error.status,
      headers: error.headers instanceof Headers ? error.headers : new Headers(),
      body,
    });
  }
  // Any other Error is a bug here or in the SDK: it keeps its type and stack.
  return error instanceof Error ? error : new FinetuneError(String(error));
}

/**
 * POSTs that only move an object towards a state it may already be in can be repeated safely; so can adding an
 * upload part (a part sent twice is left out of the ordered part list that completes the upload) and completing
 * an upload (a second complete is refused with 409, and the caller then finds the file the first one made).
 */
export function isIdempotentAzureRequest(method: string, url: URL): boolean {
  if (method !== "POST") return ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"].includes(method);
  return /\/(cancel|pause|resume|parts|complete)$/.test(url.pathname);
}
