import {
  type AzureErrorBody,
  createManualClock,
  DEFAULT_AZURE_API_KEY,
  type Emulator,
  type EmulatorOptions,
  type FileObject,
  type ManualClock,
  startEmulator,
} from "../../emulator";

export const API_VERSION = "2024-10-21";
export const START_MS = Date.UTC(2025, 0, 1);

export const CHAT_LINE = JSON.stringify({
  messages: [
    { role: "user", content: "Hi" },
    { role: "assistant", content: "Hello" },
  ],
});

/**
 * Starts an emulator on a manual clock and closes it after the test. Options may be a function,
 * called before each test (a fresh `dataDir` per test).
 */
export function useEmulator(
  options: EmulatorOptions | (() => EmulatorOptions) = {},
): () => Emulator {
  let emulator: Emulator | undefined;
  beforeEach(async () => {
    const given = typeof options === "function" ? options() : options;
    emulator = await startEmulator({ clock: createManualClock(START_MS), ...given });
  });
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });
  return () => {
    if (!emulator) throw new Error("The emulator runs only inside a test.");
    return emulator;
  };
}

export function manualClock(emulator: Emulator): ManualClock {
  const { clock } = emulator;
  if (!("advance" in clock)) throw new Error("useEmulator gives every emulator a manual clock.");
  return clock as ManualClock;
}

/** `${url}${path}?api-version=...`, keeping any query already in `path`. */
export function azureUrl(emulator: Emulator, path: string): string {
  const url = new URL(path, emulator.url);
  url.searchParams.set("api-version", API_VERSION);
  return url.toString();
}

export function azureFetch(emulator: Emulator, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (!headers.has("api-key")) headers.set("api-key", DEFAULT_AZURE_API_KEY);
  return fetch(azureUrl(emulator, path), { ...init, headers });
}

export function fileForm(fields: {
  purpose?: string;
  content?: string;
  filename?: string;
}): FormData {
  const form = new FormData();
  if (fields.purpose !== undefined) form.set("purpose", fields.purpose);
  if (fields.content !== undefined) {
    form.set("file", new Blob([fields.content]), fields.filename ?? "train.jsonl");
  }
  return form;
}

export function uploadFile(
  emulator: Emulator,
  fields: { purpose?: string; content?: string; filename?: string } = {},
) {
  const form = fileForm({ purpose: "fine-tune", content: `${CHAT_LINE}\n`, ...fields });
  return azureFetch(emulator, "/openai/files", { method: "POST", body: form });
}

export const readFile = async (res: Response) => (await res.json()) as FileObject;
export const readFileList = async (res: Response) =>
  (await res.json()) as { object: "list"; data: FileObject[] };
export const readError = async (res: Response) => ((await res.json()) as AzureErrorBody).error;
export const uploadedFile = async (res: Promise<Response>): Promise<FileObject> =>
  readFile(await res);
