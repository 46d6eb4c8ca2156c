/**
 * FineTuneJob life cycle against fine_tuning/jobs: create (safe to retry), wait with progress, refresh, and delete
 * (cancel, wait until it stops, then DELETE).
 */
import type { FineTuningJob, JobCreateParams } from "openai/resources/fine-tuning/jobs/jobs";
import { systemWaitClock } from "../core/clock";
import { createOnce } from "../core/createOnce";
import { deletingFirst, diffProps } from "../core/diff";
import {
  ConflictError,
  FinetuneError,
  InputError,
  NotFoundError,
  ResourceInitError,
  messageOf,
} from "../core/errors";
import { markedByStack, markerNumber, markerOf, numberMarkedByStack } from "../core/identity";
import type { ResourceImplementation } from "../core/lifecycle";
import { findFirst } from "../core/paging";
import { progress } from "../core/progress";
import { resolveApiVersion } from "../core/credentials";
import { DATED_API_VERSION, supports } from "./apiVersions";
import { azureClient, AzureOpenAIClient } from "./client";
import { deleteFile } from "./fileLifecycle";
import {
  checkFineTuneJob,
  FineTuneJobInputs,
  JOB_MARKER_KEY,
  JobMethod,
  toServiceHyperparameters,
  toServiceReinforcementHyperparameters,
} from "./fineTuneJobInputs";
import type { Grader } from "./graders";
import { setPaused } from "./jobPause";
import { isPausedStatus, isTerminal, PAUSE_STATUSES, waitForJob } from "./jobPolling";
import { normalizeTrainingType, TrainingType, WIRE_TRAINING_TYPES } from "./trainingTypes";
import { jobsNewestFirst } from "./listing";
import { azureSettingsFailures } from "./settingsCheck";

const LABEL = "FineTuneJob";
const REPLACE_KEYS = [
  "model",
  "trainingFileId",
  "validationFileId",
  "suffix",
  "seed",
  "hyperparameters",
  "method",
  "endpoint",
  "trainingType",
  "metadata",
] as const satisfies readonly (keyof FineTuneJobInputs)[];
const UPDATE_KEYS = [
  "waitForCompletion",
  "completionTimeoutSeconds",
  "pollIntervalSeconds",
  "apiVersion",
  "adoptExistingId",
  "trainingFilePurpose",
  "validationFilePurpose",
  "paused",
] as const satisfies readonly (keyof FineTuneJobInputs)[];
/** How far the service's clock may be behind ours when a job it made is looked for. */
const CREATE_CLOCK_SKEW_SECONDS = 120;
/** How long a destroy waits for a cancelled job to stop before giving up. */
const CANCEL_TIMEOUT_MS = 15 * 60_000;

export interface Checkpoint {
  id: string;
  step: number;
  fineTunedModelCheckpoint: string;
  metrics: Record<string, number>;
}

export interface FineTuneJobOutputs extends FineTuneJobInputs {
  jobId: string;
  status: string;
  fineTunedModel?: string;
  trainedTokens?: number;
  resultFiles: string[];
  createdAt: number;
  finishedAt?: number;
  estimatedFinish?: number;
  error?: { code: string; message: string; param?: string };
  resolvedHyperparameters: {
    nEpochs?: number | string;
    batchSize?: number | string;
    learningRateMultiplier?: number | string;
  };
  checkpoints: Checkpoint[];
  /** The newest checkpoint's metrics (train_loss, valid_loss, …), as the service names them. */
  metrics?: Record<string, number>;
}

export const fineTuneJobProvider: ResourceImplementation<FineTuneJobInputs, FineTuneJobOutputs> = {
  async check(olds, news) {
    const ownApiVersion = typeof news.apiVersion === "string" ? news.apiVersion : undefined;
    const result = checkFineTuneJob(news, {
      apiVersion: resolveApiVersion({ apiVersion: ownApiVersion }),
      exists: olds.model !== undefined,
    });
    for (const warning of result.warnings) progress(`${LABEL} warning: ${warning}`);
    return {
      inputs: result.inputs,
      failures: [...result.failures, ...azureSettingsFailures(news)],
    };
  },

  // A job cannot change; its replacement must start only after the old one is cancelled and deleted, or two jobs
  // would train (and bill) at once.
  diff: async (_id, olds, news) => deletingFirst(diffProps(olds, news, REPLACE_KEYS, UPDATE_KEYS)),

  async create(inputs, context) {
    const client = azureClient(inputs);
    let job = inputs.adoptExistingId
      ? await adoptJob(client, inputs.adoptExistingId)
      : await createJobOnce(
          client,
          inputs,
          jobMarking(inputs, context?.identity, client.settings.apiVersion),
        );
    if (inputs.paused) {
      progress(
        `${LABEL} ${job.id}: paused: true takes effect once the job has trained a step; run \`pulumi up\` again then`,
      );
    }
    if (inputs.waitForCompletion) job = await waitForTraining(client, job, inputs);
    return { id: job.id, outs: await jobOutputs(client, inputs, job) };
  },

  // Only `paused` reaches the service; every other update key shapes what this package does.
  async update(id, olds, news) {
    // Without a change of `paused` nothing is sent: the new settings are recorded over the old state.
    if (olds.paused === news.paused) return { ...olds, ...news };
    const client = azureClient(news);
    return jobOutputs(client, news, await setPaused(client, id, news));
  },

  async read(id, state) {
    const client = azureClient(state);
    const job = await retrieveJob(client, id);
    return job && jobOutputs(client, state, job);
  },

  delete: (id, state) => deleteJob(azureClient(state), id, state),
};

type Settings = { hyperparameters?: Record<string, number | string> };

/**
 * The create request as Azure's v1 spec has it: the SDK's fields, a reinforcement method with Azure's
 * `response_format`, and `trainingType`, which only the docs show (see trainingTypes.ts).
 */
export type JobCreateBody = Omit<JobCreateParams, "method"> & {
  trainingType?: string;
  method?:
    | { type: "supervised"; supervised: Settings }
    | { type: "dpo"; dpo: Settings }
    | {
        type: "reinforcement";
        reinforcement: Settings & { grader: Grader; response_format?: Record<string, unknown> };
      };
};

/**
 * Where a job carries its marker (core/identity.ts): in `metadata` where the api-version has it; elsewhere, when no
 * seed is given, in the seed (the stack's share in its high bits). A job with a given seed on a dated api-version
 * has no place for one: an interrupted create of it cannot be found with certainty, so none is looked for.
 */
export type JobMarking = { marker: string; in: "metadata" | "seed" };

export const SEED_STACK_BITS = 16;
export const SEED_MARKER_BITS = 15;

export function jobMarking(
  inputs: FineTuneJobInputs,
  identity: string | undefined,
  apiVersion: string,
): JobMarking | undefined {
  if (identity === undefined) return undefined;
  const marker = markerOf(identity, inputs, REPLACE_KEYS);
  if (supports("metadata", apiVersion)) return { marker, in: "metadata" };
  return inputs.seed === undefined ? { marker, in: "seed" } : undefined;
}

export function markedSeed(marking: JobMarking): number {
  return markerNumber(marking.marker, SEED_STACK_BITS, SEED_MARKER_BITS);
}

/** Whether the job carries the marking, and is made from the same files and model. */
export function carriesMarking(
  job: FineTuningJob,
  inputs: FineTuneJobInputs,
  marking: JobMarking,
): boolean {
  // The files first: a create's look-up asks this of every recent job, and the marked seed is a hash.
  return (
    job.training_file === inputs.trainingFileId &&
    job.model === inputs.model &&
    (job.validation_file ?? undefined) === (inputs.validationFileId ?? undefined) &&
    (marking.in === "metadata"
      ? job.metadata?.[JOB_MARKER_KEY] === marking.marker
      : job.seed === markedSeed(marking))
  );
}

/** Whether the job was made by a resource of the stack `identity` belongs to (whichever resource that was). */
export function carriesStackMarker(job: FineTuningJob, identity: string): boolean {
  const marker = job.metadata?.[JOB_MARKER_KEY];
  if (marker !== undefined) return markedByStack(marker, identity);
  return (
    typeof job.seed === "number" &&
    numberMarkedByStack(job.seed, identity, SEED_STACK_BITS, SEED_MARKER_BITS)
  );
}

/** The metadata the user gave, as the service reports it: without the marker's pair. */
export function userMetadata(
  metadata: Record<string, string> | null | undefined,
): Record<string, string> | undefined {
  if (!metadata) return undefined;
  const pairs = Object.entries(metadata).filter(([key]) => key !== JOB_MARKER_KEY);
  return pairs.length > 0 || !(JOB_MARKER_KEY in metadata) ? Object.fromEntries(pairs) : undefined;
}

/** `apiVersion` decides where a supervised method goes: `method` where the version has it, else the top level. */
export function createJobBody(
  inputs: FineTuneJobInputs,
  apiVersion = DATED_API_VERSION,
  marking?: JobMarking,
): JobCreateBody {
  const body: JobCreateBody = { model: inputs.model, training_file: inputs.trainingFileId };
  if (inputs.trainingType) body.trainingType = WIRE_TRAINING_TYPES[inputs.trainingType];
  if (inputs.metadata) body.metadata = inputs.metadata;
  if (marking?.in === "metadata")
    body.metadata = { ...inputs.metadata, [JOB_MARKER_KEY]: marking.marker };
  if (inputs.validationFileId) body.validation_file = inputs.validationFileId;
  if (inputs.suffix) body.suffix = inputs.suffix;
  if (inputs.seed !== undefined) body.seed = inputs.seed;
  else if (marking?.in === "seed") body.seed = markedSeed(marking);
  if (inputs.hyperparameters)
    body.hyperparameters = toServiceHyperparameters(inputs.hyperparameters);
  if (inputs.method?.type === "supervised" && !supports("method", apiVersion)) {
    const hyperparameters = toServiceHyperparameters(inputs.method.hyperparameters);
    if (hyperparameters) body.hyperparameters = hyperparameters;
  } else if (inputs.method) body.method = methodBody(inputs.method);
  return body;
}

function methodBody(method: JobMethod): JobCreateBody["method"] {
  if (method.type === "reinforcement") {
    const { grader, responseFormat, hyperparameters } = method.reinforcement;
    const settings = toServiceReinforcementHyperparameters(hyperparameters);
    return {
      type: "reinforcement",
      reinforcement: {
        grader,
        ...(responseFormat ? { response_format: responseFormat } : {}),
        ...(settings ? { hyperparameters: settings } : {}),
      },
    };
  }
  const hyperparameters = toServiceHyperparameters(method.hyperparameters);
  const settings = hyperparameters ? { hyperparameters } : {};
  return method.type === "dpo"
    ? { type: "dpo", dpo: settings }
    : { type: "supervised", supervised: settings };
}

/** The job a lost create answer may have made: same model, files, suffix and seed, created since the attempt. */
export function matchesCreatedJob(
  job: FineTuningJob,
  inputs: FineTuneJobInputs,
  sinceSeconds: number,
): boolean {
  return (
    job.model === inputs.model &&
    job.training_file === inputs.trainingFileId &&
    (job.validation_file ?? undefined) === (inputs.validationFileId ?? undefined) &&
    (inputs.suffix === undefined ||
      suffixOf(job) === inputs.suffix ||
      (job.fine_tuned_model ?? "").includes(inputs.suffix)) &&
    (inputs.seed === undefined || job.seed === inputs.seed) &&
    job.created_at >= sinceSeconds - CREATE_CLOCK_SKEW_SECONDS
  );
}

/** Azure's job object has the suffix it was made with; the SDK's type does not list it. */
function suffixOf(job: FineTuningJob): string | undefined {
  return "suffix" in job && typeof job.suffix === "string" ? job.suffix : undefined;
}

async function createJobOnce(
  client: AzureOpenAIClient,
  inputs: FineTuneJobInputs,
  marking: JobMarking | undefined,
): Promise<FineTuningJob> {
  const since = Math.floor(systemWaitClock.now() / 1000);
  try {
    const job = await createOnce({
      label: LABEL,
      request: "create",
      makes: "job",
      create: () =>
        client.call("create fine-tuning job", (openai) =>
          openai.post<FineTuningJob>("/fine_tuning/jobs", {
            body: createJobBody(inputs, client.settings.apiVersion, marking),
          }),
        ),
      findInterrupted: marking && (() => findInterruptedJob(client, inputs, marking)),
      // Without a marker: the same model, files, suffix and seed, made since the attempt.
      findCreated: () =>
        newestJobSince(
          client,
          (job) =>
            marking ? carriesMarking(job, inputs, marking) : matchesCreatedJob(job, inputs, since),
          since - CREATE_CLOCK_SKEW_SECONDS,
        ),
      idOf: (job) => job.id,
      statusOf: (job) => job.status,
    });
    progress(
      `${LABEL}: created ${job.id} (${job.status}) from ${inputs.trainingFileId} on ${inputs.model}`,
    );
    return job;
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof InputError)
      throw explainCreateError(error, inputs);
    throw error;
  }
}

/**
 * The newest job that `matches`, among those made since `sinceSeconds` (jobs are listed newest first, so the reading
 * stops at the first older one).
 */
async function newestJobSince(
  client: AzureOpenAIClient,
  matches: (job: FineTuningJob) => boolean,
  sinceSeconds: number,
): Promise<FineTuningJob | undefined> {
  const candidate = await findFirst(
    jobsNewestFirst(client),
    (job) => matches(job) || job.created_at < sinceSeconds,
  );
  return candidate && matches(candidate) ? candidate : undefined;
}

/**
 * The job an interrupted earlier run made for this resource: it cannot be older than its training file. One that
 * failed or was cancelled is of no use: it is deleted (it is this resource's, and holds nothing) and a new one made.
 */
async function findInterruptedJob(
  client: AzureOpenAIClient,
  inputs: FineTuneJobInputs,
  marking: JobMarking,
): Promise<FineTuningJob | undefined> {
  const trainingFile = await client
    .call("read training file", (openai) => openai.files.retrieve(inputs.trainingFileId))
    .catch((error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    });
  if (!trainingFile) return undefined;
  const job = await newestJobSince(
    client,
    (candidate) => carriesMarking(candidate, inputs, marking),
    trainingFile.created_at - CREATE_CLOCK_SKEW_SECONDS,
  );
  if (!job || !["failed", "cancelled"].includes(job.status)) return job;
  progress(
    `${LABEL}: ${job.id}, which an interrupted earlier run made for this resource, ended ${job.status}; deleting it and creating a new one`,
  );
  await deleteJob(client, job.id, inputs);
  return undefined;
}

function explainCreateError(error: unknown, inputs: FineTuneJobInputs): unknown {
  if (error instanceof NotFoundError) {
    return new FinetuneError(
      `${error.message} Check that trainingFileId ${inputs.trainingFileId}` +
        `${inputs.validationFileId ? ` and validationFileId ${inputs.validationFileId}` : ""} exist at this endpoint, ` +
        `and that model ${inputs.model} can be fine-tuned in this region.`,
    );
  }
  return error;
}

async function adoptJob(client: AzureOpenAIClient, id: string): Promise<FineTuningJob> {
  const job = await retrieveJob(client, id);
  if (!job)
    throw new InputError(
      "adoptExistingId",
      `no fine-tuning job ${id} exists at this endpoint; remove adoptExistingId to create one.`,
    );
  progress(
    `${LABEL}: adopted existing job ${id} (${job.status}); the stack now owns it and deletes it when the resource is removed`,
  );
  return job;
}

async function waitForTraining(
  client: AzureOpenAIClient,
  created: FineTuningJob,
  inputs: FineTuneJobInputs,
): Promise<FineTuningJob> {
  let job: FineTuningJob;
  try {
    job = await waitForJob({
      client,
      jobId: created.id,
      label: LABEL,
      timeoutMs: inputs.completionTimeoutSeconds * 1000,
      pollIntervalSeconds: inputs.pollIntervalSeconds,
      timeoutHint:
        "The job is still running remotely and is recorded in the stack's state; run `pulumi refresh` to follow it, " +
        "or raise completionTimeoutSeconds.",
    });
  } catch (error) {
    const latest = (await retrieveJob(client, created.id).catch(() => undefined)) ?? created;
    const message = messageOf(error);
    throw new ResourceInitError(message, created.id, await jobOutputs(client, inputs, latest));
  }
  if (job.status === "succeeded") {
    progress(
      `${LABEL} ${job.id}: succeeded; fine-tuned model ${job.fine_tuned_model ?? "(none reported)"}`,
    );
    return job;
  }
  const reason = job.error?.message
    ? `${job.error.code ? `${job.error.code}: ` : ""}${job.error.message}`
    : "no reason given";
  const removed = await deleteJob(client, job.id, inputs).then(
    () => "The job was deleted, so nothing is left behind; fix the cause and run again.",
    (e: unknown) => `It could not be deleted (${messageOf(e)}).`,
  );
  throw new FinetuneError(`${LABEL} ${job.id} ended ${job.status}: ${reason}. ${removed}`);
}

export async function retrieveJob(
  client: AzureOpenAIClient,
  id: string,
): Promise<FineTuningJob | undefined> {
  try {
    return await client.call("read fine-tuning job", (openai) =>
      openai.fineTuning.jobs.retrieve(id),
    );
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

export async function deleteJob(
  client: AzureOpenAIClient,
  id: string,
  options: { pollIntervalSeconds?: number },
  label = LABEL,
): Promise<void> {
  let job = await retrieveJob(client, id);
  if (!job) {
    progress(`${label}: ${id} was already gone`);
    return;
  }
  if (!isTerminal(job.status)) {
    try {
      await client.call("cancel fine-tuning job", (openai) => openai.fineTuning.jobs.cancel(id));
      progress(`${label}: cancelling ${id} (was ${job.status})`);
    } catch (error) {
      if (error instanceof NotFoundError) return;
      if (!(error instanceof ConflictError)) throw error;
    }
    job = await waitForJob({
      client,
      jobId: id,
      label,
      timeoutMs: CANCEL_TIMEOUT_MS,
      pollIntervalSeconds: Math.min(options.pollIntervalSeconds ?? 5, 5),
      timeoutHint: "The service has not stopped it yet; run `pulumi destroy` again later.",
    });
  }
  // The job's result files (training metrics) were made for it alone. They go first: once the job is gone nothing
  // names them, so a destroy interrupted between the two could never find them again.
  for (const fileId of job.result_files ?? [])
    await deleteFile(client, fileId, `${label} ${id} result file`);
  try {
    await client.call(
      "delete fine-tuning job",
      (openai) => openai.delete(`/fine_tuning/jobs/${encodeURIComponent(id)}`),
      "jobDelete",
    );
    progress(`${label}: deleted ${id} (${job.status})`);
  } catch (error) {
    if (!(error instanceof NotFoundError) && !isUnsupportedRoute(error)) throw error;
    if (!(await retrieveJob(client, id))) {
      progress(`${label}: ${id} was already gone`);
      return;
    }
    progress(
      `${label} warning: ${id} is ${job.status} but was not deleted: api-version ${client.settings.apiVersion} has no ` +
        "DELETE for fine-tuning jobs (2024-08-01-preview and later have it). It stays in the resource's job history; " +
        "it no longer trains or bills.",
    );
  }
}

function isUnsupportedRoute(error: unknown): boolean {
  return (error as { status?: number }).status === 405;
}

async function jobOutputs(
  client: AzureOpenAIClient,
  inputs: FineTuneJobInputs,
  job: FineTuningJob,
): Promise<FineTuneJobOutputs> {
  const checkpoints = ["running", "succeeded", ...PAUSE_STATUSES].includes(job.status)
    ? await latestCheckpoints(client, job.id)
    : [];
  const h = job.hyperparameters ?? {};
  return {
    ...inputs,
    jobId: job.id,
    status: job.status,
    fineTunedModel: job.fine_tuned_model ?? undefined,
    trainedTokens: job.trained_tokens ?? undefined,
    resultFiles: job.result_files ?? [],
    createdAt: job.created_at,
    finishedAt: job.finished_at ?? undefined,
    estimatedFinish: job.estimated_finish ?? undefined,
    error: job.error?.message
      ? {
          code: job.error.code ?? "",
          message: job.error.message,
          param: job.error.param ?? undefined,
        }
      : undefined,
    resolvedHyperparameters: {
      nEpochs: h.n_epochs ?? undefined,
      batchSize: h.batch_size ?? undefined,
      learningRateMultiplier: h.learning_rate_multiplier ?? undefined,
    },
    checkpoints,
    metrics: checkpoints.reduce<Checkpoint | undefined>(
      (newest, c) => (newest === undefined || c.step > newest.step ? c : newest),
      undefined,
    )?.metrics,
    trainingType: trainingTypeOf(job) ?? inputs.trainingType,
    metadata: userMetadata(job.metadata) ?? inputs.metadata,
    paused: isPausedStatus(job.status),
  };
}

/** The training type the service reports (Azure's job object has it; the SDK's type does not list it). */
function trainingTypeOf(job: FineTuningJob): TrainingType | undefined {
  return "trainingType" in job && typeof job.trainingType === "string"
    ? normalizeTrainingType(job.trainingType)
    : undefined;
}

async function latestCheckpoints(client: AzureOpenAIClient, jobId: string): Promise<Checkpoint[]> {
  try {
    const page = await client.call("list checkpoints", (openai) =>
      openai.fineTuning.jobs.checkpoints.list(jobId, { limit: 3 }),
    );
    return page.data.map((c) => ({
      id: c.id,
      step: c.step_number,
      fineTunedModelCheckpoint: c.fine_tuned_model_checkpoint,
      metrics: Object.fromEntries(
        Object.entries(c.metrics ?? {}).filter(([, v]) => typeof v === "number"),
      ),
    }));
  } catch (error) {
    if (error instanceof NotFoundError) return [];
    throw error;
  }
}
