// The error every handler throws. Each vendor renders it in its own shape (`azure/errors.ts`,
// `qianfan/errors.ts`); a code absent here is picked by the vendor from the status.

export interface HttpErrorOptions {
  /** Vendor error code; when absent the vendor picks one from the status. */
  code?: string;
  /** The field or parameter at fault. */
  target?: string;
  headers?: Record<string, string>;
}

export class HttpError extends Error {
  readonly code?: string;
  readonly target?: string;
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    message: string,
    options: HttpErrorOptions = {},
  ) {
    super(message);
    this.name = "HttpError";
    this.code = options.code;
    this.target = options.target;
    this.headers = options.headers ?? {};
  }
}
