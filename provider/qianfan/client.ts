/**
 * The Qianfan console API client: `POST {endpoint}/v2/<area>?Action=<Action>` with a JSON body (areas
 * `finetuning`, `dataset`, `model`, `service`), signed with bce-auth-v1 per request, over the shared transport (one retry policy) and error factory (one error hierarchy).
 * Vendor errors arrive as `{requestId, code, message}`, sometimes on HTTP 200, or only as X-Bce-Error-* headers.
 */
import { QianfanSettings, resolveQianfanSettings } from "../core/credentials";
import { errorFromResponse } from "../core/errorFactory";
import { NetworkError } from "../core/errors";
import { everyItem, Page } from "../core/paging";
import {
  createTransport,
  networkCause,
  Transport,
  TransportOptions,
  wasSent,
} from "../core/transport";
import { bceTimestamp, DEFAULT_EXPIRATION_SECONDS, signRequest } from "./signer";

export type QianfanTransportOverrides = Omit<TransportOptions, "vendor">;

let transportOverrides: QianfanTransportOverrides = {};

/** For tests: fetch, clock, sleep and retry policy of every client built afterwards. */
export function setQianfanTransportOverrides(overrides: QianfanTransportOverrides): void {
  transportOverrides = overrides;
}

/** The console's areas, each `POST /v2/<area>?Action=<Action>`. */
export type QianfanArea = "finetuning" | "dataset" | "model" | "service";

/**
 * Reading, stopping, deleting, taking a service offline and switching its model version can be repeated; creating
 * (and publishing, whose repeat a service may refuse) cannot.
 */
export function isIdempotentQianfanRequest(_method: string, url: URL): boolean {
  return /^(Describe|Stop|Delete|Deactivate|Modify)/.test(url.searchParams.get("Action") ?? "");
}

export class QianfanClient {
  readonly transport: Transport;
  private readonly now: () => number;

  constructor(
    readonly settings: QianfanSettings,
    options: QianfanTransportOverrides = transportOverrides,
  ) {
    this.transport = createTransport({
      vendor: "qianfan",
      isIdempotent: isIdempotentQianfanRequest,
      ...options,
    });
    this.now = options.now ?? Date.now;
  }

  async action<T>(
    action: string,
    body: Record<string, unknown>,
    operation = action,
    area: QianfanArea = "finetuning",
  ): Promise<T> {
    const url = new URL(`${this.settings.endpoint}/v2/${area}`);
    url.searchParams.set("Action", action);
    const payload = JSON.stringify(body);
    const timestamp = new Date(this.now());
    const headers: Record<string, string> = {
      host: url.host,
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(payload)),
      "x-bce-date": bceTimestamp(timestamp),
    };
    const signed = signRequest(
      { method: "POST", path: url.pathname, query: { Action: action }, headers },
      { accessKey: this.settings.accessKey, secretKey: this.settings.secretKey },
      {
        timestamp,
        expirationSeconds: this.settings.signatureExpirationSeconds ?? DEFAULT_EXPIRATION_SECONDS,
        headersToSign: ["host", "content-type", "content-length"],
      },
    );
    let response: Response;
    try {
      response = await this.transport.fetch(url.toString(), {
        method: "POST",
        headers: { ...headers, authorization: signed.authorization },
        body: payload,
      });
    } catch (error) {
      throw new NetworkError("qianfan", operation, networkCause(error), {
        cause: error,
        requestSent: wasSent(error),
      });
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Left as text: a gateway's HTML error page, for example.
    }
    const record =
      typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
    const vendorError = typeof record.code === "string" || typeof record.error_code !== "undefined";
    if (!response.ok || vendorError || response.headers.get("x-bce-error-code")) {
      throw errorFromResponse({
        vendor: "qianfan",
        operation,
        status: response.status,
        headers: response.headers,
        body: parsed,
      });
    }
    return record.result as T;
  }
}

interface DescribePage {
  pageInfo?: { isTruncated?: boolean; nextMarker?: string };
}

/**
 * The items of a Describe* list, page by page (100 a page, following `nextMarker`), read by core/paging's bounded
 * pager: a caller that finds what it looks for reads no further.
 */
export function listQianfan<T, ListKey extends string>(
  client: QianfanClient,
  action: string,
  body: Record<string, unknown>,
  listKey: ListKey,
  operation: string,
  area: QianfanArea = "finetuning",
): AsyncGenerator<T, void, undefined> {
  const page = async (marker: string | undefined): Promise<Page<T>> => {
    const result = await client.action<DescribePage & Partial<Record<ListKey, T[]>>>(
      action,
      { ...body, maxKeys: 100, ...(marker ? { marker } : {}) },
      operation,
      area,
    );
    const next = result.pageInfo?.isTruncated ? result.pageInfo.nextMarker : undefined;
    return { items: result[listKey] ?? [], next: next ? () => page(next) : undefined };
  };
  return everyItem(operation, () => page(undefined));
}

export function qianfanClient(): QianfanClient {
  return new QianfanClient(resolveQianfanSettings());
}
