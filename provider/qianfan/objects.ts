/** The Qianfan remote objects this package manages, as the console API's Describe* actions return them. */
import { NotFoundError } from "../core/errors";
import { listQianfan, QianfanClient } from "./client";
import type { QianfanJobInputs, TASK_STATUSES } from "./inputs";

export interface QianfanJobSummary {
  jobId: string;
  name: string;
  description?: string;
  model: string;
  trainMode: QianfanJobInputs["trainMode"];
  createDate?: string;
}

export interface TaskDetail {
  taskId: string;
  jobId: string;
  jobName?: string;
  model?: string;
  trainMode?: string;
  parameterScale?: string;
  runStatus: (typeof TASK_STATUSES)[number];
  runProgress?: string;
  vdlLink?: string;
  metrics?: Record<string, unknown>;
  createDate?: string;
  finishDate?: string;
  checkpointList?: unknown[];
}

/** A task in one of these states trains no more. */
export const FINISHED_TASK_STATUSES: readonly string[] = [
  "Done",
  "Stopped",
  "Failed",
] satisfies TaskDetail["runStatus"][];

export function listJobs(
  client: QianfanClient,
): AsyncGenerator<QianfanJobSummary, void, undefined> {
  return listQianfan<QianfanJobSummary, "jobList">(
    client,
    "DescribeFineTuningJobs",
    {},
    "jobList",
    "list Qianfan fine-tuning jobs",
  );
}

export function listTasks(
  client: QianfanClient,
  jobId: string,
): AsyncGenerator<TaskDetail, void, undefined> {
  return listQianfan<TaskDetail, "taskList">(
    client,
    "DescribeFineTuningTasks",
    { jobId },
    "taskList",
    "list Qianfan fine-tuning tasks",
  );
}

/** The task, or undefined when there is none with this id. */
export async function describeTask(
  client: QianfanClient,
  taskId: string,
): Promise<TaskDetail | undefined> {
  try {
    return await client.action<TaskDetail>(
      "DescribeFineTuningTask",
      { taskId },
      "read Qianfan fine-tuning task",
    );
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/** Whether an object dated `date` can have been made by a create that started at `sinceMs` (2 min of clock skew). */
export function isRecent(date: string | undefined, sinceMs: number): boolean {
  const at = date ? Date.parse(date) : NaN;
  return Number.isFinite(at) && at >= sinceMs - 120_000;
}
