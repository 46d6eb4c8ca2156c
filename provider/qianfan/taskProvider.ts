/**
 * QianfanFineTuneTask: one training run of a job. Create is safe to retry; waiting prints status and progress
 * with backoff; delete stops a running task, waits until it has stopped, then deletes it.
 */
import { createOnce } from "../core/createOnce";
import { deletingFirst, diffProps } from "../core/diff";
import { FinetuneError, NotFoundError, ResourceInitError, messageOf } from "../core/errors";
import type { ResourceImplementation } from "../core/lifecycle";
import { collect } from "../core/paging";
import { poll } from "../core/poll";
import { waitClock } from "../core/clock";
import { progress } from "../core/progress";
import { qianfanClient, QianfanClient } from "./client";
import { checkQianfanTask, QianfanTaskInputs } from "./inputs";
import { describeTask, FINISHED_TASK_STATUSES, isRecent, listTasks, TaskDetail } from "./objects";
import { qianfanSettingsFailures } from "./settingsCheck";

const LABEL = "QianfanFineTuneTask";
const STOP_TIMEOUT_MS = 15 * 60_000;
const MAX_POLL_INTERVAL_MS = 30_000;
const REPLACE_KEYS = [
  "jobId",
  "parameterScale",
  "hyperParameterConfig",
  "datasetConfig",
  "incrementTaskId",
  "incrementCheckpointStep",
] as const satisfies readonly (keyof QianfanTaskInputs)[];
const UPDATE_KEYS = [
  "waitForCompletion",
  "completionTimeoutSeconds",
  "pollIntervalSeconds",
] as const satisfies readonly (keyof QianfanTaskInputs)[];

export type QianfanTaskOutputs = QianfanTaskInputs & Omit<TaskDetail, "jobId" | "parameterScale">;

export const qianfanTaskProvider: ResourceImplementation<QianfanTaskInputs, QianfanTaskOutputs> = {
  async check(_olds, news) {
    const result = checkQianfanTask(news);
    return { ...result, failures: [...result.failures, ...qianfanSettingsFailures()] };
  },

  // A second training run must not start while the first still runs (and bills).
  diff: async (_id, olds, news) => deletingFirst(diffProps(olds, news, REPLACE_KEYS, UPDATE_KEYS)),

  async create(inputs, context) {
    const client = qianfanClient();
    const taskId = await createTaskOnce(client, inputs, context?.identity !== undefined);
    let detail = await describeTask(client, taskId);
    if (inputs.waitForCompletion && detail) detail = await waitForTask(client, detail, inputs);
    return {
      id: taskId,
      outs: taskOutputs(inputs, detail ?? { taskId, jobId: inputs.jobId, runStatus: "Waiting" }),
    };
  },

  async read(id, state) {
    const detail = await describeTask(qianfanClient(), id);
    return detail && taskOutputs(state, detail);
  },

  delete: (id) => deleteTask(qianfanClient(), id),
};

function taskBody(inputs: QianfanTaskInputs): Record<string, unknown> {
  const body: Record<string, unknown> = {
    jobId: inputs.jobId,
    hyperParameterConfig: inputs.hyperParameterConfig,
    datasetConfig: inputs.datasetConfig,
  };
  if (inputs.parameterScale) body.parameterScale = inputs.parameterScale;
  if (inputs.incrementTaskId) body.incrementTaskId = inputs.incrementTaskId;
  if (inputs.incrementCheckpointStep !== undefined)
    body.incrementCheckpointStep = inputs.incrementCheckpointStep;
  return body;
}

/**
 * `lookForInterrupted`: a task carries no field for a marker, and Qianfan does not report a task's settings, so an
 * interrupted run's task is recognised only as the job's one task (see interruptedTask).
 */
async function createTaskOnce(
  client: QianfanClient,
  inputs: QianfanTaskInputs,
  lookForInterrupted: boolean,
): Promise<string> {
  const since = Date.now();
  const existing = await collect(listTasks(client, inputs.jobId));
  const before = new Set(existing.map((t) => t.taskId));
  const { taskId } = await createOnce<{ taskId: string; runStatus?: string }>({
    findInterrupted: lookForInterrupted
      ? async () => interruptedTask(client, existing, inputs)
      : undefined,
    statusOf: (task) => task.runStatus ?? "status unknown",
    label: LABEL,
    request: "create",
    makes: "task",
    create: () =>
      client.action<{ taskId: string }>(
        "CreateFineTuningTask",
        taskBody(inputs),
        "create Qianfan fine-tuning task",
      ),
    findCreated: async () => {
      const created = (await collect(listTasks(client, inputs.jobId))).filter(
        (t) => !before.has(t.taskId) && isRecent(t.createDate, since),
      );
      if (created.length > 1) {
        // Someone else is creating tasks in this job too: adopting one could take theirs, and sending again adds more.
        throw new FinetuneError(
          `${LABEL}: the create's answer was lost, and job ${inputs.jobId} has ${created.length} new tasks since ` +
            `(${created.map((t) => t.taskId).join(", ")}); it cannot tell which is this one. Stop the ones you did not ` +
            "start in the Qianfan console, then run the command again.",
        );
      }
      return created[0];
    },
    idOf: (task) => task.taskId,
  });
  progress(`${LABEL}: created ${taskId} in ${inputs.jobId}`);
  return taskId;
}

/**
 * The task an interrupted earlier run made for this resource: the job's only task, with this resource's parameter
 * scale. One that failed or was stopped is of no use: it is deleted and a new one created. With more tasks in the
 * job nothing can be told apart, so none is taken over (see the README: one task per job is the certain case).
 */
async function interruptedTask(
  client: QianfanClient,
  tasks: readonly TaskDetail[],
  inputs: QianfanTaskInputs,
): Promise<TaskDetail | undefined> {
  const [task, ...others] = tasks;
  if (!task || others.length > 0) return undefined;
  if (
    inputs.parameterScale !== undefined &&
    task.parameterScale !== undefined &&
    task.parameterScale !== inputs.parameterScale
  )
    return undefined;
  if (task.runStatus !== "Failed" && task.runStatus !== "Stopped") return task;
  progress(
    `${LABEL}: ${task.taskId}, which an interrupted earlier run made in ${inputs.jobId}, ended ${task.runStatus}; deleting it and creating a new one`,
  );
  await deleteTask(client, task.taskId);
  return undefined;
}

function waitUntilFinished(
  client: QianfanClient,
  taskId: string,
  timeoutMs: number,
  pollIntervalSeconds: number,
  timeoutHint: string,
): Promise<TaskDetail> {
  return poll({
    what: `${LABEL} ${taskId}`,
    read: async () => {
      const detail = await describeTask(client, taskId);
      if (!detail)
        throw new FinetuneError(`${LABEL} ${taskId} disappeared while it was being waited for.`);
      return detail;
    },
    state: (detail) =>
      detail.runStatus === "Running" && detail.runProgress
        ? `Running ${detail.runProgress}`
        : detail.runStatus,
    done: (detail) => FINISHED_TASK_STATUSES.includes(detail.runStatus),
    timeoutMs,
    timeoutHint,
    firstDelayMs: pollIntervalSeconds * 1000,
    maxDelayMs: MAX_POLL_INTERVAL_MS,
  });
}

async function waitForTask(
  client: QianfanClient,
  detail: TaskDetail,
  inputs: QianfanTaskInputs,
): Promise<TaskDetail> {
  let final: TaskDetail;
  const started = waitClock().now();
  try {
    final = await waitUntilFinished(
      client,
      detail.taskId,
      inputs.completionTimeoutSeconds * 1000,
      inputs.pollIntervalSeconds,
      "The task is still running remotely and is recorded in the stack's state; run `pulumi refresh` to follow it.",
    );
  } catch (error) {
    const latest = (await describeTask(client, detail.taskId).catch(() => undefined)) ?? detail;
    const message = messageOf(error);
    throw new ResourceInitError(message, detail.taskId, taskOutputs(inputs, latest));
  }
  if (final.runStatus === "Done") {
    const seconds = Math.round((waitClock().now() - started) / 1000);
    progress(`${LABEL} ${final.taskId}: Done in ${seconds} s${describeMetrics(final.metrics)}`);
    return final;
  }
  const removed = await deleteTask(client, final.taskId).then(
    () => "The task was deleted, so nothing is left behind; fix the cause and run again.",
    (e: unknown) => `It could not be deleted (${messageOf(e)}).`,
  );
  throw new FinetuneError(`${LABEL} ${final.taskId} ended ${final.runStatus}. ${removed}`);
}

export async function deleteTask(client: QianfanClient, taskId: string): Promise<void> {
  const detail = await describeTask(client, taskId);
  if (!detail) {
    progress(`${LABEL}: ${taskId} was already gone`);
    return;
  }
  if (!FINISHED_TASK_STATUSES.includes(detail.runStatus)) {
    await client.action("StopFineTuningTask", { taskId }, "stop Qianfan fine-tuning task");
    progress(`${LABEL}: stopping ${taskId} (was ${detail.runStatus})`);
    await waitUntilFinished(
      client,
      taskId,
      STOP_TIMEOUT_MS,
      5,
      "It has not stopped yet; run `pulumi destroy` again later.",
    );
  }
  try {
    await client.action("DeleteFineTuningTask", { taskId }, "delete Qianfan fine-tuning task");
    progress(`${LABEL}: deleted ${taskId}`);
  } catch (error) {
    if (error instanceof NotFoundError) return;
    throw error;
  }
}

function taskOutputs(inputs: QianfanTaskInputs, detail: TaskDetail): QianfanTaskOutputs {
  return {
    ...inputs,
    taskId: detail.taskId,
    runStatus: detail.runStatus,
    runProgress: detail.runProgress,
    jobName: detail.jobName,
    model: detail.model,
    trainMode: detail.trainMode,
    vdlLink: detail.vdlLink,
    metrics: detail.metrics,
    createDate: detail.createDate,
    finishDate: detail.finishDate,
    checkpointList: detail.checkpointList,
  };
}

/** The task's final numeric metrics, e.g. "; metrics: loss 0.1200, accuracy 0.9100". */
export function describeMetrics(metrics: Record<string, unknown> | undefined): string {
  const numbers = Object.entries(metrics ?? {}).filter(
    (entry): entry is [string, number] => typeof entry[1] === "number" && Number.isFinite(entry[1]),
  );
  if (numbers.length === 0) return "";
  return `; metrics: ${numbers.map(([name, value]) => `${name} ${Number.isInteger(value) ? value : value.toFixed(4)}`).join(", ")}`;
}
