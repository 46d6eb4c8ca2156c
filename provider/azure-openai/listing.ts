/** Every item of an OpenAI-style cursor-paged list (`has_more`, `after` = the last id), up to a bound. */
import type { AzureOpenAI } from "openai";
import type { FileObject } from "openai/resources/files";
import type { FineTuningJob } from "openai/resources/fine-tuning/jobs/jobs";
import { FinetuneError } from "../core/errors";
import { AzureOpenAIClient } from "./client";

const MAX_PAGES = 200;

export async function listEvery<T extends { id: string }>(
  client: AzureOpenAIClient,
  operation: string,
  page: (openai: AzureOpenAI, after: string | undefined) => Promise<{ data: T[]; has_more?: boolean }>,
): Promise<T[]> {
  const items: T[] = [];
  let after: string | undefined;
  for (let count = 0; count < MAX_PAGES; count++) {
    const result = await client.call(operation, (openai) => page(openai, after));
    items.push(...result.data);
    const last = result.data[result.data.length - 1];
    if (!result.has_more || !last) return items;
    after = last.id;
  }
  throw new FinetuneError(`${operation}: more than ${MAX_PAGES} pages; narrow the listing.`);
}

export function listAllJobs(client: AzureOpenAIClient): Promise<FineTuningJob[]> {
  return listEvery<FineTuningJob>(client, "list fine-tuning jobs", (openai, after) =>
    openai.fineTuning.jobs.list({ limit: 100, ...(after ? { after } : {}) }),
  );
}

export function listAllFiles(client: AzureOpenAIClient): Promise<FileObject[]> {
  return listEvery<FileObject>(client, "list files", (openai, after) =>
    openai.files.list((after ? { after } : {}) as Parameters<typeof openai.files.list>[0]),
  );
}
