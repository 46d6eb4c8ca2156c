// Jobs and tasks as the fine-tuning actions answer them.
import { bceDate } from "./dates";
import type { QianfanCheckpoint, QianfanRunStatus } from "./qianfanTimeline";
import type { QianfanJobView, QianfanTaskView } from "./views";

/** What DescribeFineTuningTask answers while a task has not finished (seed: the SDK's mock). */
export const UNFINISHED_DATE = "0000-00-00T00:00:00Z";

export interface QianfanJobObject {
  jobId: string;
  name: string;
  description: string;
  model: string;
  trainMode: string;
  createDate: string;
}

export interface QianfanTaskObject {
  taskId: string;
  jobId: string;
  jobName: string;
  jobDescription: string;
  model: string;
  trainMode: string;
  parameterScale: string;
  runStatus: QianfanRunStatus;
  /** Only while Running. */
  runProgress?: string;
  vdlLink: string;
  /** Only once Done. */
  metrics?: Record<string, string>;
  createDate: string;
  finishDate: string;
  checkpointList: QianfanCheckpoint[];
  /** Only once Failed; the field name is the emulator's (the service's is not documented). */
  errorMessage?: string;
}

export function toJobObject(job: QianfanJobView): QianfanJobObject {
  return {
    jobId: job.id,
    name: job.name,
    description: job.description,
    model: job.model,
    trainMode: job.trainMode,
    createDate: bceDate(job.createdAtMs),
  };
}

export function toTaskObject(task: QianfanTaskView): QianfanTaskObject {
  return {
    taskId: task.id,
    jobId: task.job.id,
    jobName: task.job.name,
    jobDescription: task.job.description,
    model: task.job.model,
    trainMode: task.job.trainMode,
    parameterScale: task.parameterScale,
    runStatus: task.runStatus,
    ...(task.runProgress === undefined ? {} : { runProgress: task.runProgress }),
    vdlLink: vdlLink(task.id),
    ...(task.metrics === undefined ? {} : { metrics: { ...task.metrics } }),
    createDate: bceDate(task.createdAtMs),
    finishDate: task.finishedAtMs === undefined ? UNFINISHED_DATE : bceDate(task.finishedAtMs),
    checkpointList: task.checkpoints.map((checkpoint) => ({ ...checkpoint })),
    ...(task.errorMessage === undefined ? {} : { errorMessage: task.errorMessage }),
  };
}

/** The console's training visualisation link, with a token in the service's form. */
function vdlLink(taskId: string): string {
  const token = Buffer.from(JSON.stringify({ runId: taskId.replace(/^task-/, "run-") }));
  const console = "https://console.bce.baidu.com/qianfan/visualdl/index";
  return `${console}?displayToken=${token.toString("base64")}`;
}
