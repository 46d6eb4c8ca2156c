/** TrainingFile inputs as the provider receives them, and their offline validation (preview time, no network). */
import { createHash } from "node:crypto";
import { createReadStream, promises as fs } from "node:fs";
import type * as pulumi from "@pulumi/pulumi";
import { isUnknown, UNKNOWN } from "../core/unknown";

export const FILE_PURPOSES = [
  "fine-tune",
  "fine-tune-results",
  "assistants",
  "assistants_output",
  "batch",
  "batch_output",
  "vision",
  "user_data",
  "evals",
] as const;
export type FilePurpose = (typeof FILE_PURPOSES)[number];

export const DEFAULT_PROCESSING_TIMEOUT_SECONDS = 30 * 60;

export interface TrainingFileInputs {
  source?: string;
  content?: string;
  purpose: FilePurpose;
  filename?: string;
  waitForProcessing: boolean;
  processingTimeoutSeconds: number;
  endpoint?: string;
  apiVersion?: string;
  /** Computed by check from the bytes, so a content change shows at preview. */
  contentSha256: string;
}

type Failure = pulumi.dynamic.CheckFailure;

export async function checkTrainingFile(news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
  const failures: Failure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason: `${property}: ${reason}` });
  const { source, content } = news;
  const hasSource = source !== undefined && source !== null && source !== "";
  const hasContent = content !== undefined && content !== null;
  if (hasSource === hasContent) {
    fail("source", "give exactly one of `source` (a local file path) or `content` (the file's text).");
  }
  if (hasSource && !isUnknown(source) && typeof source !== "string") fail("source", "must be a file path string.");
  if (hasContent && !isUnknown(content) && typeof content !== "string") fail("content", "must be a string.");
  const purpose = news.purpose ?? "fine-tune";
  if (!isUnknown(purpose) && !FILE_PURPOSES.includes(purpose as FilePurpose)) {
    fail("purpose", `"${String(purpose)}" is not a file purpose; use one of ${FILE_PURPOSES.join(", ")}.`);
  }
  const filename = news.filename;
  if (filename !== undefined && !isUnknown(filename) && (typeof filename !== "string" || !/^[^/\\]{1,255}$/.test(filename))) {
    fail("filename", "must be a plain file name (no slashes, 1–255 characters).");
  }
  const wait = news.waitForProcessing ?? true;
  if (!isUnknown(wait) && typeof wait !== "boolean") fail("waitForProcessing", "must be true or false.");
  const timeout = news.processingTimeoutSeconds ?? DEFAULT_PROCESSING_TIMEOUT_SECONDS;
  if (!isUnknown(timeout) && (typeof timeout !== "number" || !Number.isFinite(timeout) || timeout <= 0)) {
    fail("processingTimeoutSeconds", "must be a positive number of seconds.");
  }
  let contentSha256: string = UNKNOWN;
  if (failures.length === 0) {
    if (hasContent && typeof content === "string") contentSha256 = sha256(content);
    if (hasSource && typeof source === "string") {
      const digest = await hashLocalFile(source);
      if (typeof digest === "string") contentSha256 = digest;
      else fail("source", digest.error);
    }
  }
  const inputs = {
    ...news,
    purpose,
    waitForProcessing: wait,
    processingTimeoutSeconds: timeout,
    contentSha256,
  };
  return { inputs, failures };
}

export function sha256(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

async function hashLocalFile(path: string): Promise<string | { error: string }> {
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile()) return { error: `"${path}" is not a regular file.` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { error: `cannot read "${path}" (${code ?? String(error)}); give a path relative to the Pulumi project or an absolute one.` };
  }
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
