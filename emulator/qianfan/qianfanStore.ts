import type { Clock } from "../clock";
import { HttpError } from "../errors";
import { newAlnumId } from "../ids";
import { type NamedContent, type PersistentStore, persistentKinds } from "../state/persistentStore";
import { StateError, type StateReader } from "../state/stateJson";
import { inappropriateJson } from "./errors";
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
  new HttpError(404, `The fine-tuning ${kind} '${id}' does not exist.`, { code: "NotFound" });

const SCRIPTED_FAILURE = "Training failed: the dataset has too few valid samples to train on.";

/** Qianfan fine-tuning jobs and tasks. Nothing runs in the background: all comes from the clock. */
export class QianfanStore implements PersistentStore {
  readonly models: readonly string[];
  readonly timings: Readonly<QianfanTaskTimings>;
  private readonly jobRecords = new Map<string, QianfanJobView>();
  private readonly taskRecords = new Map<string, TaskRecord>();

  /**
   * What the state file keeps (with a data directory), kind by kind and restored in this order: a
   * new kind persists by adding its entry here.
   */
  private readonly persisted = persistentKinds([
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
  ]);

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
    this.timings = { ...DEFAULT_QIANFAN_TASK_TIMINGS, ...options.qianfanTaskTimings };
    for (const [name, ms] of Object.entries(this.timings)) {
      if (!(Number.isFinite(ms) && ms >= 0)) {
        throw new Error(`qianfanTaskTimings.${name} must be >= 0.`);
      }
    }
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

  createJob(job: NewQianfanJob): QianfanJobView {
    const record = { ...job, id: newAlnumId("job-"), createdAtMs: this.clock.now() };
    this.jobRecords.set(record.id, record);
    return record;
  }

  createTask(task: NewQianfanTask): QianfanTaskView {
    const job = this.requireJob(task.jobId);
    if (task.incrementTaskId !== undefined) this.checkIncrementBase(task.incrementTaskId, job);
    const epoch = task.hyperParameterConfig.epoch;
    const record: TaskRecord = {
      id: newAlnumId("task-"),
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

/** The scripted failure: a job whose name contains "fail" (any case) has failing tasks. */
function nameFailure(job: QianfanJobView): string | undefined {
  return job.name.toLowerCase().includes("fail") ? SCRIPTED_FAILURE : undefined;
}
