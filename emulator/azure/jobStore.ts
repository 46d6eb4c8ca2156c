import type { Clock } from "../clock";
import { type ContentStore, fileContentKey } from "../content/contentStore";
import { HttpError } from "../errors";
import { newId } from "../ids";
import type { PersistedKind } from "../state/persistentStore";
import type { StateReader } from "../state/stateJson";
import {
  type AutoPause,
  checkpointsAt,
  DEFAULT_JOB_TIMINGS,
  eventsAt,
  finishForeseenAt,
  isTerminalJobStatus,
  type JobCheckpoint,
  type JobError,
  type JobEvent,
  type JobPlan,
  type JobStatus,
  type JobTimings,
  phaseEnds,
  resultsCsv,
  statusAt,
  stepsAt,
  totalSteps,
} from "./jobTimeline";
import type { StoredFile, WrittenFile } from "./storedFile";

export const DEFAULT_FINE_TUNABLE_MODELS: readonly string[] = [
  "gpt-35-turbo-0613",
  "gpt-35-turbo-1106",
  "gpt-35-turbo-0125",
  "gpt-4o-mini-2024-07-18",
  "gpt-4o-2024-08-06",
  "gpt-4.1-2025-04-14",
  "gpt-4.1-mini-2025-04-14",
  "gpt-4.1-nano-2025-04-14",
  "o4-mini-2025-04-16",
  "babbage-002",
  "davinci-002",
];
/** Base models offered only with global (or developer) training: `standard` is refused. */
export const DEFAULT_GLOBAL_ONLY_MODELS: readonly string[] = [
  "gpt-4.1-nano-2025-04-14",
  "o4-mini-2025-04-16",
];
/** Base models that take reinforcement fine-tuning (the reference: o4-mini only). */
export const DEFAULT_REINFORCEMENT_MODELS: readonly string[] = ["o4-mini-2025-04-16"];
export const DEFAULT_MAX_ACTIVE_JOBS = 3;
/** How long a system pause lasts before the job resumes by itself. */
export const DEFAULT_SYSTEM_PAUSE_MS = 5000;

export type JobMethodType = "supervised" | "dpo" | "reinforcement";

/** `trainingType`, normalised: the names the policy pack uses too. */
export type TrainingType = "standard" | "globalStandard" | "developer";

/** A reinforcement job's own settings, as accepted (the grader as given). */
export interface ReinforcementSettings {
  grader: Record<string, unknown>;
  /** Undefined when none was given. */
  responseFormat: Record<string, unknown> | undefined;
  hyperparameters: ReinforcementHyperparameters;
}

/** The RFT hyperparameters besides the supervised ones, "auto" resolved. */
export interface ReinforcementHyperparameters {
  reasoning_effort: "low" | "medium" | "high";
  compute_multiplier: number;
  eval_interval: number;
  eval_samples: number;
}

export interface JobHyperparameters {
  n_epochs: number;
  batch_size: number;
  learning_rate_multiplier: number;
  /** DPO only. */
  beta?: number;
}

/** The create body as the route accepted it (hyperparameters may still say "auto"). */
export interface JobCreateBody {
  model: string;
  training_file: string;
  validation_file?: string | null;
  suffix?: string | null;
  seed?: number | null;
  hyperparameters?: Record<string, unknown>;
  method?: Record<string, unknown>;
  metadata?: Record<string, string> | null;
  trainingType?: string;
}

export interface JobOptions {
  /** Base models a job may start from; default DEFAULT_FINE_TUNABLE_MODELS. */
  fineTunableModels?: readonly string[];
  /** Jobs not yet succeeded, failed or cancelled that may exist at once; default 3. */
  maxActiveJobs?: number;
  /** Phase durations; missing ones take DEFAULT_JOB_TIMINGS. */
  jobTimings?: Partial<JobTimings>;
  /**
   * Makes a job fail at the end of running with this error; undefined lets it succeed (unless
   * its suffix contains "fail"). For tests.
   */
  failJobs?: (body: JobCreateBody) => JobError | undefined;
  /**
   * Base models offered only with global training: a job for one with `trainingType` missing or
   * `standard` is refused. Default DEFAULT_GLOBAL_ONLY_MODELS.
   */
  globalOnlyModels?: readonly string[];
  /** Base models that take `method.type: reinforcement`; default DEFAULT_REINFORCEMENT_MODELS. */
  reinforcementModels?: readonly string[];
  /**
   * A `developer`-tier job is paused by the system once it has trained this many steps, and
   * resumes by itself `systemPauseMs` after it is paused. Default: no system pauses.
   */
  systemPauseAfterSteps?: number;
  /** How long a system pause keeps the job `paused`; default DEFAULT_SYSTEM_PAUSE_MS. */
  systemPauseMs?: number;
  /**
   * A reinforcement job reaches its cost limit once it has trained this many steps: it pauses and
   * stays paused until resumed. Default: no cost limit.
   */
  reinforcementCostPauseAfterSteps?: number;
}

/** Every option a JobStore takes (so the stores above it can pass them on without a list). */
export function jobOptionsOf(options: JobOptions): JobOptions {
  return {
    fineTunableModels: options.fineTunableModels,
    maxActiveJobs: options.maxActiveJobs,
    jobTimings: options.jobTimings,
    failJobs: options.failJobs,
    globalOnlyModels: options.globalOnlyModels,
    reinforcementModels: options.reinforcementModels,
    systemPauseAfterSteps: options.systemPauseAfterSteps,
    systemPauseMs: options.systemPauseMs,
    reinforcementCostPauseAfterSteps: options.reinforcementCostPauseAfterSteps,
  };
}

/** A validated create request. */
export interface NewJob {
  body: JobCreateBody;
  model: string;
  trainingFile: string;
  validationFile: string | null;
  suffix: string | null;
  seed: number;
  methodType: JobMethodType;
  hyperparameters: JobHyperparameters;
  /** Set for `method.type: reinforcement`. */
  reinforcement: ReinforcementSettings | undefined;
  /** Null when the body had none (v1 only). */
  metadata: Readonly<Record<string, string>> | null;
  /** Null when the body did not say. */
  trainingType: TrainingType | null;
  trainingExamples: number;
  trainingBytes: number;
}

/** What the create request asked for, kept as it was: a job's record and its view both carry it. */
type JobRequest = Pick<
  NewJob,
  | "model"
  | "trainingFile"
  | "validationFile"
  | "suffix"
  | "seed"
  | "methodType"
  | "hyperparameters"
  | "reinforcement"
  | "metadata"
  | "trainingType"
>;

function requestOf(job: JobRequest): JobRequest {
  const { model, trainingFile, validationFile, suffix, seed, methodType, hyperparameters } = job;
  const { reinforcement, metadata, trainingType } = job;
  return {
    model,
    trainingFile,
    validationFile,
    suffix,
    seed,
    methodType,
    hyperparameters,
    reinforcement,
    metadata,
    trainingType,
  };
}

/** A job as tests and routes see it, with its status derived from the clock. */
export interface JobView {
  readonly id: string;
  readonly createdAtMs: number;
  readonly model: string;
  readonly trainingFile: string;
  readonly validationFile: string | null;
  readonly suffix: string | null;
  readonly seed: number;
  readonly methodType: JobMethodType;
  readonly hyperparameters: JobHyperparameters;
  readonly reinforcement: ReinforcementSettings | undefined;
  readonly metadata: Readonly<Record<string, string>> | null;
  readonly trainingType: TrainingType | null;
  readonly status: JobStatus;
  /** Steps trained so far (they stop while the job is pausing, paused or resuming). */
  readonly trainedSteps: number;
  readonly totalSteps: number;
  readonly finishedAtMs: number | null;
  /** While running: when it will finish. */
  readonly estimatedFinishMs: number | null;
  /** Null until succeeded. */
  readonly fineTunedModel: string | null;
  readonly resultFiles: readonly string[];
  readonly trainedTokens: number | null;
  readonly error: JobError | null;
}

interface JobRecord extends JobPlan, Readonly<JobRequest> {
  readonly trainedTokens: number;
  readonly pauseRequests: number[];
  readonly resumeRequests: number[];
  cancelledAtMs: number | undefined;
  /** The results file: written at create, listed among the files once the job has succeeded. */
  results: { fileId: string; bytes: number; listed: boolean } | undefined;
}

export interface JobStoreOptions extends JobOptions {
  clock: Clock;
  content: ContentStore;
  /** Lists a file whose content is already written, synchronously. */
  registerFile(file: WrittenFile, createdAtMs: number): StoredFile;
}

export const RESULTS_FILENAME = "results.csv";

const MIN_EXAMPLES = 10;

export const jobNotFound = (id: string) =>
  new HttpError(404, `Fine-tuning job '${id}' not found.`, { target: "fine-tuning-job-id" });

/** Fine-tuning jobs. Nothing runs in the background: every answer is computed from the clock. */
export class JobStore {
  readonly fineTunableModels: readonly string[];
  readonly maxActiveJobs: number;
  readonly timings: Readonly<JobTimings>;
  readonly globalOnlyModels: readonly string[];
  readonly reinforcementModels: readonly string[];
  private readonly jobs = new Map<string, JobRecord>();
  private creating = 0;

  constructor(private readonly options: JobStoreOptions) {
    this.fineTunableModels = options.fineTunableModels ?? DEFAULT_FINE_TUNABLE_MODELS;
    this.maxActiveJobs = options.maxActiveJobs ?? DEFAULT_MAX_ACTIVE_JOBS;
    if (!(Number.isSafeInteger(this.maxActiveJobs) && this.maxActiveJobs > 0)) {
      throw new Error("maxActiveJobs must be a positive integer.");
    }
    this.timings = { ...DEFAULT_JOB_TIMINGS, ...options.jobTimings };
    for (const [name, ms] of Object.entries(this.timings)) {
      if (!(Number.isFinite(ms) && ms >= 0)) throw new Error(`jobTimings.${name} must be >= 0.`);
    }
    this.globalOnlyModels = options.globalOnlyModels ?? DEFAULT_GLOBAL_ONLY_MODELS;
    this.reinforcementModels = options.reinforcementModels ?? DEFAULT_REINFORCEMENT_MODELS;
    const steps = {
      systemPauseAfterSteps: options.systemPauseAfterSteps,
      reinforcementCostPauseAfterSteps: options.reinforcementCostPauseAfterSteps,
    };
    for (const [name, n] of Object.entries(steps)) {
      if (n !== undefined && !(Number.isSafeInteger(n) && n > 0)) {
        throw new Error(`${name} must be a positive integer.`);
      }
    }
    const pauseMs = options.systemPauseMs;
    if (pauseMs !== undefined && !(Number.isFinite(pauseMs) && pauseMs >= 0)) {
      throw new Error("systemPauseMs must be >= 0.");
    }
  }

  /** A listed base model, or the model a job here has fine-tuned (to fine-tune it further). */
  isFineTunable(model: string): boolean {
    if (this.fineTunableModels.includes(model)) return true;
    return this.list().some((job) => job.fineTunedModel === model);
  }

  async create(job: NewJob): Promise<JobView> {
    this.checkQuota();
    // Counted against the quota while its results are written, so parallel creates cannot pass it.
    this.creating += 1;
    try {
      const record = this.newRecord(job);
      if (!record.failure) record.results = await this.writeResults(record);
      this.jobs.set(record.id, record);
      return this.view(record);
    } finally {
      this.creating -= 1;
    }
  }

  get(id: string): JobView | undefined {
    const job = this.jobs.get(id);
    return job && this.view(job);
  }

  /** Newest first. */
  list(): JobView[] {
    return [...this.jobs.values()].reverse().map((job) => this.view(job));
  }

  /** Stops the job's clock at now. Cancelling a cancelled job answers it again. */
  cancel(id: string): JobView {
    const job = this.require(id);
    const status = this.status(job);
    if (status === "cancelled") return this.view(job);
    if (isTerminalJobStatus(status)) {
      const message = `Fine-tuning job '${id}' has already ${status}, so it cannot be cancelled.`;
      throw new HttpError(409, message, { code: "unexpectedEntityState" });
    }
    job.cancelledAtMs = this.options.clock.now();
    this.dropResults(job);
    return this.view(job);
  }

  /**
   * Pauses a running job that has trained at least one step (so the pause leaves a checkpoint).
   * Pausing a job that is pausing or paused answers it as it is.
   */
  pause(id: string): JobView {
    const job = this.require(id);
    const now = this.options.clock.now();
    const status = this.status(job);
    if (status === "pausing" || status === "paused") return this.view(job);
    if (status !== "running") {
      throw wrongState(id, status, "paused", "only a running job can be paused");
    }
    if (stepsAt(job, now) < 1) {
      const reason =
        "it has not trained a step yet, so there is no checkpoint to pause at; try again once " +
        "it has";
      throw wrongState(id, status, "paused", reason);
    }
    job.pauseRequests.push(now);
    return this.view(job);
  }

  /** Resumes a paused job. Resuming one that is resuming or running answers it as it is. */
  resume(id: string): JobView {
    const job = this.require(id);
    const status = this.status(job);
    if (status === "resuming" || status === "running") return this.view(job);
    if (status !== "paused") {
      throw wrongState(id, status, "resumed", "only a paused job can be resumed");
    }
    job.resumeRequests.push(this.options.clock.now());
    return this.view(job);
  }

  /** Only a succeeded, failed or cancelled job can be deleted. */
  delete(id: string): void {
    const job = this.require(id);
    const status = this.status(job);
    if (!isTerminalJobStatus(status)) {
      const message =
        `Fine-tuning job '${id}' is ${status}; cancel it first, then delete it once it is ` +
        "cancelled.";
      throw new HttpError(409, message, { code: "unexpectedEntityState" });
    }
    this.dropResults(job);
    this.jobs.delete(id);
  }

  /**
   * Jobs as the state file keeps them: what was asked for and the plan their life is derived from
   * (timings included, so a restart with other timings leaves them as they were), with their pause,
   * resume and cancel times. A results file not yet listed is content they need.
   */
  readonly persisted: PersistedKind = {
    name: "jobs",
    write: () => [...this.jobs.values()].map((job) => ({ ...job })),
    read: (json) => {
      const job = readJob(json);
      this.jobs.set(job.id, job);
      const results = job.results;
      if (!results || results.listed) return [];
      return [{ key: fileContentKey(results.fileId), bytes: results.bytes }];
    },
  };

  /** Oldest first. */
  events(id: string): JobEvent[] {
    return eventsAt(this.require(id), this.options.clock.now());
  }

  /** Oldest first. */
  checkpoints(id: string): JobCheckpoint[] {
    return checkpointsAt(this.require(id), this.options.clock.now());
  }

  /** A job not yet finished that trains on (or validates with) the file. */
  activeJobUsing(fileId: string): JobView | undefined {
    return this.list().find(
      (job) =>
        !isTerminalJobStatus(job.status) &&
        (job.trainingFile === fileId || job.validationFile === fileId),
    );
  }

  /**
   * Lists the results file of every job the clock says has succeeded. Reading a job does this for
   * it, and `AzureStore.getFile` and `listFiles` for all, so files and jobs always agree.
   */
  listResultsFiles(): void {
    for (const job of this.jobs.values()) this.listResults(job);
  }

  private view(job: JobRecord): JobView {
    this.listResults(job);
    const status = this.status(job);
    const succeeded = status === "succeeded";
    const { finish } = phaseEnds(job);
    const now = this.options.clock.now();
    const finishedAtMs = job.cancelledAtMs ?? (isTerminalJobStatus(status) ? finish : null);
    // Pauses still to come (the system's, a cost limit) are not foreseen.
    const estimatedFinishMs = status === "running" ? finishForeseenAt(job, now) : null;
    const horizon = Math.min(now, job.cancelledAtMs ?? Infinity);
    return {
      id: job.id,
      createdAtMs: job.createdAtMs,
      ...requestOf(job),
      status,
      trainedSteps: stepsAt(job, horizon),
      totalSteps: totalSteps(job),
      finishedAtMs,
      estimatedFinishMs,
      fineTunedModel: succeeded ? job.modelName : null,
      resultFiles: succeeded && job.results ? [job.results.fileId] : [],
      trainedTokens: succeeded ? job.trainedTokens : null,
      error: status === "failed" ? (job.failure ?? null) : null,
    };
  }

  private newRecord(job: NewJob): JobRecord {
    const { n_epochs: nEpochs, batch_size: batchSize } = job.hyperparameters;
    return {
      id: newId("ftjob-"),
      createdAtMs: this.options.clock.now(),
      timings: this.timings,
      ...requestOf(job),
      nEpochs,
      stepsPerEpoch: Math.max(1, Math.ceil(job.trainingExamples / batchSize)),
      modelName: fineTunedModelName(job.model, job.suffix),
      trainedTokens: Math.max(1, Math.ceil(job.trainingBytes / 4)) * nEpochs,
      failure: this.options.failJobs?.(job.body) ?? suffixFailure(job),
      autoPauses: this.autoPausesFor(job),
      pauseRequests: [],
      resumeRequests: [],
      cancelledAtMs: undefined,
      results: undefined,
    };
  }

  /** The pauses the options make a job take by itself. */
  private autoPausesFor(job: NewJob): AutoPause[] {
    const { systemPauseAfterSteps, reinforcementCostPauseAfterSteps } = this.options;
    const pauses: AutoPause[] = [];
    if (job.trainingType === "developer" && systemPauseAfterSteps !== undefined) {
      const resumeAfterMs = this.options.systemPauseMs ?? DEFAULT_SYSTEM_PAUSE_MS;
      pauses.push({ kind: "system", afterSteps: systemPauseAfterSteps, resumeAfterMs });
    }
    if (job.methodType === "reinforcement" && reinforcementCostPauseAfterSteps !== undefined) {
      const afterSteps = reinforcementCostPauseAfterSteps;
      pauses.push({ kind: "costLimit", afterSteps, resumeAfterMs: undefined });
    }
    return pauses;
  }

  private async writeResults(job: JobRecord): Promise<JobRecord["results"]> {
    const fileId = newId("file-");
    const csv = Buffer.from(resultsCsv(job));
    await this.options.content.put(fileContentKey(fileId), csv);
    return { fileId, bytes: csv.length, listed: false };
  }

  private listResults(job: JobRecord): void {
    if (!job.results || job.results.listed || this.status(job) !== "succeeded") return;
    const { fileId, bytes } = job.results;
    const file = { id: fileId, filename: RESULTS_FILENAME, purpose: "fine-tune-results", bytes };
    this.options.registerFile(file, phaseEnds(job).finish);
    job.results.listed = true;
  }

  private status(job: JobRecord): JobStatus {
    return statusAt(job, this.options.clock.now());
  }

  /** Removes results that were never listed (the job did not succeed). */
  private dropResults(job: JobRecord): void {
    if (!job.results || job.results.listed) return;
    this.options.content.remove(fileContentKey(job.results.fileId));
    job.results = undefined;
  }

  private checkQuota(): void {
    const running = [...this.jobs.values()].filter((job) => !isTerminalJobStatus(this.status(job)));
    const active = running.length + this.creating;
    if (active < this.maxActiveJobs) return;
    const message =
      `This resource already has ${active} active fine-tuning jobs, its limit. ` +
      "Wait for one to finish, or cancel one, then try again.";
    throw new HttpError(429, message, { code: "quotaExceeded" });
  }

  private require(id: string): JobRecord {
    const job = this.jobs.get(id);
    if (!job) throw jobNotFound(id);
    return job;
  }
}

const JOB_METHOD_TYPES: readonly JobMethodType[] = ["supervised", "dpo", "reinforcement"];
const TRAINING_TYPES: readonly TrainingType[] = ["standard", "globalStandard", "developer"];
const REASONING_EFFORTS: readonly ReinforcementHyperparameters["reasoning_effort"][] = [
  "low",
  "medium",
  "high",
];
const AUTO_PAUSE_KINDS: readonly AutoPause["kind"][] = ["system", "costLimit"];

/** A job as `persisted` wrote it. */
function readJob(json: StateReader): JobRecord {
  const timings = json.at("timings");
  const hyperparameters = json.at("hyperparameters");
  const reinforcement = json.optionalAt("reinforcement");
  const failure = json.optionalAt("failure");
  const results = json.optionalAt("results");
  return {
    id: json.string("id"),
    createdAtMs: json.number("createdAtMs"),
    timings: {
      pendingMs: timings.number("pendingMs"),
      validatingMs: timings.number("validatingMs"),
      queuedMs: timings.number("queuedMs"),
      runningMs: timings.number("runningMs"),
      pausingMs: timings.number("pausingMs"),
      resumingMs: timings.number("resumingMs"),
    },
    model: json.string("model"),
    trainingFile: json.string("trainingFile"),
    validationFile: json.nullableString("validationFile"),
    suffix: json.nullableString("suffix"),
    seed: json.number("seed"),
    methodType: json.oneOf("methodType", JOB_METHOD_TYPES),
    hyperparameters: {
      n_epochs: hyperparameters.number("n_epochs"),
      batch_size: hyperparameters.number("batch_size"),
      learning_rate_multiplier: hyperparameters.number("learning_rate_multiplier"),
      ...(hyperparameters.has("beta") ? { beta: hyperparameters.number("beta") } : {}),
    },
    reinforcement: reinforcement && readReinforcement(reinforcement),
    metadata: json.has("metadata") ? json.strings("metadata") : null,
    trainingType: json.has("trainingType") ? json.oneOf("trainingType", TRAINING_TYPES) : null,
    nEpochs: json.number("nEpochs"),
    stepsPerEpoch: json.number("stepsPerEpoch"),
    modelName: json.string("modelName"),
    trainedTokens: json.number("trainedTokens"),
    failure: failure && {
      code: failure.string("code"),
      message: failure.string("message"),
      param: failure.nullableString("param"),
    },
    autoPauses: json.list("autoPauses").map((pause) => ({
      kind: pause.oneOf("kind", AUTO_PAUSE_KINDS),
      afterSteps: pause.number("afterSteps"),
      resumeAfterMs: pause.optionalNumber("resumeAfterMs"),
    })),
    pauseRequests: json.numbers("pauseRequests"),
    resumeRequests: json.numbers("resumeRequests"),
    cancelledAtMs: json.optionalNumber("cancelledAtMs"),
    results: results && {
      fileId: results.string("fileId"),
      bytes: results.number("bytes"),
      listed: results.boolean("listed"),
    },
  };
}

function readReinforcement(json: StateReader): ReinforcementSettings {
  const hyperparameters = json.at("hyperparameters");
  return {
    grader: json.record("grader"),
    responseFormat: json.optionalRecord("responseFormat"),
    hyperparameters: {
      reasoning_effort: hyperparameters.oneOf("reasoning_effort", REASONING_EFFORTS),
      compute_multiplier: hyperparameters.number("compute_multiplier"),
      eval_interval: hyperparameters.number("eval_interval"),
      eval_samples: hyperparameters.number("eval_samples"),
    },
  };
}

/** 409 unexpectedEntityState naming the status, as cancel and delete answer. */
function wrongState(id: string, status: JobStatus, verb: string, reason: string): HttpError {
  const message = `Fine-tuning job '${id}' is ${status}, so it cannot be ${verb}: ${reason}.`;
  return new HttpError(409, message, { code: "unexpectedEntityState" });
}

/** Azure-style: "<base>.ft-<32 hex>", then "-<suffix>" when one was given. */
function fineTunedModelName(model: string, suffix: string | null): string {
  const name = `${model}.ft-${newId("")}`;
  return suffix ? `${name}-${suffix}` : name;
}

/** The scripted failure: a suffix containing "fail" makes the job fail at the end of running. */
function suffixFailure(job: NewJob): JobError | undefined {
  if (!job.suffix?.toLowerCase().includes("fail")) return undefined;
  const n = job.trainingExamples;
  const examples = `${n} example${n === 1 ? "" : "s"}`;
  const message =
    n < MIN_EXAMPLES
      ? `The training file has ${examples}, below the minimum of ${MIN_EXAMPLES}.`
      : "The training file has invalid examples and could not be used for training.";
  return { code: "invalid_training_file", message, param: "training_file" };
}
