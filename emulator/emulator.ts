import type { AddressInfo } from "node:net";
import { createApp, ROUTE_KEYS, type RequestRecord } from "./app";
import type { TrainingDataValidator } from "./azure/azureStore";
import { jobOptionsOf, type JobOptions } from "./azure/jobStore";
import { type Clock, systemClock } from "./clock";
import {
  DEFAULT_AZURE_API_KEY,
  DEFAULT_QIANFAN_ACCESS_KEY,
  DEFAULT_QIANFAN_SECRET_KEY,
  type QianfanCredential,
} from "./credentials";
import { type FaultRule, Faults } from "./faults";
import { type QianfanOptions, qianfanOptionsOf } from "./qianfan/qianfanStore";
import { Store } from "./store";

/**
 * Job options: `fineTunableModels`, `maxActiveJobs` (default 3), `jobTimings`, `failJobs`,
 * `globalOnlyModels`, `reinforcementModels`, `systemPauseAfterSteps`, `systemPauseMs`,
 * `reinforcementCostPauseAfterSteps`.
 * Qianfan options: `qianfanModels`, `qianfanTaskTimings`, `failQianfanTasks`,
 * `qianfanDatasetTimings`, `qianfanModelTimings`, `qianfanServiceTimings`, `failQianfanImports`.
 */
export interface EmulatorOptions extends JobOptions, QianfanOptions {
  /** Default "127.0.0.1": loopback only. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Accepted `api-key` values; default [DEFAULT_AZURE_API_KEY]. */
  azureApiKeys?: readonly string[];
  /** Accepted `Authorization: Bearer` tokens; default none. */
  azureBearerTokens?: readonly string[];
  /** AK/SK pairs whose bce-auth-v1 signatures are accepted; default the well-known pair. */
  qianfanCredentials?: readonly QianfanCredential[];
  clock?: Clock;
  /** How long a fine-tune file takes to process; default 2000 ms. */
  processingMs?: number;
  /**
   * Checks a fine-tune file's content, in the background after the create has answered; default
   * `findTrainingDataErrorIn`. Tests pass a slow or gated one.
   */
  validateTrainingData?: TrainingDataValidator;
  /**
   * Keep the whole state under this directory (created if missing), so an emulator started again on
   * it serves what this one held: contents as files (`files/<id>`, `parts/<upload>/<part>`), every
   * object in `state.json`, written atomically before a request that changed something is answered.
   * A non-empty directory that is not an emulator's, or whose state cannot be read back whole, is
   * refused: `startEmulator` rejects with a `DataDirError` naming the path. See the README.
   */
  dataDir?: string;
  /** How long an upload accepts parts and complete after create; default 7200 s. */
  uploadExpirySeconds?: number;
  /** Largest upload part; default 64 MiB. */
  maxPartBytes?: number;
  /** Largest `bytes` an upload may declare; default 9 GiB. */
  maxUploadBytes?: number;
  faults?: readonly FaultRule[];
  /** Extra latency per route key ("*" for all). */
  routeLatencyMs?: Readonly<Record<string, number>>;
  /** Default 600 MB. */
  maxBodyBytes?: number;
  /** How injected latency is waited; default a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Receives one line per request ("GET /openai/files/{id} 200 3ms"); never credentials. */
  log?: (line: string) => void;
}

export interface Emulator {
  /** Base URL, e.g. "http://127.0.0.1:PORT". */
  url: string;
  store: Store;
  faults: Faults;
  clock: Clock;
  /** Requests answered so far, in order. */
  requests: readonly RequestRecord[];
  /**
   * Stops listening, closes every connection, idle keep-alive ones included, and stops content
   * checks still running (their files end in `error`; with a data directory they run again on the
   * next start); with a data directory, saves the state a last time. Idempotent.
   */
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const clock = options.clock ?? systemClock;
  const store = new Store({
    clock,
    processingMs: options.processingMs,
    validateTrainingData: options.validateTrainingData,
    dataDir: options.dataDir,
    uploadExpirySeconds: options.uploadExpirySeconds,
    maxPartBytes: options.maxPartBytes,
    maxUploadBytes: options.maxUploadBytes,
    ...jobOptionsOf(options),
    ...qianfanOptionsOf(options),
  });
  const faults = new Faults({
    rules: options.faults,
    routeLatencyMs: options.routeLatencyMs,
    knownRoutes: ROUTE_KEYS,
  });
  const requests: RequestRecord[] = [];
  const server = createApp(store, {
    azureApiKeys: options.azureApiKeys ?? [DEFAULT_AZURE_API_KEY],
    azureBearerTokens: options.azureBearerTokens,
    qianfanCredentials: options.qianfanCredentials ?? [
      { accessKey: DEFAULT_QIANFAN_ACCESS_KEY, secretKey: DEFAULT_QIANFAN_SECRET_KEY },
    ],
    faults,
    maxBodyBytes: options.maxBodyBytes,
    sleep: options.sleep,
    onRequest: (record) => requests.push(record),
    log: options.log,
  });

  const host = options.host ?? "127.0.0.1";
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    // The port is taken, say: stop the checks a restored state started.
    await store.close();
    throw error;
  }
  const { address, port } = server.address() as AddressInfo;

  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      const stopped = new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
      });
      server.closeAllConnections();
      try {
        await stopped;
      } finally {
        await store.close();
      }
    })());

  return { url: baseUrl(address, port), store, faults, clock, requests, close };
}

function baseUrl(address: string, port: number): string {
  return address.includes(":") ? `http://[${address}]:${port}` : `http://${address}:${port}`;
}
