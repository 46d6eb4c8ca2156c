// Datasets, versions and import tasks as the dataset actions answer them (research §2).
import { QIANFAN_CREATOR } from "./account";
import { datasetDate } from "./dates";
import type {
  QianfanImportStatus,
  QianfanPublishStatus,
  QianfanVersionImportStatus,
} from "./datasetTimeline";
import type {
  QianfanDatasetVersionView,
  QianfanDatasetView,
  QianfanImportTaskView,
} from "./datasetViews";

/** An item of DescribeDatasets' `datasetList` (the list's fields are not documented). */
export interface QianfanDatasetObject {
  datasetId: string;
  datasetName: string;
  dataFormat: string;
  storageType: string;
  /** The BOS directory; "" for sysStorage. */
  storagePath: string;
  versionCount: number;
  creator: string;
  createTime: string;
}

/**
 * A version as CreateDataset, CreateDatasetVersion and DescribeDatasetVersion answer it: the
 * documented fields, then the statuses and count (names inferred from the list's filter).
 */
export interface QianfanDatasetVersionObject {
  datasetId: string;
  versionId: string;
  versionNumber: number;
  datasetName: string;
  dataFormat: string;
  description: string;
  storageType: string;
  storagePath: string;
  creator: string;
  createTime: string;
  importStatus: QianfanVersionImportStatus;
  publishStatus: QianfanPublishStatus;
  entityCount: number;
}

/** DescribeImportTask's `result`: its nine documented fields. */
export interface QianfanImportTaskObject {
  versionId: string;
  importStatus: QianfanImportStatus;
  progress: string;
  sizeMB: number;
  sampleCount: number;
  creator: string;
  startTime: string;
  /** "" until it finishes. */
  finishTime: string;
  /** A link to the failed import's error report; "" otherwise. */
  errDownloadUrl: string;
}

export function toDatasetObject(dataset: QianfanDatasetView): QianfanDatasetObject {
  return {
    datasetId: dataset.id,
    datasetName: dataset.name,
    dataFormat: dataset.dataFormat,
    storageType: dataset.storageType,
    storagePath: dataset.storagePath ?? "",
    versionCount: dataset.versionCount,
    creator: QIANFAN_CREATOR,
    createTime: datasetDate(dataset.createdAtMs),
  };
}

export function toDatasetVersionObject(
  version: QianfanDatasetVersionView,
): QianfanDatasetVersionObject {
  const { dataset } = version;
  return {
    datasetId: dataset.id,
    versionId: version.id,
    versionNumber: version.versionNumber,
    datasetName: dataset.name,
    dataFormat: dataset.dataFormat,
    description: version.description,
    storageType: dataset.storageType,
    storagePath: dataset.storagePath ?? "",
    creator: QIANFAN_CREATOR,
    createTime: datasetDate(version.createdAtMs),
    importStatus: version.importStatus,
    publishStatus: version.publishStatus,
    entityCount: version.entityCount,
  };
}

export function toImportTaskObject(task: QianfanImportTaskView): QianfanImportTaskObject {
  const failed = task.importStatus === "ImportFailed";
  return {
    versionId: task.versionId,
    importStatus: task.importStatus,
    progress: task.progress,
    sizeMB: task.sizeMB,
    sampleCount: task.sampleCount,
    creator: QIANFAN_CREATOR,
    startTime: datasetDate(task.createdAtMs),
    finishTime: task.finishedAtMs === undefined ? "" : datasetDate(task.finishedAtMs),
    errDownloadUrl: failed ? importErrorsUrl(task.id) : "",
  };
}

/** Where the console would offer the failed rows; nothing is served there. */
const importErrorsUrl = (taskId: string) =>
  `https://qianfan.bj.bcebos.com/dataset-import-errors/${taskId}.jsonl`;
