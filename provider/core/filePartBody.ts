/**
 * An upload part's request body: the multipart envelope around a byte range of a file on disk. It is a real Blob
 * (envelope + a lazily read slice of the file), so any fetch can send it and the transport can send it again on a
 * retry; this package's own fetch recognises it and streams the range from disk through one small reused buffer
 * at a time instead, because on memory that is fresh to the process every new 64 MiB costs more than sending it.
 */
import { FinetuneError, messageOf } from "./errors";

/** A multipart/form-data body's bytes before and after the file's. */
export interface MultipartEnvelope {
  head: Buffer;
  tail: Buffer;
  contentType: string;
}

export interface FileRange {
  path: string;
  /** First byte. */
  start: number;
  /** One past the last byte. */
  end: number;
}

export class FilePartBody extends Blob {
  constructor(
    readonly envelope: MultipartEnvelope,
    readonly range: FileRange,
    wholeFile: Blob,
  ) {
    super([envelope.head, wholeFile.slice(range.start, range.end), envelope.tail]);
  }
}

export function fileGotShorter(path: string): FinetuneError {
  return new FinetuneError(
    `${path} got shorter while it was being uploaded; do not change it during pulumi up.`,
  );
}

/** A part's file could not be read: the error names the file, and, being this package's own, is not retried. */
export function fileReadFailure(path: string, error: unknown): FinetuneError {
  if (error instanceof FinetuneError) return error;
  const reason = (error as { code?: string }).code ?? messageOf(error);
  return new FinetuneError(
    `Could not read ${path} to upload it (${reason}); do not move or change it during pulumi up.`,
    {
      cause: error,
    },
  );
}
