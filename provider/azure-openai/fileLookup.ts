/**
 * Finds the file a create made when its answer was lost (a 5xx or a dropped connection after the request went
 * out), so that trying again adopts it instead of leaving a second copy behind.
 */
import type { FileObject } from "openai/resources/files";
import { AzureOpenAIClient } from "./client";
import { listAllFiles } from "./listing";

export interface FileFingerprint {
  filename: string;
  bytes: number;
  purpose: string;
  /**
   * Unix seconds when the create started; files made before it are someone else's. Not needed when the name
   * carries the resource's marker (core/identity.ts), which no one else's file has.
   */
  since?: number;
}

/** Azure reports these beside the statuses the SDK's type lists. */
const GONE_STATUSES: readonly string[] = ["deleted", "deleting"];

/** Small on purpose: an older file with the same name and size must not be taken for the new one. */
const CLOCK_SKEW_SECONDS = 30;

export function matchesFingerprint(file: FileObject, fingerprint: FileFingerprint): boolean {
  return (
    file.filename === fingerprint.filename &&
    file.bytes === fingerprint.bytes &&
    file.purpose === fingerprint.purpose &&
    (fingerprint.since === undefined ||
      file.created_at >= fingerprint.since - CLOCK_SKEW_SECONDS) &&
    !GONE_STATUSES.includes(file.status)
  );
}

/** `isSame`, when given, confirms a candidate (e.g. by its content's hash); candidates are tried newest first. */
export async function findCreatedFile(
  client: AzureOpenAIClient,
  fingerprint: FileFingerprint,
  isSame?: (file: FileObject) => Promise<boolean>,
): Promise<FileObject | undefined> {
  const candidates = (await listAllFiles(client, fingerprint.purpose))
    .filter((file) => matchesFingerprint(file, fingerprint))
    .sort((a, b) => b.created_at - a.created_at);
  for (const candidate of candidates) {
    if (!isSame || (await isSame(candidate))) return candidate;
  }
  return undefined;
}
