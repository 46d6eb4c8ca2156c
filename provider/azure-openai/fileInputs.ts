/**
 * Inputs of the resources that put a file on Azure OpenAI (TrainingFile, Upload), and their offline validation:
 * run by `check` at preview, with no network. The local bytes are read once, streaming: validated as fine-tuning
 * JSONL when the purpose is `fine-tune`, and hashed, so a content change shows in the diff.
 */
import { promises as fs } from "node:fs";
import { basename } from "node:path";
import { parseEndpoint } from "../core/endpoint";
import { InputError } from "../core/errors";
import { isUnknown, UNKNOWN } from "../core/unknown";
import {
  checkBoolean,
  checkNumber,
  Fail,
  failureCollector,
  givenOnly,
  isKnown,
  shown,
} from "../core/validation";
import type { Checked } from "../core/lifecycle";
import { FILE_PURPOSES, FilePurpose } from "./filePurposes";
import { MAX_PART_BYTES, MAX_UPLOAD_BYTES } from "./multipartUpload";
import {
  checkTrainingFile,
  describeProblems,
  ExampleFormat,
  validateTrainingData,
} from "./trainingData";

export const DEFAULT_PROCESSING_TIMEOUT_SECONDS = 30 * 60;
/** Larger files go through the Uploads API: the files route is reported to fail silently above ~150 MB. */
export const SINGLE_REQUEST_LIMIT_BYTES = 100 * 1024 * 1024;
export const MAX_INLINE_CONTENT_BYTES = SINGLE_REQUEST_LIMIT_BYTES;
export const DEFAULT_PART_SIZE_MB = MAX_PART_BYTES / (1024 * 1024);
export const MAX_CONCURRENCY = 16;

export interface FileInputs {
  source?: string;
  content?: string;
  purpose: FilePurpose;
  filename: string;
  validateContent: boolean;
  waitForProcessing: boolean;
  processingTimeoutSeconds: number;
  adoptExistingId?: string;
  endpoint?: string;
  apiVersion?: string;
  /** Computed by check from the bytes. */
  contentSha256: string;
  /** Computed by check from the bytes. */
  contentBytes: number;
  /** The format the file is declared to hold; needed only for reinforcement fine-tuning. */
  dataFormat?: ExampleFormat;
  /** Computed by check: the format of the examples, when the file was validated. */
  contentFormat?: ExampleFormat;
  /** False: check reads `source` at every preview and keeps nothing in the check cache (default true). */
  checkCache?: boolean;
}

export const DATA_FORMATS: readonly ExampleFormat[] = [
  "chat",
  "completion",
  "preference",
  "reinforcement",
];

export interface UploadInputs extends FileInputs {
  mimeType: string;
  partSizeMb: number;
  concurrency: number;
}

export type FileResourceKind = "TrainingFile" | "Upload";

export async function checkFileInputs(
  news: Record<string, unknown>,
  kind: FileResourceKind,
): Promise<Checked> {
  const { failures, fail } = failureCollector();
  const { source, content } = news;
  const hasSource = source !== undefined && source !== null && source !== "";
  const hasContent = content !== undefined && content !== null;
  if (kind === "Upload" && hasContent)
    fail(
      "content",
      "Upload sends a local file; give `source` (a path), or use TrainingFile for inline content.",
    );
  else if (hasSource === hasContent)
    fail(
      "source",
      "give exactly one of `source` (a local file path) or `content` (the file's text).",
    );
  if (hasSource && isKnown(source) && typeof source !== "string")
    fail("source", "must be a file path string.");
  if (hasContent && isKnown(content) && typeof content !== "string")
    fail("content", "must be a string.");

  const dataFormat = news.dataFormat;
  if (isKnown(dataFormat) && !DATA_FORMATS.some((f) => f === dataFormat)) {
    fail(
      "dataFormat",
      `${shown(dataFormat)} is not a data format; use one of ${DATA_FORMATS.join(", ")}.`,
    );
  }
  const purpose = news.purpose ?? "fine-tune";
  if (isKnown(purpose) && !FILE_PURPOSES.includes(purpose as FilePurpose)) {
    fail(
      "purpose",
      `${shown(purpose)} is not a file purpose; use one of ${FILE_PURPOSES.join(", ")}.`,
    );
  }
  const filename =
    news.filename ??
    (typeof source === "string" && !isUnknown(source)
      ? basename(source)
      : hasContent
        ? "training.jsonl"
        : undefined);
  if (isKnown(filename) && (typeof filename !== "string" || !/^[^/\\]{1,255}$/.test(filename))) {
    fail("filename", "must be a plain file name (no slashes, 1–255 characters).");
  }
  const defaults = {
    validateContent: true,
    waitForProcessing: true,
    processingTimeoutSeconds: DEFAULT_PROCESSING_TIMEOUT_SECONDS,
  };
  const merged: Record<string, unknown> = { ...defaults, ...givenOnly(news), purpose, filename };
  checkBoolean(merged.validateContent, "validateContent", fail);
  checkBoolean(merged.waitForProcessing, "waitForProcessing", fail);
  checkBoolean(merged.checkCache, "checkCache", fail);
  checkNumber(
    merged.processingTimeoutSeconds,
    "processingTimeoutSeconds",
    { min: 1, max: 7 * 24 * 3600 },
    fail,
  );
  for (const key of ["adoptExistingId", "endpoint", "apiVersion"]) {
    if (isKnown(merged[key]) && (typeof merged[key] !== "string" || merged[key] === ""))
      fail(key, "must be a non-empty string.");
  }
  checkEndpointInput(merged.endpoint, fail);
  if (
    isKnown(merged.adoptExistingId) &&
    typeof merged.adoptExistingId === "string" &&
    !/^file-[A-Za-z0-9_-]+$/.test(merged.adoptExistingId)
  ) {
    fail(
      "adoptExistingId",
      `"${merged.adoptExistingId}" is not a file id; file ids look like file-abc123.`,
    );
  }
  if (kind === "Upload") {
    merged.mimeType ??= "text/jsonl";
    merged.partSizeMb ??= DEFAULT_PART_SIZE_MB;
    merged.concurrency ??= 4;
    if (
      isKnown(merged.mimeType) &&
      (typeof merged.mimeType !== "string" || !/^[\w.+-]+\/[\w.+-]+$/.test(merged.mimeType))
    ) {
      fail("mimeType", "must be a MIME type such as text/jsonl.");
    }
    checkNumber(merged.partSizeMb, "partSizeMb", { min: 1, max: DEFAULT_PART_SIZE_MB }, fail);
    checkNumber(
      merged.concurrency,
      "concurrency",
      { min: 1, max: MAX_CONCURRENCY, integer: true },
      fail,
    );
  }

  merged.contentSha256 = UNKNOWN;
  merged.contentBytes = UNKNOWN;
  const sourceText = typeof source === "string" && !isUnknown(source) ? source : undefined;
  const contentText = typeof content === "string" && !isUnknown(content) ? content : undefined;
  if (failures.length === 0 && (sourceText !== undefined || contentText !== undefined)) {
    const label = sourceText ?? "inline content";
    const field = sourceText !== undefined ? "source" : "content";
    const size =
      sourceText !== undefined ? await fileSize(sourceText) : Buffer.byteLength(contentText!);
    if (typeof size === "string") fail("source", size);
    else if (size > MAX_UPLOAD_BYTES) {
      fail(
        field,
        `${label} is ${size} bytes; the service takes at most ${MAX_UPLOAD_BYTES} bytes (9 GiB) per file.`,
      );
    } else if (contentText !== undefined && size > MAX_INLINE_CONTENT_BYTES) {
      fail(
        "content",
        `inline content is ${size} bytes; write it to a file and give its path as \`source\`.`,
      );
    } else {
      const validate = merged.purpose === "fine-tune" && merged.validateContent !== false;
      const declaredFormat = DATA_FORMATS.find((f) => f === dataFormat);
      const report =
        sourceText !== undefined
          ? await checkTrainingFile(sourceText, {
              validate,
              declaredFormat,
              cache: merged.checkCache !== false,
            })
          : await validateTrainingData([Buffer.from(contentText!)], { validate, declaredFormat });
      if (report.problems.length > 0) {
        fail(
          field,
          `${describeProblems(label, report)}\nFix the data, or set validateContent: false to send it as it is.`,
        );
      }
      merged.contentSha256 = report.sha256;
      merged.contentBytes = report.bytes;
      if (report.format) merged.contentFormat = report.format;
    }
  }
  return { inputs: merged, failures };
}

async function fileSize(path: string): Promise<number | string> {
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile()) return `"${path}" is not a regular file.`;
    await fs.access(path, fs.constants.R_OK);
    return stat.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return `cannot read "${path}" (${code}); give a path relative to the Pulumi project directory, or an absolute one.`;
  }
}

/** The per-resource endpoint is checked at preview like the stack's: a URL, https unless loopback. */
export function checkEndpointInput(endpoint: unknown, fail: Fail): void {
  if (typeof endpoint !== "string" || endpoint === "" || isUnknown(endpoint)) return;
  try {
    parseEndpoint(endpoint, "endpoint");
  } catch (error) {
    const reason = error instanceof InputError ? error.reason : String(error);
    fail("endpoint", reason);
  }
}
