// Qianfan datasets (`dg-…`), their versions (`ds-…`) and import tasks (`task-…`). Nothing runs in
// the background: imports and publishes take their status from the clock.
import type { Clock } from "../clock";
import { newAlnumId, newUnusedAlnumId } from "../ids";
import type { PersistedKind } from "../state/persistentStore";
import type { StateReader } from "../state/stateJson";
import { failsImport, importedSize } from "./bosPaths";
import type { NewQianfanDataset, NewQianfanImport } from "./datasetRequests";
import {
  importFinishesAtMs,
  type ImportPlan,
  importProgressAt,
  importStatusAt,
  publishStatusAt,
  type PublishPlan,
  type QianfanDatasetTimings,
  versionImportStatusAt,
} from "./datasetTimeline";
import type {
  QianfanDatasetVersionView,
  QianfanDatasetView,
  QianfanImportTaskView,
} from "./datasetViews";
import { inappropriateJson, qianfanObjectNotFound } from "./errors";

export interface DatasetStoreOptions {
  timings: Readonly<QianfanDatasetTimings>;
  /** Scripts an import to end `ImportFailed`; default: a source whose base name is `fail`. */
  failImports?: (files: readonly string[], versionId: string) => boolean;
  /** The Waiting or Running fine-tuning task that trains on this version, if any. */
  taskUsing: (versionId: string) => string | undefined;
  /** Whether an id belongs to another kind (import tasks share `task-` with fine-tuning tasks). */
  idTaken: (id: string) => boolean;
}

/** A dataset as its view shows it, but for the count of versions (counted when asked). */
interface DatasetRecord extends Omit<QianfanDatasetView, "versionCount"> {
  /** The last version number given, so numbers are never reused after a delete. */
  lastVersionNumber: number;
}

interface VersionRecord {
  readonly id: string;
  readonly datasetId: string;
  readonly versionNumber: number;
  readonly description: string;
  readonly createdAtMs: number;
  publish: PublishPlan | undefined;
}

/** A version's publish fails when its description contains "fail" (any case). */
const publishFails = (description: string) => description.toLowerCase().includes("fail");

export class DatasetStore {
  private readonly datasetRecords = new Map<string, DatasetRecord>();
  private readonly versionRecords = new Map<string, VersionRecord>();
  private readonly importRecords = new Map<string, ImportPlan>();

  /** What the state file keeps, restored in this order (versions name datasets, imports versions). */
  readonly persistedKinds: readonly PersistedKind[] = [
    {
      name: "datasets",
      write: () => [...this.datasetRecords.values()],
      read: (json) => {
        const dataset = readDataset(json);
        this.datasetRecords.set(dataset.id, dataset);
        return [];
      },
    },
    {
      name: "datasetVersions",
      write: () => [...this.versionRecords.values()],
      read: (json) => {
        const version = readVersion(json, (id) => this.datasetRecords.has(id));
        this.versionRecords.set(version.id, version);
        return [];
      },
    },
    {
      name: "importTasks",
      write: () => [...this.importRecords.values()],
      read: (json) => {
        const plan = readImport(json, (id) => this.versionRecords.has(id));
        this.importRecords.set(plan.id, plan);
        return [];
      },
    },
  ];

  /** Oldest first. */
  readonly versions = {
    get: (id: string): QianfanDatasetVersionView | undefined => {
      const version = this.versionRecords.get(id);
      return version && this.versionView(version);
    },
    list: (datasetId?: string): QianfanDatasetVersionView[] =>
      [...this.versionRecords.values()]
        .filter((version) => datasetId === undefined || version.datasetId === datasetId)
        .map((version) => this.versionView(version)),
  };

  /** Oldest first. */
  readonly imports = {
    get: (id: string): QianfanImportTaskView | undefined => {
      const plan = this.importRecords.get(id);
      return plan && this.importView(plan);
    },
    list: (versionId?: string): QianfanImportTaskView[] =>
      this.importPlans(versionId).map((plan) => this.importView(plan)),
  };

  constructor(
    private readonly clock: Clock,
    private readonly options: DatasetStoreOptions,
  ) {}

  get(id: string): QianfanDatasetView | undefined {
    const dataset = this.datasetRecords.get(id);
    return dataset && this.datasetView(dataset);
  }

  /** Oldest first. */
  list(): QianfanDatasetView[] {
    return [...this.datasetRecords.values()].map((dataset) => this.datasetView(dataset));
  }

  /** A dataset with its version 1, which CreateDataset answers. */
  create(dataset: NewQianfanDataset): QianfanDatasetVersionView {
    const record: DatasetRecord = {
      id: newAlnumId("dg-"),
      ...dataset,
      createdAtMs: this.clock.now(),
      lastVersionNumber: 0,
    };
    this.datasetRecords.set(record.id, record);
    return this.addVersion(record, "");
  }

  /** A new, empty version (it inherits nothing from earlier ones). */
  createVersion(datasetId: string, description: string): QianfanDatasetVersionView {
    return this.addVersion(this.requireDataset(datasetId), description);
  }

  /** Only a version that is not importing and not published (or publishing) takes an import. */
  createImport({ versionId, files }: NewQianfanImport): QianfanImportTaskView {
    const version = this.versionView(this.requireVersion(versionId));
    if (version.importStatus === "Importing") {
      const running = version.importTaskIds[version.importTaskIds.length - 1] ?? "";
      const detail =
        `The dataset version '${versionId}' is still importing (import task '${running}'); ` +
        "wait until DescribeImportTask says ImportFinished or ImportFailed.";
      throw inappropriateJson("versionId", detail);
    }
    if (version.publishStatus === "Publishing" || version.publishStatus === "Published") {
      const detail =
        `The dataset version '${versionId}' is ${version.publishStatus}, so it takes no more ` +
        "data; import into a new version (CreateDatasetVersion).";
      throw inappropriateJson("versionId", detail);
    }
    const taken = (id: string) => this.importRecords.has(id) || this.options.idTaken(id);
    const plan: ImportPlan = {
      id: newUnusedAlnumId("task-", 12, taken),
      versionId,
      files: [...files],
      createdAtMs: this.clock.now(),
      importingMs: this.options.timings.importingMs,
      failed: this.options.failImports?.(files, versionId) ?? files.some(failsImport),
    };
    this.importRecords.set(plan.id, plan);
    return this.importView(plan);
  }

  /**
   * Starts publishing a version whose latest import has finished; a version already publishing or
   * published is left as it is (a retry after a lost answer). One whose publish failed may retry.
   */
  publish(versionId: string): void {
    const record = this.requireVersion(versionId);
    const { importStatus, publishStatus } = this.versionView(record);
    if (publishStatus === "Publishing" || publishStatus === "Published") return;
    if (importStatus !== "ImportFinished") {
      const detail =
        `The dataset version '${versionId}' is ${importStatus}; publish it once its import has ` +
        "finished (DescribeImportTask: ImportFinished).";
      throw inappropriateJson("versionId", detail);
    }
    record.publish = {
      startedAtMs: this.clock.now(),
      publishingMs: this.options.timings.publishingMs,
      failed: publishFails(record.description),
    };
  }

  /** A version no running fine-tuning task trains on is deleted, with its import tasks. */
  deleteVersion(versionId: string): void {
    const version = this.requireVersion(versionId);
    this.checkUnused(version.id, "versionId");
    this.removeVersion(version.id);
  }

  /** A dataset is deleted with its versions, unless a running fine-tuning task trains on one. */
  delete(datasetId: string): void {
    this.requireDataset(datasetId);
    for (const version of this.versions.list(datasetId)) this.checkUnused(version.id, "datasetId");
    this.remove(datasetId);
  }

  /** For tests: the dataset, its versions and imports disappear, as if deleted in the console. */
  remove(datasetId: string): boolean {
    for (const version of this.versions.list(datasetId)) this.removeVersion(version.id);
    return this.datasetRecords.delete(datasetId);
  }

  /** For tests: the version and its imports disappear, whatever uses them. */
  removeVersion(versionId: string): boolean {
    for (const plan of this.importPlans(versionId)) this.importRecords.delete(plan.id);
    return this.versionRecords.delete(versionId);
  }

  private requireVersion(id: string): VersionRecord {
    const version = this.versionRecords.get(id);
    if (!version) throw qianfanObjectNotFound("dataset version", id);
    return version;
  }

  private requireDataset(id: string): DatasetRecord {
    const dataset = this.datasetRecords.get(id);
    if (!dataset) throw qianfanObjectNotFound("dataset", id);
    return dataset;
  }

  private checkUnused(versionId: string, param: string): void {
    const task = this.options.taskUsing(versionId);
    if (task === undefined) return;
    const detail =
      `The dataset version '${versionId}' is in use by the fine-tuning task '${task}', which is ` +
      "still Waiting or Running; stop it (StopFineTuningTask) or wait until it finishes.";
    throw inappropriateJson(param, detail);
  }

  private addVersion(dataset: DatasetRecord, description: string): QianfanDatasetVersionView {
    dataset.lastVersionNumber += 1;
    const record: VersionRecord = {
      id: newAlnumId("ds-", 16),
      datasetId: dataset.id,
      versionNumber: dataset.lastVersionNumber,
      description,
      createdAtMs: this.clock.now(),
      publish: undefined,
    };
    this.versionRecords.set(record.id, record);
    return this.versionView(record);
  }

  private importPlans(versionId?: string): ImportPlan[] {
    return [...this.importRecords.values()].filter(
      (plan) => versionId === undefined || plan.versionId === versionId,
    );
  }

  private datasetView(dataset: DatasetRecord): QianfanDatasetView {
    const { lastVersionNumber: _, ...fields } = dataset;
    const versionCount = [...this.versionRecords.values()].filter(
      (version) => version.datasetId === dataset.id,
    ).length;
    return { ...fields, versionCount };
  }

  private versionView(version: VersionRecord): QianfanDatasetVersionView {
    const now = this.clock.now();
    const dataset = this.datasetRecords.get(version.datasetId);
    if (!dataset) throw new Error(`Dataset version ${version.id} has lost its dataset.`);
    const imports = this.importPlans(version.id);
    return {
      id: version.id,
      dataset: this.datasetView(dataset),
      versionNumber: version.versionNumber,
      description: version.description,
      createdAtMs: version.createdAtMs,
      importStatus: versionImportStatusAt(imports, now),
      publishStatus: publishStatusAt(version.publish, now),
      entityCount: imports
        .map((plan) => this.importView(plan).sampleCount)
        .reduce((sum, count) => sum + count, 0),
      importTaskIds: imports.map((plan) => plan.id),
    };
  }

  private importView(plan: ImportPlan): QianfanImportTaskView {
    const now = this.clock.now();
    const importStatus = importStatusAt(plan, now);
    const finished = importStatus === "ImportFinished";
    const size = finished ? importedSize(plan.files) : { sampleCount: 0, sizeMB: 0 };
    return {
      id: plan.id,
      versionId: plan.versionId,
      files: plan.files,
      createdAtMs: plan.createdAtMs,
      importStatus,
      progress: importProgressAt(plan, now),
      ...size,
      finishedAtMs: importStatus === "Importing" ? undefined : importFinishesAtMs(plan),
    };
  }
}

/** A dataset as `persistedKinds` wrote it. */
function readDataset(json: StateReader): DatasetRecord {
  return {
    id: json.string("id"),
    name: json.string("name"),
    dataFormat: json.string("dataFormat"),
    storageType: json.string("storageType"),
    storagePath: json.optionalString("storagePath"),
    createdAtMs: json.number("createdAtMs"),
    lastVersionNumber: json.number("lastVersionNumber"),
  };
}

function readVersion(json: StateReader, datasetExists: (id: string) => boolean): VersionRecord {
  const datasetId = json.reference("datasetId", "dataset", datasetExists);
  const publish = json.optionalAt("publish");
  return {
    id: json.string("id"),
    datasetId,
    versionNumber: json.number("versionNumber"),
    description: json.string("description"),
    createdAtMs: json.number("createdAtMs"),
    publish: publish && {
      startedAtMs: publish.number("startedAtMs"),
      publishingMs: publish.number("publishingMs"),
      failed: publish.boolean("failed"),
    },
  };
}

function readImport(json: StateReader, versionExists: (id: string) => boolean): ImportPlan {
  const versionId = json.reference("versionId", "dataset version", versionExists);
  return {
    id: json.string("id"),
    versionId,
    files: json.stringList("files"),
    createdAtMs: json.number("createdAtMs"),
    importingMs: json.number("importingMs"),
    failed: json.boolean("failed"),
  };
}
