import { HttpError } from "../errors";
import type { Reply, RequestContext } from "../routing";
import type { AzureStore } from "./azureStore";
import {
  type AzureContext,
  type AzureFamily,
  type AzureRoute,
  CREATED,
  DATED_ONLY,
} from "./families";
import { parseJobRequest } from "./jobRequest";
import { type JobHyperparameters, jobNotFound, type JobView, type TrainingType } from "./jobStore";
import type { JobCheckpoint, JobError, JobEvent, JobStatus, StepMetrics } from "./jobTimeline";
import { CHECKPOINTS_PAGE_LIMIT, page } from "./paging";

/** Job DELETE exists from this api-version on (seed: Fine Tuning - Delete). */
export const JOB_DELETE_SINCE = "2024-08-01";
/** Pause and resume exist from this dated api-version on (2025-04-01-preview), and on v1. */
export const JOB_PAUSE_SINCE = "2025-04-01";

/** The Job object on the wire. */
export interface FineTuningJobObject {
  id: string;
  object: "fine_tuning.job";
  created_at: number;
  finished_at: number | null;
  estimated_finish: number | null;
  model: string;
  fine_tuned_model: string | null;
  /** v1 requires a string: `""` there (Azure has no organizations); null on dated routes. */
  organization_id: string | null;
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
  /**
   * v1 (which requires the field): the create's pairs, or null. Dated answers carry it only when
   * the job has some (their specs have no such field).
   */
  metadata?: Record<string, string> | null;
  /** Only when the create said (normalised); the emulator's addition, in no spec's job schema. */
  trainingType?: TrainingType;
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

/**
 * Declared under their dated keys; each is also served under /openai/v1/ unless `families` says
 * otherwise (see `families.ts`). `successStatus: CREATED` answers 201 dated, 200 on v1.
 */
export const jobRoutes: readonly AzureRoute[] = [
  { key: "POST /openai/fine_tuning/jobs", handle: createJob, successStatus: CREATED },
  { key: "GET /openai/fine_tuning/jobs", handle: listJobs },
  { key: "GET /openai/fine_tuning/jobs/{id}", handle: getJob },
  { key: "DELETE /openai/fine_tuning/jobs/{id}", handle: deleteJob, families: DATED_ONLY },
  { key: "POST /openai/fine_tuning/jobs/{id}/cancel", handle: cancelJob },
  { key: "GET /openai/fine_tuning/jobs/{id}/events", handle: listEvents },
  { key: "GET /openai/fine_tuning/jobs/{id}/checkpoints", handle: listCheckpoints },
  { key: "POST /openai/fine_tuning/jobs/{id}/pause", handle: pauseJob },
  { key: "POST /openai/fine_tuning/jobs/{id}/resume", handle: resumeJob },
];

/** The job as `family`'s routes answer it (default dated). */
export function toJobObject(job: JobView, family: AzureFamily = "dated"): FineTuningJobObject {
  const { beta, ...hyperparameters } = job.hyperparameters;
  const methodHyperparameters = beta === undefined ? hyperparameters : { ...hyperparameters, beta };
  const metadata = job.metadata === null ? null : { ...job.metadata };
  return {
    id: job.id,
    object: "fine_tuning.job",
    created_at: toSeconds(job.createdAtMs),
    finished_at: nullableSeconds(job.finishedAtMs),
    estimated_finish: nullableSeconds(job.estimatedFinishMs),
    model: job.model,
    fine_tuned_model: job.fineTunedModel,
    organization_id: family === "v1" ? "" : null,
    result_files: [...job.resultFiles],
    status: job.status,
    trained_tokens: job.trainedTokens,
    training_file: job.trainingFile,
    validation_file: job.validationFile,
    hyperparameters,
    seed: job.seed,
    suffix: job.suffix,
    method: { type: job.methodType, [job.methodType]: methodSection(job, methodHyperparameters) },
    error: job.error,
    ...(family === "v1" || metadata !== null ? { metadata } : {}),
    ...(job.trainingType === null ? {} : { trainingType: job.trainingType }),
  };
}

/** `method.<type>`: its resolved hyperparameters, and a reinforcement job's grader and format. */
function methodSection(job: JobView, hyperparameters: object): Record<string, unknown> {
  const rft = job.reinforcement;
  if (!rft) return { hyperparameters };
  return {
    grader: rft.grader,
    ...(rft.responseFormat === undefined ? {} : { response_format: rft.responseFormat }),
    hyperparameters: { ...hyperparameters, ...rft.hyperparameters },
  };
}

async function createJob({ store, body, family, apiVersion }: AzureContext): Promise<Reply> {
  const request = await parseJobRequest(store, await body.json(), { family, apiVersion });
  // Azure's spec answers 201 Created here; clients accept any 2xx.
  return { status: 201, json: toJobObject(await store.jobs.create(request), family) };
}

function listJobs({ store, query, family }: AzureContext): Reply {
  const jobs = store.jobs.list().map((job) => toJobObject(job, family));
  return { status: 200, json: page(jobs, query) };
}

function getJob({ store, param, family }: AzureContext): Reply {
  return { status: 200, json: toJobObject(requireJob(store, param("id")), family) };
}

function cancelJob({ store, param, family }: AzureContext): Reply {
  return { status: 200, json: toJobObject(store.jobs.cancel(param("id")), family) };
}

function pauseJob(ctx: AzureContext): Reply {
  requirePauseRoute(ctx, "pause");
  return { status: 200, json: toJobObject(ctx.store.jobs.pause(ctx.param("id")), ctx.family) };
}

function resumeJob(ctx: AzureContext): Reply {
  requirePauseRoute(ctx, "resume");
  return { status: 200, json: toJobObject(ctx.store.jobs.resume(ctx.param("id")), ctx.family) };
}

/** Dated api-versions before 2025-04-01-preview have no pause or resume: 404, as unknown routes. */
function requirePauseRoute({ family, apiVersion, param }: AzureContext, verb: string): void {
  if (family === "v1" || hasJobPause(apiVersion)) return;
  const message =
    `No route for POST /openai/fine_tuning/jobs/${param("id")}/${verb}: api-version ` +
    `${apiVersion} has no job ${verb} (${JOB_PAUSE_SINCE}-preview and later have it, and v1).`;
  throw new HttpError(404, message);
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
      { defaultLimit: CHECKPOINTS_PAGE_LIMIT },
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

/** Compares the date part, as for DELETE: versions dated JOB_PAUSE_SINCE or later have it. */
export function hasJobPause(apiVersion: string): boolean {
  const date = /^(\d{4}-\d{2}-\d{2})/.exec(apiVersion)?.[1];
  return date !== undefined && date >= JOB_PAUSE_SINCE;
}

/** Compares the date part: previews and GA versions dated JOB_DELETE_SINCE or later have it. */
export function hasJobDelete(apiVersion: string): boolean {
  const date = /^(\d{4}-\d{2}-\d{2})/.exec(apiVersion)?.[1];
  return date !== undefined && date >= JOB_DELETE_SINCE;
}

const toSeconds = (ms: number) => Math.floor(ms / 1000);
const nullableSeconds = (ms: number | null) => (ms === null ? null : toSeconds(ms));
