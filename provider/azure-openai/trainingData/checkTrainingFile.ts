/**
 * What `check` learns about a local training file — its SHA-256 and size, and, when it is validated, its examples'
 * count and format — through the check cache (core/checkCache): computed by reading the file once, or taken back
 * without reading it when the file has not changed since. Only clean results are kept: a report with problems quotes
 * the file's lines in its messages, so it is computed again each time, as the file will be fixed anyway.
 *
 * A large file is read once into memory shared with a worker thread, which hashes each chunk while this thread
 * validates it; a small one is hashed here, as starting a worker would take longer than hashing it.
 */
import { promises as fs } from "node:fs";
import * as os from "node:os";
import {
  cachedFileCheck,
  CacheKey,
  checkCacheDirectory,
  checkCacheEnabled,
  codeStamp,
  EntryStore,
  FileCheckCache,
} from "../../core/checkCache";
import { readFileChunks } from "../../core/fileChunks";
import { packageVersion } from "../../core/packageVersion";
import { readFileHashingOnWorker } from "../fileHasher";
import type { ExampleFormat } from "./examples";
import type { Chunks } from "./lineBlocks";
import {
  MAX_REPORTED_PROBLEMS,
  TrainingDataReport,
  validateLines,
  validateTrainingData,
  ValidationOptions,
} from "./validateFile";

export interface TrainingFileCheckOptions extends ValidationOptions {
  /** False: read the file, and keep nothing (the resource's `checkCache` input). */
  cache?: boolean;
}

/** Everything the check takes from outside, replaceable in tests. */
export interface TrainingFileCheckDeps {
  env?: Record<string, string | undefined>;
  /** The cache to use; by default the one the environment names. */
  cache?: FileCheckCache;
  /** Reads the file here, hashing it on this thread (tests count the reads). */
  read?: (file: string) => Chunks;
  packageVersion?: string;
  /** From this size on, the hash is computed on a worker thread (default HASH_ON_WORKER_FROM_BYTES). */
  hashOnWorkerFromBytes?: number;
}

/** Below this, hashing takes less time than starting a worker (some 65 ms, in which SHA-256 gets through ~64 MiB). */
export const HASH_ON_WORKER_FROM_BYTES = 64 * 1024 * 1024;

const FORMATS: readonly ExampleFormat[] = ["chat", "completion", "preference", "reinforcement"];

export async function checkTrainingFile(
  file: string,
  options: TrainingFileCheckOptions = {},
  deps: TrainingFileCheckDeps = {},
): Promise<TrainingDataReport> {
  const validation: ValidationOptions = {
    validate: options.validate,
    maxProblems: options.maxProblems,
    declaredFormat: options.declaredFormat,
  };
  const compute = async (): Promise<TrainingDataReport> => {
    if (deps.read) return validateTrainingData(deps.read(file), validation);
    const { size } = await fs.stat(file);
    if (size < (deps.hashOnWorkerFromBytes ?? HASH_ON_WORKER_FROM_BYTES))
      return validateTrainingData(readFileChunks(file), validation);
    const shared = readFileHashingOnWorker(file);
    const report = await validateLines(shared.chunks, validation);
    return { ...report, sha256: await shared.sha256 };
  };
  const version = deps.packageVersion ?? packageVersion();
  const code = codeStamp(__dirname);
  const env = deps.env ?? process.env;
  if (options.cache === false || !checkCacheEnabled(env) || !version || !code) return compute();
  const cache = deps.cache ?? defaultCache(env);
  const key: CacheKey = {
    check: "azure-openai/training-data",
    packageVersion: version,
    code,
    validate: validation.validate ?? true,
    maxProblems: validation.maxProblems ?? MAX_REPORTED_PROBLEMS,
    declaredFormat: validation.declaredFormat ?? null,
  };
  const { value } = await cachedFileCheck(
    file,
    compute,
    {
      key,
      storable: (report) => report.problems.length === 0 && !report.truncated,
      encode: ({ bytes, sha256, examples, format }) => ({ bytes, sha256, examples, format }),
      decode: storedReport,
    },
    cache,
  );
  return value;
}

function defaultCache(env: Record<string, string | undefined>): FileCheckCache {
  let home: string | undefined;
  try {
    home = os.homedir();
  } catch {
    home = undefined;
  }
  const dir = checkCacheDirectory(env, process.platform, home);
  return { store: dir === undefined ? undefined : new EntryStore(dir) };
}

/** A report read back from the cache, if it is one: clean, with a hash, a size and a count. */
export function storedReport(stored: unknown): TrainingDataReport | undefined {
  if (typeof stored !== "object" || stored === null) return undefined;
  const { bytes, sha256, examples, format } = stored as Record<string, unknown>;
  const count = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
  if (!count(bytes) || !count(examples)) return undefined;
  if (typeof sha256 !== "string" || !/^[0-9a-f]{64}$/.test(sha256)) return undefined;
  const known = FORMATS.find((f) => f === format);
  if (format !== undefined && known === undefined) return undefined;
  return { bytes, sha256, examples, format: known, problems: [], truncated: false };
}
