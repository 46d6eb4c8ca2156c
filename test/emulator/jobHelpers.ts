import {
  DEFAULT_AZURE_API_KEY,
  type Emulator,
  type FineTuningJobCheckpointObject,
  type FineTuningJobEventObject,
  type FineTuningJobObject,
} from "../../emulator";
import { azureFetch, readFile, START_MS, uploadFile } from "./helpers";
import { postJson, trainingJsonl } from "./uploadHelpers";

export const JOBS = "/openai/fine_tuning/jobs";
export const BASE_MODEL = "gpt-4o-mini-2024-07-18";
/** The default job timings, as offsets from create. */
export const PHASES = { validating: 1000, queued: 3000, running: 5000, finish: 15000 };

export interface List<T> {
  object: "list";
  data: T[];
  has_more: boolean;
}

/** Uploads fine-tune JSONL of `lines` examples; the emulator runs with processingMs 0. */
export async function trainingFileId(emulator: Emulator, lines = 12): Promise<string> {
  const content = trainingJsonl(lines).toString();
  const file = await readFile(await uploadFile(emulator, { content }));
  return file.id;
}

export const createJob = (emulator: Emulator, body: Record<string, unknown>) =>
  postJson(emulator, JOBS, { model: BASE_MODEL, ...body });

export async function createdJob(
  emulator: Emulator,
  body: Record<string, unknown>,
): Promise<FineTuningJobObject> {
  const res = await createJob(emulator, body);
  if (res.status !== 201) throw new Error(`create job answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as FineTuningJobObject;
}

export async function getJob(emulator: Emulator, id: string): Promise<FineTuningJobObject> {
  const res = await azureFetch(emulator, `${JOBS}/${id}`);
  if (res.status !== 200) throw new Error(`get job answered ${res.status}`);
  return (await res.json()) as FineTuningJobObject;
}

export async function listOf<T>(emulator: Emulator, path: string): Promise<List<T>> {
  const res = await azureFetch(emulator, path);
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
  return (await res.json()) as List<T>;
}

export const events = (emulator: Emulator, id: string, query = "limit=100") =>
  listOf<FineTuningJobEventObject>(emulator, `${JOBS}/${id}/events?${query}`);

export const checkpoints = (emulator: Emulator, id: string, query = "") =>
  listOf<FineTuningJobCheckpointObject>(emulator, `${JOBS}/${id}/checkpoints?${query}`);

export const cancelJob = (emulator: Emulator, id: string) =>
  azureFetch(emulator, `${JOBS}/${id}/cancel`, { method: "POST" });

/** DELETE with the helpers' api-version (2024-10-21, which has it) or the one given. */
export function deleteJob(emulator: Emulator, id: string, apiVersion?: string) {
  if (!apiVersion) return azureFetch(emulator, `${JOBS}/${id}`, { method: "DELETE" });
  const url = `${emulator.url}${JOBS}/${id}?api-version=${apiVersion}`;
  return fetch(url, { method: "DELETE", headers: { "api-key": DEFAULT_AZURE_API_KEY } });
}

/** Follows `after` from page to page, `limit` at a time, and returns every item in order. */
export async function allPages<T extends { id: string }>(
  emulator: Emulator,
  path: string,
  limit: number,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  for (let after: string | undefined; ;) {
    const query = `limit=${limit}${after ? `&after=${after}` : ""}`;
    const page = await listOf<T>(emulator, `${path}?${query}`);
    items.push(...page.data);
    pages += 1;
    if (!page.has_more) return { items, pages };
    after = page.data[page.data.length - 1]?.id;
  }
}

export const atOffset = (ms: number) => START_MS + ms;
export const seconds = (ms: number) => Math.floor(ms / 1000);
