// Qianfan custom models: model sets (`am-…`) and their versions (`amv-…`), each version published
// from a Done fine-tuning task. A version's state comes from the clock.
import type { Clock } from "../clock";
import { newAlnumId } from "../ids";
import type { PersistedKind } from "../state/persistentStore";
import type { StateReader } from "../state/stateJson";
import { inappropriateJson, qianfanObjectNotFound } from "./errors";
import type { NewQianfanModel, NewQianfanModelSet } from "./modelRequests";
import {
  type ModelPlan,
  modelSettlesAtMs,
  modelStateAt,
  type QianfanModelTimings,
} from "./modelTimeline";
import type { QianfanModelSetView, QianfanModelView } from "./modelViews";
import type { QianfanTaskView } from "./views";

export interface ModelStoreOptions {
  timings: Readonly<QianfanModelTimings>;
  /** The fine-tuning task a version is published from. */
  taskOf: (taskId: string) => QianfanTaskView | undefined;
  /** A service that is New, Deploying or Serving on this version, with its status, if any. */
  serviceUsing: (modelId: string) => { id: string; runStatus: string } | undefined;
}

interface ModelSetRecord {
  readonly id: string;
  readonly name: string;
  readonly modelType: string;
  readonly labels: readonly string[];
  readonly createdAtMs: number;
  modifiedAtMs: number;
  /** The last version number given ("V3" → 3), so names are never reused after a delete. */
  lastVersionNumber: number;
}

interface ModelRecord extends ModelPlan {
  readonly id: string;
  readonly modelSetId: string;
  readonly versionNumber: number;
  readonly description: string;
  readonly baseModel: string;
  readonly trainTaskId: string;
  readonly trainJobId: string;
  readonly checkpointStep: number | undefined;
}

/** A version ends `Fail` when its description contains "fail" (any case). */
const modelFails = (description: string) => description.toLowerCase().includes("fail");

export class ModelStore {
  private readonly setRecords = new Map<string, ModelSetRecord>();
  private readonly modelRecords = new Map<string, ModelRecord>();

  /** What the state file keeps, restored in this order (a version names its set). */
  readonly persistedKinds: readonly PersistedKind[] = [
    {
      name: "modelSets",
      write: () => [...this.setRecords.values()],
      read: (json) => {
        const set = readModelSet(json);
        this.setRecords.set(set.id, set);
        return [];
      },
    },
    {
      name: "models",
      write: () => [...this.modelRecords.values()],
      read: (json) => {
        const model = readModel(json, (id) => this.setRecords.has(id));
        this.modelRecords.set(model.id, model);
        return [];
      },
    },
  ];

  /** Oldest first. */
  readonly sets = {
    get: (id: string): QianfanModelSetView | undefined => {
      const set = this.setRecords.get(id);
      return set && this.setView(set);
    },
    /** Names need not be unique: the oldest set of that name. */
    named: (name: string): QianfanModelSetView | undefined => {
      const set = [...this.setRecords.values()].find((record) => record.name === name);
      return set && this.setView(set);
    },
    list: (): QianfanModelSetView[] => [...this.setRecords.values()].map((s) => this.setView(s)),
  };

  /** A set's versions (the vendor's "models"), oldest first. */
  readonly versions = {
    get: (id: string): QianfanModelView | undefined => {
      const model = this.modelRecords.get(id);
      return model && this.modelView(model);
    },
    list: (modelSetId?: string): QianfanModelView[] =>
      this.modelsOf(modelSetId).map((model) => this.modelView(model)),
  };

  constructor(
    private readonly clock: Clock,
    private readonly options: ModelStoreOptions,
  ) {}

  createSet(set: NewQianfanModelSet): QianfanModelSetView {
    const now = this.clock.now();
    const record: ModelSetRecord = {
      id: newAlnumId("am-"),
      ...set,
      createdAtMs: now,
      modifiedAtMs: now,
      lastVersionNumber: 0,
    };
    this.setRecords.set(record.id, record);
    return this.setView(record);
  }

  /** A version published from a Done fine-tuning task (at one of its checkpoints, if asked). */
  create(model: NewQianfanModel): QianfanModelView {
    const set = this.requireSet(model.modelSetId);
    const task = this.doneTask(model.trainTaskId);
    const step = model.checkpointStep;
    if (step !== undefined && !task.checkpoints.some((checkpoint) => checkpoint.step === step)) {
      const steps = task.checkpoints.map((checkpoint) => checkpoint.step).join(", ");
      const detail = `The fine-tuning task '${task.id}' has no checkpoint at step ${step}; it has ${steps || "none"}.`;
      throw inappropriateJson(model.checkpointPath, detail);
    }
    const now = this.clock.now();
    set.lastVersionNumber += 1;
    set.modifiedAtMs = now;
    const record: ModelRecord = {
      id: newAlnumId("amv-"),
      modelSetId: set.id,
      versionNumber: set.lastVersionNumber,
      description: model.description,
      baseModel: task.job.model,
      trainTaskId: task.id,
      trainJobId: task.job.id,
      checkpointStep: step,
      createdAtMs: now,
      creatingMs: this.options.timings.creatingMs,
      failed: modelFails(model.description),
    };
    this.modelRecords.set(record.id, record);
    return this.modelView(record);
  }

  /** A version no New, Deploying or Serving service runs on is deleted. */
  delete(modelId: string): void {
    const model = this.requireModel(modelId);
    const service = this.options.serviceUsing(modelId);
    if (service) {
      const detail =
        `The model version '${modelId}' is deployed by the service '${service.id}', which is ` +
        `${service.runStatus}; switch the service to another version (ModifyService) or ` +
        "deactivate it (DeactivateService) first.";
      throw inappropriateJson("modelId", detail);
    }
    this.modelRecords.delete(model.id);
    const set = this.setRecords.get(model.modelSetId);
    if (set) set.modifiedAtMs = this.clock.now();
  }

  /** Only a set without versions is deleted. */
  deleteSet(modelSetId: string): void {
    this.requireSet(modelSetId);
    const versions = this.modelsOf(modelSetId);
    if (versions.length > 0) {
      const ids = versions.map((model) => model.id).join(", ");
      const detail =
        `The model set '${modelSetId}' still has ${versions.length} version` +
        `${versions.length === 1 ? "" : "s"} (${ids}); delete them first (DeleteModel).`;
      throw inappropriateJson("modelSetId", detail);
    }
    this.setRecords.delete(modelSetId);
  }

  /** For tests: the version disappears whatever serves it, as if deleted in the console. */
  remove(modelId: string): boolean {
    return this.modelRecords.delete(modelId);
  }

  /** For tests: the set and its versions disappear. */
  removeSet(modelSetId: string): boolean {
    for (const model of this.modelsOf(modelSetId)) this.modelRecords.delete(model.id);
    return this.setRecords.delete(modelSetId);
  }

  private requireSet(id: string): ModelSetRecord {
    const set = this.setRecords.get(id);
    if (!set) throw qianfanObjectNotFound("model set", id);
    return set;
  }

  private requireModel(id: string): ModelRecord {
    const model = this.modelRecords.get(id);
    if (!model) throw qianfanObjectNotFound("model version", id);
    return model;
  }

  private doneTask(taskId: string): QianfanTaskView {
    const task = this.options.taskOf(taskId);
    const path = "trainMeta.taskId";
    if (!task) throw inappropriateJson(path, `The fine-tuning task '${taskId}' does not exist.`);
    if (task.runStatus !== "Done") {
      const detail =
        `The fine-tuning task '${taskId}' is ${task.runStatus}; only a Done task can be ` +
        "published as a model version.";
      throw inappropriateJson(path, detail);
    }
    return task;
  }

  private modelsOf(modelSetId?: string): ModelRecord[] {
    return [...this.modelRecords.values()].filter(
      (model) => modelSetId === undefined || model.modelSetId === modelSetId,
    );
  }

  private setView(set: ModelSetRecord): QianfanModelSetView {
    const models = this.modelsOf(set.id);
    return {
      id: set.id,
      name: set.name,
      modelType: set.modelType,
      labels: set.labels,
      createdAtMs: set.createdAtMs,
      modifiedAtMs: set.modifiedAtMs,
      modelIds: models.map((model) => model.id),
      modelNames: models.map(versionName),
    };
  }

  private modelView(model: ModelRecord): QianfanModelView {
    const now = this.clock.now();
    const state = modelStateAt(model, now);
    return {
      id: model.id,
      modelSetId: model.modelSetId,
      version: versionName(model),
      description: model.description,
      state,
      baseModel: model.baseModel,
      trainTaskId: model.trainTaskId,
      trainJobId: model.trainJobId,
      checkpointStep: model.checkpointStep,
      createdAtMs: model.createdAtMs,
      modifiedAtMs: state === "Creating" ? model.createdAtMs : modelSettlesAtMs(model),
    };
  }
}

const versionName = (model: { versionNumber: number }) => `V${model.versionNumber}`;

/** A model set as `persistedKinds` wrote it. */
function readModelSet(json: StateReader): ModelSetRecord {
  return {
    id: json.string("id"),
    name: json.string("name"),
    modelType: json.string("modelType"),
    labels: json.stringList("labels"),
    createdAtMs: json.number("createdAtMs"),
    modifiedAtMs: json.number("modifiedAtMs"),
    lastVersionNumber: json.number("lastVersionNumber"),
  };
}

function readModel(json: StateReader, setExists: (id: string) => boolean): ModelRecord {
  return {
    id: json.string("id"),
    modelSetId: json.reference("modelSetId", "model set", setExists),
    versionNumber: json.number("versionNumber"),
    description: json.string("description"),
    baseModel: json.string("baseModel"),
    trainTaskId: json.string("trainTaskId"),
    trainJobId: json.string("trainJobId"),
    checkpointStep: json.optionalNumber("checkpointStep"),
    createdAtMs: json.number("createdAtMs"),
    creatingMs: json.number("creatingMs"),
    failed: json.boolean("failed"),
  };
}
