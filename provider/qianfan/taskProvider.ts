/**
 * QianfanFineTuneTask: one training run of a job. Create is safe to retry; waiting prints status and progress
 * with backoff; delete stops a running task, waits until it has stopped, then deletes it.
 */
import type * as pulumi from "@pulumi/pulumi";
import { FinetuneError, NotFoundError, ResourceInitError, WaitTimeoutError } from "../core/errors";
import { ResourceImplementation } from "../core/hooks";
import { progress } from "../core/progress";
import { systemWaitClock } from "../core/wait";
import { diffProps } from "../azure-openai/diff";
import { pollDelayMs } from "../azure-openai/jobPolling";
import { listAll, qianfanClient, QianfanClient } from "./client";
import { checkQianfanTask, QianfanTaskInputs } from "./inputs";
import { isRecent } from "./jobProvider";
import { qianfanSettingsFailures } from "./settingsCheck";
import { createOnce } from "../core/createOnce";

const LABEL = "QianfanFineTuneTask";
const FINISHED = ["Done", "Stopped", "Failed"];
const STOP_TIMEOUT_MS = 15 * 60_000;
const REPLACE_KEYS = ["jobId", "parameterScale", "hyperParameterConfig", "datasetConfig", "incrementTaskId", "incrementCheckpointStep"] as const;
const UPDATE_KEYS = ["waitForCompletion", "completionTimeoutSeconds", "pollIntervalSeconds"] as const;

export interface TaskDetail {
  taskId: string;
  jobId: string;
  jobName?: string;
  model?: string;
  trainMode?: string;
  parameterScale?: string;
  runStatus: string;
  runProgress?: string;
  vdlLink?: string;
  metrics?: Record<string, unknown>;
  createDate?: string;
  finishDate?: string;
  checkpointList?: unknown[];
}

export const qianfanTaskProvider: ResourceImplementation = {
  async check(_olds, news) {
    const result = checkQianfanTask(news);
    return { ...result, failures: [...result.failures, ...qianfanSettingsFailures()] };
  },

  async diff(_id, olds, news) {
    const result = diffProps(olds, news, REPLACE_KEYS, UPDATE_KEYS);
    // A second training run must not start while the first still runs (and bills).
    return { ...result, deleteBeforeReplace: (result.replaces ?? []).length > 0 };
  },

  async create(props) {
    const inputs = props as unknown as QianfanTaskInputs;
    const client = qianfanClient();
    const taskId = await createTaskOnce(client, inputs);
    let detail = await describe(client, taskId);
    if (inputs.waitForCompletion && detail) detail = await waitForTask(client, detail, inputs);
    return { id: taskId, outs: taskOutputs(inputs, detail ?? { taskId, jobId: inputs.jobId, runStatus: "Waiting" }) as unknown as pulumi.Inputs };
  },

  async read(id, props) {
    const detail = await describe(qianfanClient(), id);
    if (!detail) return { id: "", props: {} };
    return { id, props: taskOutputs(props as unknown as QianfanTaskInputs, detail) as unknown as pulumi.Inputs };
  },

  update: async (_id, olds, news) => ({ outs: { ...olds, ...news } }),

  async delete(id) {
    await deleteTask(qianfanClient(), id);
  },
};

function taskBody(inputs: QianfanTaskInputs): Record<string, unknown> {
  const body: Record<string, unknown> = {
    jobId: inputs.jobId,
    hyperParameterConfig: inputs.hyperParameterConfig,
    datasetConfig: inputs.datasetConfig,
  };
  if (inputs.parameterScale) body.parameterScale = inputs.parameterScale;
  if (inputs.incrementTaskId) body.incrementTaskId = inputs.incrementTaskId;
  if (inputs.incrementCheckpointStep !== undefined) body.incrementCheckpointStep = inputs.incrementCheckpointStep;
  return body;
}

async function createTaskOnce(client: QianfanClient, inputs: QianfanTaskInputs): Promise<string> {
  const since = Date.now();
  const before = new Set((await listTasks(client, inputs.jobId)).map((t) => t.taskId));
  const { taskId } = await createOnce({
    label: LABEL,
    request: "create",
    makes: "task",
    create: () => client.action<{ taskId: string }>("CreateFineTuningTask", taskBody(inputs), "create Qianfan fine-tuning task"),
    findCreated: async () => {
      const created = (await listTasks(client, inputs.jobId)).filter((t) => !before.has(t.taskId) && isRecent(t.createDate, since));
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

function listTasks(client: QianfanClient, jobId: string): Promise<TaskDetail[]> {
  return listAll<TaskDetail>(client, "DescribeFineTuningTasks", { jobId }, "taskList", "list Qianfan fine-tuning tasks");
}

async function describe(client: QianfanClient, taskId: string): Promise<TaskDetail | undefined> {
  try {
    return await client.action<TaskDetail>("DescribeFineTuningTask", { taskId }, "read Qianfan fine-tuning task");
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

async function pollTask(
  client: QianfanClient,
  taskId: string,
  until: (status: string) => boolean,
  timeoutMs: number,
  pollIntervalSeconds: number,
  timeoutHint: string,
): Promise<TaskDetail> {
  const clock = systemWaitClock;
  const started = clock.now();
  let lastState = "";
  let lastStatus = "";
  let pollsSinceChange = 0;
  for (;;) {
    const detail = await describe(client, taskId);
    if (!detail) throw new FinetuneError(`${LABEL} ${taskId} disappeared while it was being waited for.`);
    const state = detail.runStatus === "Running" && detail.runProgress ? `Running ${detail.runProgress}` : detail.runStatus;
    if (state !== lastState) progress(`${LABEL} ${taskId}: ${state} (${Math.round((clock.now() - started) / 1000)} s)`);
    pollsSinceChange = detail.runStatus === lastStatus ? pollsSinceChange + 1 : 0;
    lastState = state;
    lastStatus = detail.runStatus;
    if (until(detail.runStatus)) return detail;
    const elapsed = clock.now() - started;
    if (elapsed >= timeoutMs) {
      throw new WaitTimeoutError(`${LABEL} ${taskId} is still ${state} after ${Math.round(elapsed / 1000)} s. ${timeoutHint}`);
    }
    await clock.sleep(Math.min(pollDelayMs(pollsSinceChange, pollIntervalSeconds), timeoutMs - elapsed));
  }
}

async function waitForTask(client: QianfanClient, detail: TaskDetail, inputs: QianfanTaskInputs): Promise<TaskDetail> {
  let final: TaskDetail;
  try {
    final = await pollTask(
      client,
      detail.taskId,
      (status) => FINISHED.includes(status),
      inputs.completionTimeoutSeconds * 1000,
      inputs.pollIntervalSeconds,
      "The task is still running remotely and is recorded in the stack's state; run `pulumi refresh` to follow it.",
    );
  } catch (error) {
    const latest = (await describe(client, detail.taskId).catch(() => undefined)) ?? detail;
    throw new ResourceInitError((error as Error).message, detail.taskId, taskOutputs(inputs, latest) as unknown as Record<string, unknown>);
  }
  if (final.runStatus === "Done") return final;
  const removed = await deleteTask(client, final.taskId).then(
    () => "The task was deleted, so nothing is left behind; fix the cause and run again.",
    (e: unknown) => `It could not be deleted (${(e as Error).message}).`,
  );
  throw new FinetuneError(`${LABEL} ${final.taskId} ended ${final.runStatus}. ${removed}`);
}

export async function deleteTask(client: QianfanClient, taskId: string): Promise<void> {
  const detail = await describe(client, taskId);
  if (!detail) {
    progress(`${LABEL}: ${taskId} was already gone`);
    return;
  }
  if (!FINISHED.includes(detail.runStatus)) {
    await client.action("StopFineTuningTask", { taskId }, "stop Qianfan fine-tuning task");
    progress(`${LABEL}: stopping ${taskId} (was ${detail.runStatus})`);
    await pollTask(client, taskId, (status) => FINISHED.includes(status), STOP_TIMEOUT_MS, 5, "It has not stopped yet; run `pulumi destroy` again later.");
  }
  try {
    await client.action("DeleteFineTuningTask", { taskId }, "delete Qianfan fine-tuning task");
    progress(`${LABEL}: deleted ${taskId}`);
  } catch (error) {
    if (error instanceof NotFoundError) return;
    throw error;
  }
}

function taskOutputs(inputs: QianfanTaskInputs, detail: TaskDetail) {
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
