/**
 * A multipart/form-data parser over a stream: text fields are collected, file fields are handed to a sink chunk by
 * chunk as they arrive, so a 64 MiB upload part never has to sit in one buffer. Boundaries are found with native
 * `Buffer.indexOf`; only a delimiter's length of bytes is ever held back between chunks.
 */
import { HttpError } from "./errors";

export interface MultipartFile {
  filename: string;
  contentType?: string;
  data: Buffer;
}

/** A form read whole into memory (small bodies: files API, tests). */
export class MultipartForm {
  constructor(
    private readonly fields: ReadonlyMap<string, string>,
    private readonly files: ReadonlyMap<string, MultipartFile>,
  ) {}

  field(name: string): string | undefined {
    return this.fields.get(name);
  }

  file(name: string): MultipartFile | undefined {
    return this.files.get(name);
  }

  /** Every text field (not the files), e.g. for the request log. */
  textFields(): ReadonlyMap<string, string> {
    return this.fields;
  }
}

export function boundaryOf(contentType: string): string | undefined {
  const match = /;\s*boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/** Reads the whole form, file fields included, into memory. */
export async function collectMultipart(
  source: AsyncIterable<Buffer>,
  contentType: string,
): Promise<MultipartForm> {
  const chunks = new Map<string, Buffer[]>();
  const form = await parseMultipartStream(source, contentType, (file) => {
    const received: Buffer[] = [];
    chunks.set(file.name, received);
    return { write: (chunk) => void received.push(chunk) };
  });
  const files = new Map<string, MultipartFile>();
  for (const [name, file] of form.files) {
    files.set(name, {
      filename: file.filename,
      contentType: file.contentType,
      data: Buffer.concat(chunks.get(name)!),
    });
  }
  return new MultipartForm(form.fields, files);
}

export interface FormFileInfo {
  name: string;
  filename: string;
  contentType?: string;
}

export interface FileSink {
  write(chunk: Buffer): void | Promise<void>;
}

export interface StreamedForm {
  fields: ReadonlyMap<string, string>;
  /** Each file field's info and the number of bytes its sink was given. */
  files: ReadonlyMap<string, FormFileInfo & { bytes: number }>;
}

const MAX_HEADER_BYTES = 16 * 1024;
const MAX_FIELD_BYTES = 1024 * 1024;
const CRLF = Buffer.from("\r\n");

export const malformedMultipart = () =>
  new HttpError(400, "The multipart/form-data body is malformed.");

type State =
  | { kind: "preamble" }
  | { kind: "afterDelimiter" }
  | { kind: "headers" }
  | {
      kind: "content";
      name: string;
      file?: { info: FormFileInfo; sink: FileSink; bytes: number };
      text: Buffer[];
      textBytes: number;
    }
  | { kind: "done" };

export async function parseMultipartStream(
  source: AsyncIterable<Buffer>,
  contentType: string,
  sinkFor: (file: FormFileInfo) => FileSink,
): Promise<StreamedForm> {
  const boundary = boundaryOf(contentType);
  if (!/^multipart\/form-data\s*;/i.test(contentType) || !boundary) {
    throw new HttpError(400, "Expected a multipart/form-data body (with a boundary).");
  }
  const firstDelimiter = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const fields = new Map<string, string>();
  const files = new Map<string, FormFileInfo & { bytes: number }>();
  let state = { kind: "preamble" } as State;
  let pending: Buffer = Buffer.alloc(0);

  const emit = async (data: Buffer) => {
    if (state.kind !== "content" || data.length === 0) return;
    if (state.file) {
      state.file.bytes += data.length;
      await state.file.sink.write(data);
    } else {
      state.textBytes += data.length;
      if (state.textBytes > MAX_FIELD_BYTES) throw malformedMultipart();
      state.text.push(Buffer.from(data));
    }
  };
  const finishContent = () => {
    if (state.kind !== "content") return;
    if (state.file) files.set(state.name, { ...state.file.info, bytes: state.file.bytes });
    else fields.set(state.name, Buffer.concat(state.text).toString("utf8"));
  };

  /** Consumes what it can of `pending`; returns false when it needs more bytes. */
  const step = async (): Promise<boolean> => {
    switch (state.kind) {
      case "preamble": {
        const at = pending.indexOf(firstDelimiter);
        if (at === -1) {
          if (pending.length > MAX_HEADER_BYTES) throw malformedMultipart();
          return false;
        }
        pending = pending.subarray(at + firstDelimiter.length);
        state = { kind: "afterDelimiter" };
        return true;
      }
      case "afterDelimiter": {
        if (pending.length < 2) return false;
        if (pending[0] === 0x2d && pending[1] === 0x2d) {
          state = { kind: "done" };
          return false;
        }
        if (!pending.subarray(0, 2).equals(CRLF)) throw malformedMultipart();
        pending = pending.subarray(2);
        state = { kind: "headers" };
        return true;
      }
      case "headers": {
        const end = pending.indexOf("\r\n\r\n");
        if (end === -1) {
          if (pending.length > MAX_HEADER_BYTES) throw malformedMultipart();
          return false;
        }
        const headers = parseHeaders(pending.subarray(0, end).toString("utf8"));
        pending = pending.subarray(end + 4);
        const disposition = headers.get("content-disposition") ?? "";
        const name = parameter(disposition, "name");
        if (!/^form-data\b/i.test(disposition) || name === undefined) throw malformedMultipart();
        const filename = parameter(disposition, "filename");
        const info =
          filename === undefined
            ? undefined
            : { name, filename, contentType: headers.get("content-type") };
        state = {
          kind: "content",
          name,
          file: info && { info, sink: sinkFor(info), bytes: 0 },
          text: [],
          textBytes: 0,
        };
        return true;
      }
      case "content": {
        const at = pending.indexOf(delimiter);
        if (at === -1) {
          // Keep back what could be the start of a delimiter cut by the chunk's end.
          const safe = Math.max(0, pending.length - (delimiter.length - 1));
          await emit(pending.subarray(0, safe));
          pending = pending.subarray(safe);
          return false;
        }
        await emit(pending.subarray(0, at));
        finishContent();
        pending = pending.subarray(at + delimiter.length);
        state = { kind: "afterDelimiter" };
        return true;
      }
      case "done":
        return false;
    }
  };

  const join = (chunk: Buffer) =>
    (pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]));
  for await (const chunk of source) {
    if (state.kind === "done") continue;
    const carried = pending.length;
    if (state.kind === "content" && carried > 0 && chunk.length >= delimiter.length) {
      // File bytes are never joined into new buffers: only the seam between the held-back bytes and the chunk is.
      const at = Buffer.concat([pending, chunk.subarray(0, delimiter.length)]).indexOf(delimiter);
      if (at !== -1 && at < carried) {
        const through = at + delimiter.length - carried;
        join(chunk.subarray(0, through));
        while (await step());
        join(chunk.subarray(through));
      } else {
        await emit(pending);
        pending = chunk;
      }
    } else {
      join(chunk);
    }
    while (await step());
  }
  if (state.kind !== "done") throw malformedMultipart();
  return { fields, files };
}

function parseHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function parameter(header: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, "i").exec(header);
  if (!match) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : match[2];
}
