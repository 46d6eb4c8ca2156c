/** QianfanFineTuneJob: a fine-tuning job (the container of tasks). Create is safe to retry; delete after its tasks. */
import { createOnce } from "../core/createOnce";
import { diffProps } from "../core/diff";
import { ConflictError, FinetuneError, NotFoundError } from "../core/errors";
import type { ResourceImplementation } from "../core/lifecycle";
import { collect, findFirst } from "../core/paging";
import { progress } from "../core/progress";
import { qianfanClient, QianfanClient } from "./client";
import { checkQianfanJob, QianfanJobInputs } from "./inputs";
import { isRecent, listJobs, listTasks, QianfanJobSummary } from "./objects";
import { deleteTask } from "./taskProvider";
import { qianfanSettingsFailures } from "./settingsCheck";

const LABEL = "QianfanFineTuneJob";
const REPLACE_KEYS = [
  "name",
  "description",
  "model",
  "trainMode",
] as const satisfies readonly (keyof QianfanJobInputs)[];

export interface QianfanJobOutputs extends QianfanJobInputs {
  jobId: string;
}

export const qianfanJobProvider: ResourceImplementation<QianfanJobInputs, QianfanJobOutputs> = {
  async check(_olds, news) {
    const result = checkQianfanJob(news);
    return { ...result, failures: [...result.failures, ...qianfanSettingsFailures()] };
  },

  diff: async (_id, olds, news) => diffProps(olds, news, REPLACE_KEYS, []),

  async create(inputs, context) {
    const client = qianfanClient();
    const body = {
      name: inputs.name,
      description: inputs.description,
      model: inputs.model,
      trainMode: inputs.trainMode,
    };
    const since = Date.now();
    const { jobId } = await createOnce({
      label: LABEL,
      request: "create",
      makes: "job",
      create: () =>
        client.action<{ jobId: string }>(
          "CreateFineTuningJob",
          body,
          "create Qianfan fine-tuning job",
        ),
      // Names are unique per account: a job with this resource's name and settings is the one an interrupted
      // earlier run made (a replacement differs from its predecessor in one of them).
      findInterrupted: context?.identity
        ? () => findFirst(listJobs(client), (job) => isThisJob(job, inputs))
        : undefined,
      findCreated: () =>
        findFirst(
          listJobs(client),
          (job) =>
            job.name === inputs.name &&
            job.model === inputs.model &&
            isRecent(job.createDate, since),
        ),
      idOf: (job) => job.jobId,
    });
    progress(`${LABEL}: created ${jobId} (${inputs.model}, ${inputs.trainMode})`);
    return { id: jobId, outs: { ...inputs, jobId } };
  },

  async read(id, state) {
    const job = await findFirst(listJobs(qianfanClient()), (j) => j.jobId === id);
    return job && { ...state, name: job.name, model: job.model, trainMode: job.trainMode };
  },

  async delete(id, _state, context) {
    const client = qianfanClient();
    try {
      await deleteJob(client, id);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // Every QianfanFineTuneTask of the stack is deleted before its job: tasks left are ones an interrupted run
      // made and never recorded, in a job this stack made. Without an identity the job may predate them.
      if (!context?.identity) throw await jobInUse(client, id, error);
      const tasks = await collect(listTasks(client, id));
      for (const task of tasks) {
        progress(
          `${LABEL}: ${task.taskId} (${task.runStatus}) in ${id} is not in the state: an interrupted run made it. ` +
            "Stopping and deleting it",
        );
        await deleteTask(client, task.taskId);
      }
      await deleteJob(client, id);
    }
  },
};

/** A job of the same name, model, mode and description. */
export function isThisJob(job: QianfanJobSummary, inputs: QianfanJobInputs): boolean {
  return (
    job.name === inputs.name &&
    job.model === inputs.model &&
    job.trainMode === inputs.trainMode &&
    (job.description ?? "") === (inputs.description ?? "")
  );
}

async function deleteJob(client: QianfanClient, id: string): Promise<void> {
  try {
    await client.action("DeleteFineTuningJob", { jobId: id }, "delete Qianfan fine-tuning job");
    progress(`${LABEL}: deleted ${id}`);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    progress(`${LABEL}: ${id} was already gone`);
  }
}

/** The job is refused deletion (409): it still has tasks. Names them, so the user knows what blocks it. */
async function jobInUse(
  client: QianfanClient,
  jobId: string,
  refusal: ConflictError,
): Promise<FinetuneError> {
  const tasks = await collect(listTasks(client, jobId)).catch(() => []);
  const named =
    tasks.length > 0
      ? ` Its tasks: ${tasks.map((t) => `${t.taskId} (${t.runStatus})`).join(", ")}.`
      : "";
  return new FinetuneError(
    `${refusal.message}${named} Delete the job's tasks first; a QianfanFineTuneTask in the same stack is deleted ` +
      "before its job.",
  );
}
