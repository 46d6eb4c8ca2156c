import { HttpError } from "../errors";
import type { Reply, RequestContext, Route } from "../routing";
import type { AzureStore } from "./azureStore";
import { parseJobRequest } from "./jobRequest";
import { type JobHyperparameters, jobNotFound, type JobView } from "./jobStore";
import type { JobCheckpoint, JobError, JobEvent, JobStatus, StepMetrics } from "./jobTimeline";
import { page } from "./paging";

/** Job DELETE exists from this api-version on (seed: Fine Tuning - Delete). */
export const JOB_DELETE_SINCE = "2024-08-01";

/** The Job object on the wire. */
export interface FineTuningJobObject {
  id: string;
  object: "fine_tuning.job";
  created_at: number;
  finished_at: number | null;
  estimated_finish: number | null;
  model: string;
  fine_tuned_model: string | null;
  organization_id: null;
  result_files: string[];
  status: JobStatus;
  trained_tokens: number | null;
  training_file: string;
  validation_file: string | null;
  hyperparameters: Omit<JobHyperparameters, "beta">;
  seed: number;
  suffix: string | null;
  method: { type: string } & Record<string, unknown>;
  error: JobError | null;
}

export interface FineTuningJobEventObject {
  id: string;
  object: "fine_tuning.job.event";
  created_at: number;
  level: JobEvent["level"];
  message: string;
  type: JobEvent["type"];
  data: Record<string, unknown>;
}

export interface FineTuningJobCheckpointObject {
  id: string;
  object: "fine_tuning.job.checkpoint";
  created_at: number;
  fine_tuned_model_checkpoint: string;
  step_number: number;
  metrics: StepMetrics;
  fine_tuning_job_id: string;
}

export const jobRoutes: readonly Route<AzureStore>[] = [
  { key: "POST /openai/fine_tuning/jobs", handle: createJob },
  { key: "GET /openai/fine_tuning/jobs", handle: listJobs },
  { key: "GET /openai/fine_tuning/jobs/{id}", handle: getJob },
  { key: "DELETE /openai/fine_tuning/jobs/{id}", handle: deleteJob },
  { key: "POST /openai/fine_tuning/jobs/{id}/cancel", handle: cancelJob },
  { key: "GET /openai/fine_tuning/jobs/{id}/events", handle: listEvents },
  { key: "GET /openai/fine_tuning/jobs/{id}/checkpoints", handle: listCheckpoints },
];

export function toJobObject(job: JobView): FineTuningJobObject {
  const { beta, ...hyperparameters } = job.hyperparameters;
  const methodHyperparameters = beta === undefined ? hyperparameters : { ...hyperparameters, beta };
  return {
    id: job.id,
    object: "fine_tuning.job",
    created_at: toSeconds(job.createdAtMs),
    finished_at: nullableSeconds(job.finishedAtMs),
    estimated_finish: nullableSeconds(job.estimatedFinishMs),
    model: job.model,
    fine_tuned_model: job.fineTunedModel,
    organization_id: null,
    result_files: [...job.resultFiles],
    status: job.status,
    trained_tokens: job.trainedTokens,
    training_file: job.trainingFile,
    validation_file: job.validationFile,
    hyperparameters,
    seed: job.seed,
    suffix: job.suffix,
    method: { type: job.methodType, [job.methodType]: { hyperparameters: methodHyperparameters } },
    error: job.error,
  };
}

async function createJob({ store, body }: RequestContext<AzureStore>): Promise<Reply> {
  const request = await parseJobRequest(store, await body.json());
  // Azure's spec answers 201 Created here; clients accept any 2xx.
  return { status: 201, json: toJobObject(await store.jobs.create(request)) };
}

function listJobs({ store, query }: RequestContext<AzureStore>): Reply {
  return { status: 200, json: page(store.jobs.list().map(toJobObject), query) };
}

function getJob({ store, param }: RequestContext<AzureStore>): Reply {
  return { status: 200, json: toJobObject(requireJob(store, param("id"))) };
}

function cancelJob({ store, param }: RequestContext<AzureStore>): Reply {
  return { status: 200, json: toJobObject(store.jobs.cancel(param("id"))) };
}

function deleteJob({ store, param, query }: RequestContext<AzureStore>): Reply {
  const id = param("id");
  const apiVersion = query.get("api-version") ?? "";
  if (!hasJobDelete(apiVersion)) {
    const message =
      `No route for DELETE /openai/fine_tuning/jobs/${id}: api-version ${apiVersion} has no job ` +
      `DELETE (${JOB_DELETE_SINCE}-preview and later have it).`;
    throw new HttpError(404, message);
  }
  store.jobs.delete(id);
  return { status: 204 };
}

function listEvents({ store, param, query }: RequestContext<AzureStore>): Reply {
  const events = store.jobs.events(param("id")).reverse();
  return { status: 200, json: page(events.map(toEventObject), query) };
}

function listCheckpoints({ store, param, query }: RequestContext<AzureStore>): Reply {
  const id = param("id");
  const checkpoints = store.jobs.checkpoints(id).reverse();
  return {
    status: 200,
    json: page(
      checkpoints.map((c) => toCheckpointObject(id, c)),
      query,
    ),
  };
}

function toEventObject(event: JobEvent): FineTuningJobEventObject {
  return {
    id: event.id,
    object: "fine_tuning.job.event",
    created_at: toSeconds(event.createdAtMs),
    level: event.level,
    message: event.message,
    type: event.type,
    data: event.data,
  };
}

function toCheckpointObject(
  jobId: string,
  checkpoint: JobCheckpoint,
): FineTuningJobCheckpointObject {
  return {
    id: checkpoint.id,
    object: "fine_tuning.job.checkpoint",
    created_at: toSeconds(checkpoint.createdAtMs),
    fine_tuned_model_checkpoint: checkpoint.modelCheckpoint,
    step_number: checkpoint.stepNumber,
    metrics: checkpoint.metrics,
    fine_tuning_job_id: jobId,
  };
}

function requireJob(store: AzureStore, id: string): JobView {
  const job = store.jobs.get(id);
  if (!job) throw jobNotFound(id);
  return job;
}

/** Compares the date part: previews and GA versions dated JOB_DELETE_SINCE or later have it. */
export function hasJobDelete(apiVersion: string): boolean {
  const date = /^(\d{4}-\d{2}-\d{2})/.exec(apiVersion)?.[1];
  return date !== undefined && date >= JOB_DELETE_SINCE;
}

const toSeconds = (ms: number) => Math.floor(ms / 1000);
const nullableSeconds = (ms: number | null) => (ms === null ? null : toSeconds(ms));
