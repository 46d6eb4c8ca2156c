import type { Clock } from "../clock";
import { HttpError } from "../errors";
import { newAlnumId, newUnusedAlnumId } from "../ids";
import { type NamedContent, type PersistentStore, persistentKinds } from "../state/persistentStore";
import { StateError, type StateReader } from "../state/stateJson";
import { type DatasetStoreOptions, DatasetStore } from "./datasetStore";
import {
  type QianfanDatasetVersionObject,
  type QianfanDatasetObject,
  type QianfanImportTaskObject,
  toDatasetObject,
  toDatasetVersionObject,
  toImportTaskObject,
} from "./datasetObjects";
import { DEFAULT_QIANFAN_DATASET_TIMINGS, type QianfanDatasetTimings } from "./datasetTimeline";
import { inappropriateJson, qianfanObjectNotFound } from "./errors";
import { isObject } from "./fields";
import {
  type QianfanModelObject,
  type QianfanModelSetObject,
  toModelObject,
  toModelSetObject,
} from "./modelObjects";
import { ModelStore } from "./modelStore";
import { DEFAULT_QIANFAN_MODEL_TIMINGS, type QianfanModelTimings } from "./modelTimeline";
import { type QianfanServiceObject, toServiceObject } from "./serviceObjects";
import { ServiceStore } from "./serviceStore";
import { DEFAULT_QIANFAN_SERVICE_TIMINGS, type QianfanServiceTimings } from "./serviceTimeline";
import {
  type QianfanJobObject,
  type QianfanTaskObject,
  toJobObject,
  toTaskObject,
} from "./objects";
import {
  DEFAULT_QIANFAN_TASK_TIMINGS,
  isFinishedRunStatus,
  metricsFor,
  type QianfanRunStatus,
  type QianfanTaskTimings,
  runProgressAt,
  runStatusAt,
  taskCheckpointsAt,
  taskFinishedAtMs,
  type TaskPlan,
} from "./qianfanTimeline";
import type { QianfanJobView, QianfanTaskView } from "./views";

export const DEFAULT_QIANFAN_MODELS: readonly string[] = [
  "ERNIE-Speed-8K",
  "ERNIE-Lite-8K",
  "ERNIE-4.0-8K",
  "Qianfan-Chinese-Llama-2-7B",
  "Meta-Llama-3-8B",
];

export const QIANFAN_TRAIN_MODES = ["SFT", "PostPretrain", "DPO", "KTO"] as const;
export const QIANFAN_PARAMETER_SCALES = ["FullFineTuning", "LoRA", "PromptTuning"] as const;
export const DEFAULT_PARAMETER_SCALE = "FullFineTuning";

/** A CreateFineTuningTask body, as the client sent it. */
export type QianfanTaskCreateBody = Readonly<Record<string, unknown>>;

export interface QianfanOptions {
  /** Base models a job may name; default DEFAULT_QIANFAN_MODELS. */
  qianfanModels?: readonly string[];
  /** Phase durations; missing ones take DEFAULT_QIANFAN_TASK_TIMINGS. */
  qianfanTaskTimings?: Partial<QianfanTaskTimings>;
  /**
   * Makes a task end `Failed` with this message; undefined lets it succeed (unless its job's name
   * contains "fail"). For tests.
   */
  failQianfanTasks?: (body: QianfanTaskCreateBody, job: QianfanJobView) => string | undefined;
  /** Import and publish durations; missing ones take DEFAULT_QIANFAN_DATASET_TIMINGS. */
  qianfanDatasetTimings?: Partial<QianfanDatasetTimings>;
  /** How long a model version is Creating; default DEFAULT_QIANFAN_MODEL_TIMINGS. */
  qianfanModelTimings?: Partial<QianfanModelTimings>;
  /** How long a service is New and Deploying; missing ones take DEFAULT_QIANFAN_SERVICE_TIMINGS. */
  qianfanServiceTimings?: Partial<QianfanServiceTimings>;
  /**
   * Makes an import end `ImportFailed` when it answers true; default: a source whose base name is
   * `fail` (`bos:/bucket/dir/fail.jsonl`, `bos:/bucket/fail/`). For tests.
   */
  failQianfanImports?: DatasetStoreOptions["failImports"];
}

/** The Qianfan options alone, so that a caller passes them on without listing them twice. */
export function qianfanOptionsOf(options: QianfanOptions): QianfanOptions {
  return {
    qianfanModels: options.qianfanModels,
    qianfanTaskTimings: options.qianfanTaskTimings,
    failQianfanTasks: options.failQianfanTasks,
    qianfanDatasetTimings: options.qianfanDatasetTimings,
    qianfanModelTimings: options.qianfanModelTimings,
    qianfanServiceTimings: options.qianfanServiceTimings,
    failQianfanImports: options.failQianfanImports,
  };
}

export type NewQianfanJob = Omit<QianfanJobView, "id" | "createdAtMs">;

/** A validated CreateFineTuningTask request. */
export interface NewQianfanTask {
  body: QianfanTaskCreateBody;
  jobId: string;
  parameterScale: string | undefined;
  hyperParameterConfig: Readonly<Record<string, unknown>>;
  datasetConfig: Readonly<Record<string, unknown>>;
  incrementTaskId: string | undefined;
}

interface TaskRecord extends TaskPlan {
  readonly job: QianfanJobView;
  readonly parameterScale: string;
  readonly hyperParameterConfig: Readonly<Record<string, unknown>>;
  readonly datasetConfig: Readonly<Record<string, unknown>>;
  readonly incrementTaskId: string | undefined;
  stoppedAtMs: number | undefined;
}

export const qianfanNotFound = (kind: "job" | "task", id: string) =>
  qianfanObjectNotFound(`fine-tuning ${kind}`, id);

const SCRIPTED_FAILURE = "Training failed: the dataset has too few valid samples to train on.";

/**
 * Qianfan's console: fine-tuning jobs and tasks here, datasets, custom models and services in
 * stores of their own (`datasets`, `customModels`, `services`), which look each other up through
 * this one. Nothing runs in the background: all comes from the clock.
 */
export class QianfanStore implements PersistentStore {
  /** The base models a fine-tuning job may name. */
  readonly models: readonly string[];
  readonly timings: Readonly<QianfanTaskTimings>;
  /** Datasets (`dg-…`), their versions (`ds-…`) and import tasks. */
  readonly datasets: DatasetStore;
  /** Custom models: model sets (`am-…`) and their versions (`amv-…`). */
  readonly customModels: ModelStore;
  /** Services (`svco-…`). */
  readonly services: ServiceStore;
  private readonly jobRecords = new Map<string, QianfanJobView>();
  private readonly taskRecords = new Map<string, TaskRecord>();

  /** What the state file keeps (with a data directory): see the constructor. */
  private readonly persisted: PersistentStore;

  /** Newest first. */
  readonly jobs = {
    get: (id: string): QianfanJobView | undefined => this.jobRecords.get(id),
    list: (): QianfanJobView[] => [...this.jobRecords.values()].reverse(),
  };

  /** Newest first; `list(jobId)` for one job's. */
  readonly tasks = {
    get: (id: string): QianfanTaskView | undefined => {
      const task = this.taskRecords.get(id);
      return task && this.view(task);
    },
    list: (jobId?: string): QianfanTaskView[] =>
      [...this.taskRecords.values()]
        .reverse()
        .filter((task) => jobId === undefined || task.job.id === jobId)
        .map((task) => this.view(task)),
  };

  constructor(
    private readonly clock: Clock,
    private readonly options: QianfanOptions = {},
  ) {
    this.models = options.qianfanModels ?? DEFAULT_QIANFAN_MODELS;
    this.timings = timingsOf("qianfanTaskTimings", DEFAULT_QIANFAN_TASK_TIMINGS, options);
    this.datasets = new DatasetStore(clock, {
      timings: timingsOf("qianfanDatasetTimings", DEFAULT_QIANFAN_DATASET_TIMINGS, options),
      failImports: options.failQianfanImports,
      taskUsing: (versionId) => this.activeTaskUsing(versionId),
      idTaken: (id) => this.taskRecords.has(id),
    });
    this.customModels = new ModelStore(clock, {
      timings: timingsOf("qianfanModelTimings", DEFAULT_QIANFAN_MODEL_TIMINGS, options),
      taskOf: (id) => this.tasks.get(id),
      serviceUsing: (modelId) => this.services.usingModel(modelId),
    });
    this.services = new ServiceStore(clock, {
      timings: timingsOf("qianfanServiceTimings", DEFAULT_QIANFAN_SERVICE_TIMINGS, options),
      modelOf: (id) => this.customModels.versions.get(id),
    });
    // What the state file keeps, kind by kind and restored in this order (tasks after their jobs,
    // a dataset's versions after it…): a new kind persists by adding its entry here.
    this.persisted = persistentKinds([
      {
        name: "jobs",
        write: () => [...this.jobRecords.values()],
        read: (json) => {
          const job = readJob(json);
          this.jobRecords.set(job.id, job);
          return [];
        },
      },
      {
        name: "tasks",
        write: () =>
          [...this.taskRecords.values()].map(({ job, ...task }) => ({ ...task, jobId: job.id })),
        read: (json) => {
          const task = readTask(json, (id) => this.jobRecords.get(id));
          this.taskRecords.set(task.id, task);
          return [];
        },
      },
      ...this.datasets.persistedKinds,
      ...this.customModels.persistedKinds,
      ...this.services.persistedKinds,
    ]);
  }

  snapshot(): Record<string, object[]> {
    return this.persisted.snapshot();
  }

  restore(section: StateReader): NamedContent[] {
    return this.persisted.restore(section);
  }

  /** Newest first, as DescribeFineTuningJobs answers them. */
  listJobs(): QianfanJobObject[] {
    return this.jobs.list().map(toJobObject);
  }

  /** Newest first (of one job when given), as DescribeFineTuningTask answers each. */
  listTasks(jobId?: string): QianfanTaskObject[] {
    return this.tasks.list(jobId).map(toTaskObject);
  }

  /** Oldest first, as DescribeDatasets answers them. */
  listDatasets(): QianfanDatasetObject[] {
    return this.datasets.list().map(toDatasetObject);
  }

  /** Oldest first (of one dataset when given), as DescribeDatasetVersion answers each. */
  listDatasetVersions(datasetId?: string): QianfanDatasetVersionObject[] {
    return this.datasets.versions.list(datasetId).map(toDatasetVersionObject);
  }

  /** Oldest first (of one version when given), as DescribeImportTask answers each. */
  listImportTasks(versionId?: string): (QianfanImportTaskObject & { taskId: string })[] {
    return this.datasets.imports
      .list(versionId)
      .map((task) => ({ taskId: task.id, ...toImportTaskObject(task) }));
  }

  /** Oldest first, as DescribeModelSet answers each. */
  listModelSets(): QianfanModelSetObject[] {
    return this.customModels.sets.list().map(toModelSetObject);
  }

  /** Model versions, oldest first (of one set when given), as DescribeModel answers each. */
  listModels(modelSetId?: string): QianfanModelObject[] {
    return this.customModels.versions.list(modelSetId).map(toModelObject);
  }

  /** Oldest first, as DescribeService answers each. */
  listServices(): QianfanServiceObject[] {
    return this.services.list().map(toServiceObject);
  }

  createJob(job: NewQianfanJob): QianfanJobView {
    const record = { ...job, id: newAlnumId("job-"), createdAtMs: this.clock.now() };
    this.jobRecords.set(record.id, record);
    return record;
  }

  createTask(task: NewQianfanTask): QianfanTaskView {
    const job = this.requireJob(task.jobId);
    if (task.incrementTaskId !== undefined) this.checkIncrementBase(task.incrementTaskId, job);
    this.checkVersionsPublished(task.datasetConfig);
    const epoch = task.hyperParameterConfig.epoch;
    const record: TaskRecord = {
      // Import tasks share the prefix: never give a fine-tuning task one of their ids.
      id: newUnusedAlnumId("task-", 12, (id) => this.datasets.imports.get(id) !== undefined),
      createdAtMs: this.clock.now(),
      timings: this.timings,
      epochs: typeof epoch === "number" ? epoch : 1,
      failure: this.options.failQianfanTasks?.(task.body, job) ?? nameFailure(job),
      stoppedAtMs: undefined,
      job,
      parameterScale: task.parameterScale ?? DEFAULT_PARAMETER_SCALE,
      hyperParameterConfig: task.hyperParameterConfig,
      datasetConfig: task.datasetConfig,
      incrementTaskId: task.incrementTaskId,
    };
    this.taskRecords.set(record.id, record);
    return this.view(record);
  }

  /**
   * Stops a Waiting or Running task (its clock stops there) and answers true; a Stopped one answers
   * true again, a Done or Failed one false, an unknown id false (as the SDK's mock does).
   */
  stopTask(id: string): boolean {
    const task = this.taskRecords.get(id);
    if (!task) return false;
    const status = this.status(task);
    if (status === "Stopped") return true;
    if (isFinishedRunStatus(status)) return false;
    task.stoppedAtMs = this.clock.now();
    return true;
  }

  /** Only a finished (Done, Stopped or Failed) task can be deleted. */
  deleteTask(id: string): void {
    const task = this.requireTask(id);
    const status = this.status(task);
    if (!isFinishedRunStatus(status)) {
      const message =
        `The fine-tuning task '${id}' is ${status}; stop it first (StopFineTuningTask), then ` +
        "delete it.";
      throw new HttpError(409, message, { code: "TaskInProgress" });
    }
    this.taskRecords.delete(id);
  }

  /** Only a job without tasks can be deleted. */
  deleteJob(id: string): void {
    this.requireJob(id);
    const tasks = this.tasks.list(id).length;
    if (tasks > 0) {
      const message =
        `The fine-tuning job '${id}' still has ${tasks} task${tasks === 1 ? "" : "s"}; ` +
        "delete its tasks first (DeleteFineTuningTask).";
      throw new HttpError(409, message, { code: "JobHasTasks" });
    }
    this.jobRecords.delete(id);
  }

  /** For tests: the task disappears whatever its status, as if deleted in the console. */
  removeTask(id: string): boolean {
    return this.taskRecords.delete(id);
  }

  /** For tests: the job and its tasks disappear, as if deleted in the console. */
  removeJob(id: string): boolean {
    for (const task of this.tasks.list(id)) this.taskRecords.delete(task.id);
    return this.jobRecords.delete(id);
  }

  requireJob(id: string): QianfanJobView {
    const job = this.jobRecords.get(id);
    if (!job) throw qianfanNotFound("job", id);
    return job;
  }

  private requireTask(id: string): TaskRecord {
    const task = this.taskRecords.get(id);
    if (!task) throw qianfanNotFound("task", id);
    return task;
  }

  /** Incremental training continues a Done task of the same base model. */
  private checkIncrementBase(baseId: string, job: QianfanJobView): void {
    const base = this.taskRecords.get(baseId);
    const param = "incrementTaskId";
    if (!base) throw inappropriateJson(param, `The task '${baseId}' does not exist.`);
    if (base.job.model !== job.model) {
      const detail = `The task '${baseId}' trained ${base.job.model}, not ${job.model}.`;
      throw inappropriateJson(param, detail);
    }
    const status = this.status(base);
    if (status !== "Done") {
      throw inappropriateJson(param, `The task '${baseId}' is ${status}, not Done.`);
    }
  }

  /**
   * A task trains only on published versions (research §2.8). A version id the emulator never made is taken as one
   * made in the console, outside it, and passes: the emulator cannot know its status.
   */
  private checkVersionsPublished(config: Readonly<Record<string, unknown>>): void {
    if (config.sourceType !== "Platform" || !Array.isArray(config.versions)) return;
    config.versions.forEach((version: unknown, i) => {
      if (!isObject(version) || typeof version.versionId !== "string") return;
      const known = this.datasets.versions.get(version.versionId);
      if (!known || known.publishStatus === "Published") return;
      const path = `datasetConfig.versions[${i}].versionId`;
      const detail =
        `The dataset version '${version.versionId}' is ${known.publishStatus}; a fine-tuning task ` +
        "trains only on a published version (PublishDatasetVersion, then wait for Published).";
      throw inappropriateJson(path, detail);
    });
  }

  /** A Waiting or Running task that trains on a dataset version (Platform source), if any. */
  private activeTaskUsing(versionId: string): string | undefined {
    const uses = (task: TaskRecord) => {
      const versions = task.datasetConfig.versions;
      return (
        task.datasetConfig.sourceType === "Platform" &&
        Array.isArray(versions) &&
        versions.some((version: unknown) => isObject(version) && version.versionId === versionId)
      );
    };
    const task = [...this.taskRecords.values()].find(
      (candidate) => uses(candidate) && !isFinishedRunStatus(this.status(candidate)),
    );
    return task?.id;
  }

  private view(task: TaskRecord): QianfanTaskView {
    const now = this.clock.now();
    const runStatus = runStatusAt(task, now);
    return {
      id: task.id,
      job: task.job,
      parameterScale: task.parameterScale,
      hyperParameterConfig: task.hyperParameterConfig,
      datasetConfig: task.datasetConfig,
      incrementTaskId: task.incrementTaskId,
      createdAtMs: task.createdAtMs,
      runStatus,
      runProgress: runProgressAt(task, now),
      finishedAtMs: taskFinishedAtMs(task, now),
      metrics: runStatus === "Done" ? metricsFor(task) : undefined,
      checkpoints: taskCheckpointsAt(task, now),
      errorMessage: runStatus === "Failed" ? task.failure : undefined,
    };
  }

  private status(task: TaskRecord): QianfanRunStatus {
    return runStatusAt(task, this.clock.now());
  }
}

/** A job as `snapshot` wrote it. */
function readJob(json: StateReader): QianfanJobView {
  return {
    id: json.string("id"),
    name: json.string("name"),
    description: json.string("description"),
    model: json.string("model"),
    trainMode: json.string("trainMode"),
    createdAtMs: json.number("createdAtMs"),
  };
}

/** A task as `snapshot` wrote it: its job by id, which must be restored already. */
function readTask(
  json: StateReader,
  jobOf: (id: string) => QianfanJobView | undefined,
): TaskRecord {
  const jobId = json.string("jobId");
  const job = jobOf(jobId);
  if (!job) throw new StateError(`${json.path}.jobId names job '${jobId}', which the state lacks`);
  const timings = json.at("timings");
  return {
    id: json.string("id"),
    createdAtMs: json.number("createdAtMs"),
    timings: { waitingMs: timings.number("waitingMs"), runningMs: timings.number("runningMs") },
    epochs: json.number("epochs"),
    failure: json.optionalString("failure"),
    stoppedAtMs: json.optionalNumber("stoppedAtMs"),
    job,
    parameterScale: json.string("parameterScale"),
    hyperParameterConfig: json.record("hyperParameterConfig"),
    datasetConfig: json.record("datasetConfig"),
    incrementTaskId: json.optionalString("incrementTaskId"),
  };
}

/** The timings an option gives, the defaults for the rest; each must be a time >= 0. */
function timingsOf<K extends keyof QianfanOptions, T extends object>(
  option: K,
  defaults: Readonly<T>,
  options: QianfanOptions,
): Readonly<T> {
  const given: unknown = options[option];
  const timings: T = { ...defaults, ...(isObject(given) ? given : {}) };
  for (const [name, ms] of Object.entries(timings)) {
    if (!(typeof ms === "number" && Number.isFinite(ms) && ms >= 0)) {
      throw new Error(`${option}.${name} must be >= 0.`);
    }
  }
  return timings;
}

/** The scripted failure: a job whose name contains "fail" (any case) has failing tasks. */
function nameFailure(job: QianfanJobView): string | undefined {
  return job.name.toLowerCase().includes("fail") ? SCRIPTED_FAILURE : undefined;
}
