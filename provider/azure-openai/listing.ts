/**
 * Azure OpenAI listings through the `openai` package's own cursor pages (`has_more`, then `after` = the last id),
 * read by core/paging's bounded pager. A list without `has_more` (older api-versions) is one page.
 */
import type { AzureOpenAI } from "openai";
import type { FileObject } from "openai/resources/files";
import type { FineTuningJob } from "openai/resources/fine-tuning/jobs/jobs";
import { collect, everyItem, Page } from "../core/paging";
import { AzureOpenAIClient } from "./client";

/** What the SDK's CursorPage offers. */
export interface SdkPage<T> {
  data: T[];
  hasNextPage(): boolean;
  getNextPage(): Promise<SdkPage<T>>;
}

export function listAzure<T>(
  client: AzureOpenAIClient,
  operation: string,
  firstPage: (openai: AzureOpenAI) => Promise<SdkPage<T>>,
): AsyncGenerator<T, void, undefined> {
  const page = (sdkPage: SdkPage<T>): Page<T> => ({
    items: sdkPage.data,
    next: sdkPage.hasNextPage()
      ? async () => page(await client.call(operation, () => sdkPage.getNextPage()))
      : undefined,
  });
  return everyItem(operation, async () => page(await client.call(operation, firstPage)));
}

/** Newest first. */
export function jobsNewestFirst(
  client: AzureOpenAIClient,
): AsyncGenerator<FineTuningJob, void, undefined> {
  return listAzure(client, "list fine-tuning jobs", (openai) =>
    openai.fineTuning.jobs.list({ limit: 100 }),
  );
}

export function listAllJobs(client: AzureOpenAIClient): Promise<FineTuningJob[]> {
  return collect(jobsNewestFirst(client));
}

export function listAllFiles(client: AzureOpenAIClient, purpose?: string): Promise<FileObject[]> {
  return collect(
    listAzure(client, "list files", (openai) =>
      openai.files.list(purpose === undefined ? {} : { purpose }),
    ),
  );
}
