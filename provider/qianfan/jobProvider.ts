/** QianfanFineTuneJob: a fine-tuning job (the container of tasks). Create is safe to retry; delete after its tasks. */
import type * as pulumi from "@pulumi/pulumi";
import { FinetuneError, NotFoundError } from "../core/errors";
import { ResourceImplementation } from "../core/hooks";
import { progress } from "../core/progress";
import { diffProps } from "../azure-openai/diff";
import { listAll, qianfanClient, QianfanClient } from "./client";
import { checkQianfanJob, QianfanJobInputs } from "./inputs";
import { qianfanSettingsFailures } from "./settingsCheck";
import { createOnce } from "../core/createOnce";

const LABEL = "QianfanFineTuneJob";

export interface QianfanJobSummary {
  jobId: string;
  name: string;
  description?: string;
  model: string;
  trainMode: string;
  createDate?: string;
}

export const qianfanJobProvider: ResourceImplementation = {
  async check(_olds, news) {
    const result = checkQianfanJob(news);
    return { ...result, failures: [...result.failures, ...qianfanSettingsFailures()] };
  },

  diff: async (_id, olds, news) => diffProps(olds, news, ["name", "description", "model", "trainMode"], []),

  async create(props) {
    const inputs = props as unknown as QianfanJobInputs;
    const client = qianfanClient();
    const body = { name: inputs.name, description: inputs.description, model: inputs.model, trainMode: inputs.trainMode };
    const since = Date.now();
    const { jobId } = await createOnce({
      label: LABEL,
      request: "create",
      makes: "job",
      create: () => client.action<{ jobId: string }>("CreateFineTuningJob", body, "create Qianfan fine-tuning job"),
      findCreated: async () =>
        (await listJobs(client)).find((job) => job.name === inputs.name && job.model === inputs.model && isRecent(job.createDate, since)),
      idOf: (job) => job.jobId,
    });
    progress(`${LABEL}: created ${jobId} (${inputs.model}, ${inputs.trainMode})`);
    return { id: jobId, outs: { ...inputs, jobId } as unknown as pulumi.Inputs };
  },

  async read(id, props) {
    const job = (await listJobs(qianfanClient())).find((j) => j.jobId === id);
    if (!job) return { id: "", props: {} };
    return { id, props: { ...props, name: job.name, model: job.model, trainMode: job.trainMode } };
  },

  update: async (_id, olds, news) => ({ outs: { ...olds, ...news } }),

  async delete(id) {
    try {
      await qianfanClient().action("DeleteFineTuningJob", { jobId: id }, "delete Qianfan fine-tuning job");
      progress(`${LABEL}: deleted ${id}`);
    } catch (error) {
      if (error instanceof NotFoundError) {
        progress(`${LABEL}: ${id} was already gone`);
        return;
      }
      if (error instanceof FinetuneError && /task/i.test(error.message)) {
        throw new FinetuneError(`${error.message} Delete the job's tasks first; a QianfanFineTuneTask in the same stack is deleted before its job.`);
      }
      throw error;
    }
  },
};

export function listJobs(client: QianfanClient): Promise<QianfanJobSummary[]> {
  return listAll<QianfanJobSummary>(client, "DescribeFineTuningJobs", {}, "jobList", "list Qianfan fine-tuning jobs");
}

export function isRecent(date: string | undefined, sinceMs: number): boolean {
  const at = date ? Date.parse(date) : NaN;
  return Number.isFinite(at) && at >= sinceMs - 120_000;
}
