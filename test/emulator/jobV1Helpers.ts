import { DEFAULT_AZURE_API_KEY, type Emulator, type FineTuningJobObject } from "../../emulator";
import { readFile, uploadFile } from "./helpers";

/** The job routes of the v1 family (api-version optional there). */
export const V1_JOBS = "/openai/v1/fine_tuning/jobs";
export const DATED_JOBS = "/openai/fine_tuning/jobs";
export const RFT_MODEL = "o4-mini-2025-04-16";

/** `${url}${path}` with the default key; `apiVersion` is added when given. */
export function jobFetch(
  emulator: Emulator,
  path: string,
  init: RequestInit = {},
  apiVersion?: string,
): Promise<Response> {
  const url = new URL(path, emulator.url);
  if (apiVersion !== undefined) url.searchParams.set("api-version", apiVersion);
  const headers = new Headers(init.headers);
  headers.set("api-key", DEFAULT_AZURE_API_KEY);
  if (init.body !== undefined) headers.set("content-type", "application/json");
  return fetch(url, { ...init, headers });
}

/** POST a JSON body to a v1 path (no api-version), or a dated one with `apiVersion`. */
export const postTo = (emulator: Emulator, path: string, body: unknown, apiVersion?: string) =>
  jobFetch(emulator, path, { method: "POST", body: JSON.stringify(body) }, apiVersion);

export async function jobOf(res: Response): Promise<FineTuningJobObject> {
  if (res.status !== 200 && res.status !== 201) {
    throw new Error(`answered ${res.status}: ${await res.text()}`);
  }
  return (await res.json()) as FineTuningJobObject;
}

/** A reinforcement example: the prompt ends with the user's message; `answer` is for the grader. */
export const rftLine = (i: number) =>
  JSON.stringify({
    messages: [
      { role: "developer", content: "Answer with a number." },
      { role: "user", content: `What is ${i} + ${i}?` },
    ],
    answer: String(2 * i),
  });

export const rftJsonl = (lines: number) =>
  Array.from({ length: lines }, (_, i) => `${rftLine(i)}\n`).join("");

/** Uploads content (the emulator runs with processingMs 0) and returns the file id. */
export async function fileWith(emulator: Emulator, content: string): Promise<string> {
  return (await readFile(await uploadFile(emulator, { content }))).id;
}

export const STRING_CHECK = {
  type: "string_check",
  name: "exact",
  input: "{{sample.output_text}}",
  reference: "{{item.answer}}",
  operation: "eq",
};

/** A valid v1 RFT create body, `fields` overriding (undefined drops one). */
export function rftBody(
  training: string,
  validation: string,
  fields: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    model: RFT_MODEL,
    trainingType: "globalStandard",
    training_file: training,
    validation_file: validation,
    method: { type: "reinforcement", reinforcement: { grader: STRING_CHECK } },
    ...fields,
  };
}
