import type { Clock } from "../clock";
import {
  type ContentStore,
  fileContentKey,
  md5OfContent,
  partContentKey,
  uploadPartsKey,
} from "../content/contentStore";
import { HttpError } from "../errors";
import { newId } from "../ids";
import type { FileSink } from "../multipart";
import type { PersistedKind } from "../state/persistentStore";
import type { StateReader } from "../state/stateJson";
import { ArrivalOrderMd5 } from "./arrivalOrderMd5";
import { invalidPayload } from "./errors";
import type { StoredFile, WrittenFile } from "./storedFile";

export const DEFAULT_UPLOAD_EXPIRY_SECONDS = 7200;
export const DEFAULT_MAX_PART_BYTES = 64 * 1024 ** 2;
export const DEFAULT_MAX_UPLOAD_BYTES = 9 * 1024 ** 3;

export interface UploadLimits {
  /** How long after create an upload accepts parts and complete; default 7200 (Azure's example). */
  uploadExpirySeconds: number;
  /** Default 64 MiB. */
  maxPartBytes: number;
  /** Largest `bytes` an upload may declare; default 9 GiB. */
  maxUploadBytes: number;
}

export type UploadStatus = "pending" | "completed" | "cancelled" | "expired";

export interface NewUpload {
  filename: string;
  purpose: string;
  bytes: number;
  mimeType: string;
}

export interface StoredPart {
  readonly id: string;
  readonly uploadId: string;
  readonly bytes: number;
  readonly createdAtMs: number;
}

/** An upload as tests and routes see it, with its status derived from the clock. */
export interface UploadView extends Readonly<NewUpload> {
  readonly id: string;
  readonly createdAtMs: number;
  readonly expiresAtMs: number;
  readonly status: UploadStatus;
  /** Parts held for complete; 0 once completed or cancelled, which discard them. */
  readonly partCount: number;
  readonly receivedBytes: number;
  /** The file complete created. */
  readonly fileId: string | null;
}

interface UploadRecord extends NewUpload {
  id: string;
  createdAtMs: number;
  expiresAtMs: number;
  /** Expiry is not recorded; it is derived from the clock. */
  state: "pending" | "completed" | "cancelled";
  parts: Map<string, StoredPart>;
  fileId: string | null;
  /** A complete is writing the file; other changes wait for its answer. */
  completing: boolean;
  arrivalMd5: ArrivalOrderMd5;
}

export interface UploadStoreOptions {
  clock: Clock;
  content: ContentStore;
  limits?: Partial<UploadLimits>;
  addFile(file: WrittenFile): Promise<StoredFile>;
}

/** An upload as `persisted` wrote it. Its parts' arrival order is not kept: complete hashes them. */
function readUpload(json: StateReader): UploadRecord {
  const id = json.string("id");
  const parts = json.list("parts").map((part) => ({
    id: part.string("id"),
    uploadId: id,
    bytes: part.number("bytes"),
    createdAtMs: part.number("createdAtMs"),
  }));
  return {
    id,
    filename: json.string("filename"),
    purpose: json.string("purpose"),
    bytes: json.number("bytes"),
    mimeType: json.string("mimeType"),
    createdAtMs: json.number("createdAtMs"),
    expiresAtMs: json.number("expiresAtMs"),
    state: json.oneOf("state", ["pending", "completed", "cancelled"] as const),
    parts: new Map(parts.map((part) => [part.id, part])),
    fileId: json.nullableString("fileId"),
    completing: false,
    arrivalMd5: new ArrivalOrderMd5(),
  };
}

export const uploadNotFound = (id: string) =>
  new HttpError(404, `Upload '${id}' not found.`, { target: "upload-id" });

/** Multipart uploads: parts are kept as content until complete joins them into a file. */
export class UploadStore {
  readonly limits: UploadLimits;
  private readonly uploads = new Map<string, UploadRecord>();

  constructor(private readonly options: UploadStoreOptions) {
    const limits = options.limits ?? {};
    this.limits = {
      uploadExpirySeconds: limits.uploadExpirySeconds ?? DEFAULT_UPLOAD_EXPIRY_SECONDS,
      maxPartBytes: limits.maxPartBytes ?? DEFAULT_MAX_PART_BYTES,
      maxUploadBytes: limits.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    };
    for (const [name, value] of Object.entries(this.limits)) {
      if (!(Number.isSafeInteger(value) && value > 0)) {
        throw new Error(`${name} must be a positive integer.`);
      }
    }
  }

  create(upload: NewUpload): UploadView {
    const createdAtMs = this.options.clock.now();
    const record: UploadRecord = {
      ...upload,
      id: newId("upload-"),
      createdAtMs,
      expiresAtMs: createdAtMs + this.limits.uploadExpirySeconds * 1000,
      state: "pending",
      parts: new Map(),
      fileId: null,
      completing: false,
      arrivalMd5: new ArrivalOrderMd5(),
    };
    this.uploads.set(record.id, record);
    return this.view(record);
  }

  get(id: string): UploadView | undefined {
    const upload = this.uploads.get(id);
    return upload && this.view(upload);
  }

  list(): UploadView[] {
    return [...this.uploads.values()].map((upload) => this.view(upload));
  }

  /**
   * Uploads as the state file keeps them, with their parts (whose content must be on disk). A
   * complete under way is not kept: the upload reads back pending, with its parts.
   */
  readonly persisted: PersistedKind = {
    name: "uploads",
    write: () =>
      [...this.uploads.values()].map(({ parts, completing, arrivalMd5, ...upload }) => ({
        ...upload,
        parts: [...parts.values()].map(({ id, bytes, createdAtMs }) => ({
          id,
          bytes,
          createdAtMs,
        })),
      })),
    read: (json) => {
      const upload = readUpload(json);
      this.uploads.set(upload.id, upload);
      return [...upload.parts.values()].map((part) => ({
        key: partContentKey(upload.id, part.id),
        bytes: part.bytes,
      }));
    },
  };

  /**
   * Stores a part whose bytes `receive` writes as they arrive (refused as soon as they pass the part or upload
   * size), then hashes it, in the order the parts' requests arrived, while later parts still come in.
   */
  async addPart(uploadId: string, receive: (sink: FileSink) => Promise<void>): Promise<StoredPart> {
    const upload = this.require(uploadId);
    this.checkOpen(upload, "take parts");
    const arrival = upload.arrivalMd5.arrive();
    const part = { id: newId("part_"), uploadId, bytes: 0, createdAtMs: this.options.clock.now() };
    const key = partContentKey(uploadId, part.id);
    const writer = this.options.content.writer(key);
    try {
      await receive({
        write: (chunk) => {
          const offset = part.bytes;
          part.bytes += chunk.length;
          this.checkPartSize(upload, part.bytes);
          upload.arrivalMd5.received(arrival, offset, chunk);
          return writer.write(chunk);
        },
      });
      await writer.finish();
      // Parts may arrive in parallel, and a cancel or complete may have come during the write.
      this.checkPart(upload, part.bytes);
    } catch (error) {
      writer.abort();
      this.options.content.remove(key);
      upload.arrivalMd5.abandoned();
      throw error;
    }
    upload.parts.set(part.id, part);
    upload.arrivalMd5.added(arrival, part.id, () => this.options.content.scan(key));
    return part;
  }

  /** Joins the named parts, in that order, into a new file, then discards the upload's parts. */
  async complete(uploadId: string, partIds: readonly string[], md5?: string): Promise<UploadView> {
    const upload = this.require(uploadId);
    this.checkOpen(upload, "be completed");
    const parts = this.partsInOrder(upload, partIds);
    const total = parts.reduce((sum, part) => sum + part.bytes, 0);
    if (total !== upload.bytes) {
      const message = `The parts hold ${total} bytes but the upload declared ${upload.bytes}.`;
      throw invalidPayload("bytes", message);
    }
    upload.completing = true;
    try {
      upload.fileId = await this.writeFile(upload, parts, md5);
      upload.state = "completed";
      this.discardParts(upload);
    } finally {
      upload.completing = false;
    }
    return this.view(upload);
  }

  cancel(uploadId: string): UploadView {
    const upload = this.require(uploadId);
    if (upload.state === "cancelled") return this.view(upload);
    this.checkOpen(upload, "be cancelled");
    upload.state = "cancelled";
    this.discardParts(upload);
    return this.view(upload);
  }

  private async writeFile(
    upload: UploadRecord,
    parts: readonly StoredPart[],
    md5: string | undefined,
  ): Promise<string> {
    const fileId = newId("file-");
    const key = fileContentKey(fileId);
    const sources = parts.map((part) => partContentKey(upload.id, part.id));
    if (md5 !== undefined) {
      const actual =
        (await upload.arrivalMd5.md5Of(parts.map((part) => part.id))) ??
        (await md5OfContent(this.options.content, sources));
      if (md5.toLowerCase() !== actual) {
        throw invalidPayload("md5", `The md5 '${md5}' does not match the parts (${actual}).`);
      }
    }
    try {
      const bytes = await this.options.content.concat(key, sources);
      const { filename, purpose } = upload;
      await this.options.addFile({ id: fileId, filename, purpose, bytes });
      return fileId;
    } catch (error) {
      this.options.content.remove(key);
      throw error;
    }
  }

  private status(upload: UploadRecord): UploadStatus {
    if (upload.state !== "pending") return upload.state;
    return this.options.clock.now() >= upload.expiresAtMs ? "expired" : "pending";
  }

  private view(upload: UploadRecord): UploadView {
    const { parts, state, completing, ...fields } = upload;
    const receivedBytes = [...parts.values()].reduce((sum, part) => sum + part.bytes, 0);
    return { ...fields, status: this.status(upload), partCount: parts.size, receivedBytes };
  }

  private require(id: string): UploadRecord {
    const upload = this.uploads.get(id);
    if (!upload) throw uploadNotFound(id);
    return upload;
  }

  private checkOpen(upload: UploadRecord, action: string): void {
    const status = upload.completing ? "being completed" : this.status(upload);
    if (status === "pending") return;
    const message = `Upload '${upload.id}' is ${status}, so it cannot ${action}.`;
    throw new HttpError(409, message, { code: "unexpectedEntityState" });
  }

  private checkPart(upload: UploadRecord, bytes: number): void {
    this.checkOpen(upload, "take parts");
    if (bytes === 0) throw invalidPayload("data", "The data part is empty.");
    this.checkPartSize(upload, bytes);
  }

  /** While a part streams in: `bytes` so far. */
  private checkPartSize(upload: UploadRecord, bytes: number): void {
    if (bytes > this.limits.maxPartBytes) {
      const { maxPartBytes } = this.limits;
      throw invalidPayload("data", `The part has ${bytes} bytes; at most ${maxPartBytes} allowed.`);
    }
    const total = this.view(upload).receivedBytes + bytes;
    if (total > upload.bytes) {
      const message = `This part brings the upload to ${total} bytes; it declared ${upload.bytes}.`;
      throw invalidPayload("data", message);
    }
  }

  private partsInOrder(upload: UploadRecord, partIds: readonly string[]): StoredPart[] {
    const seen = new Set<string>();
    return partIds.map((partId) => {
      const part = upload.parts.get(partId);
      if (!part) {
        const owner = this.ownerOf(partId);
        const message = owner
          ? `Part '${partId}' belongs to upload '${owner}', not '${upload.id}'.`
          : `Part '${partId}' was not uploaded to upload '${upload.id}'.`;
        throw invalidPayload("part_ids", message);
      }
      if (seen.has(partId)) throw invalidPayload("part_ids", `Part '${partId}' is listed twice.`);
      seen.add(partId);
      return part;
    });
  }

  private ownerOf(partId: string): string | undefined {
    return [...this.uploads.values()].find((upload) => upload.parts.has(partId))?.id;
  }

  private discardParts(upload: UploadRecord): void {
    upload.arrivalMd5.abandoned();
    upload.parts.clear();
    this.options.content.remove(uploadPartsKey(upload.id));
  }
}
