// What the request log keeps of a request's body: a JSON body parsed, a multipart form's text
// fields, both bounded; never file contents. A body reader that remembers what the handler read.
import type { IncomingMessage } from "node:http";
import { BodyReader } from "./body";
import type { FileSink, FormFileInfo, MultipartForm, StreamedForm } from "./multipart";

/** JSON bodies (and the text fields of a form, together) larger than this are not recorded. */
export const MAX_RECORDED_BODY_BYTES = 64 * 1024;

export interface RequestRecord {
  method: string;
  /** The route key, or "METHOD /raw/path" when no route matched. */
  route: string;
  status: number;
  /** The `api-version` query value as sent; absent when none was sent (v1 allows that). */
  apiVersion?: string;
  /**
   * A JSON body, parsed, up to MAX_RECORDED_BODY_BYTES: what the handler read, or, when the
   * request was answered without reading it (a refusal, an injected fault), a body declared
   * `application/json` (or `*+json`) with a Content-Length within the bound. Absent otherwise.
   */
  body?: unknown;
  /** A multipart form's text fields (e.g. `purpose`) when the handler read the form; no files. */
  formFields?: Record<string, string>;
}

/** The parts of a record that come from the body. */
export type RecordedBody = Pick<RequestRecord, "body" | "formFields">;

export class RecordingBodyReader extends BodyReader {
  /** How the handler read the body, if it did. */
  private readAs: "bytes" | "form" | undefined;
  private fields: Record<string, string> | undefined;

  constructor(
    private readonly request: IncomingMessage,
    maxBytes: number,
  ) {
    super(request, maxBytes);
  }

  // `json()` reads through `bytes()`.
  override bytes(): Promise<Buffer> {
    this.readAs ??= "bytes";
    return super.bytes();
  }

  override async form(): Promise<MultipartForm> {
    this.readAs = "form";
    const form = await super.form();
    this.keepFields(form.textFields());
    return form;
  }

  override async streamForm(sinkFor: (file: FormFileInfo) => FileSink): Promise<StreamedForm> {
    this.readAs = "form";
    const form = await super.streamForm(sinkFor);
    this.keepFields(form.fields);
    return form;
  }

  /**
   * What to record: a body the handler read that parses as JSON, or a form's text fields. A
   * small body declared JSON that nobody read is read here, before the answer goes out, so a
   * refused or fault-injected request still shows what was sent. Never rejects.
   */
  async recorded(): Promise<RecordedBody> {
    if (this.readAs === "form") return this.kept();
    if (this.readAs === undefined && !this.isSmallJson()) return {};
    try {
      const bytes = await this.bytes();
      if (bytes.length === 0 || bytes.length > MAX_RECORDED_BODY_BYTES) return {};
      return { body: JSON.parse(bytes.toString("utf8")) as unknown };
    } catch {
      // Not JSON after all, or past the body limit: nothing to record.
      return {};
    }
  }

  /** What can be recorded without reading more (a dropped connection): a form's text fields. */
  kept(): RecordedBody {
    return this.fields ? { formFields: this.fields } : {};
  }

  private isSmallJson(): boolean {
    const type = (this.request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
    const length = Number(this.request.headers["content-length"]);
    const json = type === "application/json" || type === "text/json" || /\+json$/.test(type ?? "");
    return json && Number.isInteger(length) && length > 0 && length <= MAX_RECORDED_BODY_BYTES;
  }

  private keepFields(fields: ReadonlyMap<string, string>): void {
    let total = 0;
    for (const [name, value] of fields) total += name.length + value.length;
    if (total <= MAX_RECORDED_BODY_BYTES) this.fields = Object.fromEntries(fields);
  }
}
