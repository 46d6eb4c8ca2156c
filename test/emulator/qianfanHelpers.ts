// A test-only bce-auth-v1 signer, written again from the reference (§3.2) rather than imported, so
// the emulator's verifier is checked against a second implementation.
import { createHmac } from "node:crypto";
import {
  DEFAULT_QIANFAN_ACCESS_KEY,
  DEFAULT_QIANFAN_SECRET_KEY,
  type Emulator,
  type QianfanErrorBody,
} from "../../emulator";

export const FINETUNING = "/v2/finetuning";
export const routeKey = (action: string) => `POST ${FINETUNING}?Action=${action}`;
/** The headers the JS SDK signs. */
export const JS_SDK_SIGNED = ["content-length", "content-type", "host", "x-bce-date"];

/** encodeURIComponent leaves !'()* alone; BCE encodes them. */
export const bceEncode = (text: string) =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

export const bceTimestamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export interface RequestToSign {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-case names. */
  headers: Record<string, string>;
}

export interface Signing {
  accessKey: string;
  secretKey: string;
  timestampMs: number;
  expirationSeconds: number;
  /** Lower-case names; a name missing from `headers` is signed as empty. */
  signedHeaders: string[];
}

export function authorizationFor(request: RequestToSign, signing: Signing): string {
  const prefix = [
    "bce-auth-v1",
    signing.accessKey,
    bceTimestamp(signing.timestampMs),
    signing.expirationSeconds,
  ].join("/");
  const names = [...signing.signedHeaders].sort();
  const headers = names
    .map((name) => `${bceEncode(name)}:${bceEncode((request.headers[name] ?? "").trim())}`)
    .sort();
  const query = Object.entries(request.query)
    .map(([key, value]) => `${bceEncode(key)}=${bceEncode(value)}`)
    .sort();
  const path = request.path.split("/").map(bceEncode).join("/");
  const canonical = [request.method, path, query.join("&"), headers.join("\n")].join("\n");
  const signature = hmacHex(hmacHex(signing.secretKey, prefix), canonical);
  return `${prefix}/${names.join(";")}/${signature}`;
}

export interface CallOptions extends Partial<Signing> {
  /** The area called; default /v2/finetuning. */
  path?: string;
  /** Values signed in place of those sent: a header changed after signing. */
  signedValues?: Record<string, string>;
  /** Sent in place of the signed body: a body changed after signing. */
  sentBody?: string;
  /** The body as text, in place of the JSON of `body`. */
  rawBody?: string;
  /** Sent besides (or, when undefined, instead of) the usual headers; not signed unless listed. */
  headers?: Record<string, string | undefined>;
  /** Sent as is; null sends none. */
  authorization?: string | null;
  /** The Action as sent, when it differs from the signed one. */
  sentAction?: string | null;
  method?: string;
}

/** POST /v2/finetuning?Action=… (or another area's) signed as the JS SDK does (unless `options` say otherwise). */
export async function qianfanFetch(
  emulator: Emulator,
  action: string | null,
  body: unknown = {},
  options: CallOptions = {},
): Promise<Response> {
  const path = options.path ?? FINETUNING;
  const url = new URL(path, emulator.url);
  const signedQuery: Record<string, string> = action === null ? {} : { Action: action };
  const sentAction = options.sentAction === undefined ? action : options.sentAction;
  if (sentAction !== null) url.searchParams.set("Action", sentAction);
  const payload = options.rawBody ?? JSON.stringify(body);
  const timestampMs = options.timestampMs ?? emulator.clock.now();
  const sent: Record<string, string | undefined> = {
    "content-type": "application/json",
    "x-bce-date": bceTimestamp(timestampMs),
    ...options.headers,
  };
  const signedHeaders = {
    host: url.host,
    "content-length": String(Buffer.byteLength(payload)),
    ...withoutUndefined(sent),
    ...options.signedValues,
  };
  const method = options.method ?? "POST";
  const authorization =
    options.authorization !== undefined
      ? options.authorization
      : authorizationFor(
          { method, path, query: signedQuery, headers: signedHeaders },
          {
            accessKey: options.accessKey ?? DEFAULT_QIANFAN_ACCESS_KEY,
            secretKey: options.secretKey ?? DEFAULT_QIANFAN_SECRET_KEY,
            timestampMs,
            expirationSeconds: options.expirationSeconds ?? 1800,
            signedHeaders: options.signedHeaders ?? JS_SDK_SIGNED,
          },
        );
  const headers = withoutUndefined({ ...sent, authorization: authorization ?? undefined });
  const sentBody = method === "GET" ? undefined : (options.sentBody ?? payload);
  return fetch(url, { method, headers, body: sentBody });
}

/** The `result` of a call that must succeed. */
export async function qianfanResult<T = unknown>(
  emulator: Emulator,
  action: string,
  body: unknown = {},
): Promise<T> {
  return resultOf<T>(await qianfanFetch(emulator, action, body), action);
}

/** The `result` of an answer that must be a success, its request id the header's. */
export async function resultOf<T>(res: Response, action: string): Promise<T> {
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${action} answered ${res.status}: ${text}`);
  const parsed = JSON.parse(text) as { requestId: string; result: T };
  expect(parsed.requestId).toBe(res.headers.get("x-bce-request-id"));
  return parsed.result;
}

/** The error body, checked to be in Qianfan's shape with the request id of the header. */
export async function qianfanError(res: Response): Promise<QianfanErrorBody> {
  const body = (await res.json()) as QianfanErrorBody;
  expect(body).toEqual({
    requestId: res.headers.get("x-bce-request-id"),
    code: expect.any(String),
    message: expect.any(String),
  });
  return body;
}

export const TRAINING = {
  hyperParameterConfig: { epoch: 2, learningRate: 0.00003, maxSeqLen: 4096 },
  datasetConfig: {
    sourceType: "Platform",
    versions: [{ versionId: "ds-he8srs01ym0b8fh7" }],
    splitRatio: 20,
  },
};

export async function createdJob(
  emulator: Emulator,
  body: Record<string, unknown> = {},
): Promise<string> {
  const job = { name: "my-job", model: "ERNIE-Speed-8K", trainMode: "SFT", ...body };
  return (await qianfanResult<{ jobId: string }>(emulator, "CreateFineTuningJob", job)).jobId;
}

export async function createdTask(
  emulator: Emulator,
  jobId: string,
  body: Record<string, unknown> = {},
): Promise<string> {
  const task = { jobId, ...TRAINING, ...body };
  const result = await qianfanResult<{ taskId: string }>(emulator, "CreateFineTuningTask", task);
  return result.taskId;
}

const hmacHex = (key: string, data: string) => createHmac("sha256", key).update(data).digest("hex");

function withoutUndefined(record: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
