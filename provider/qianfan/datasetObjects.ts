/**
 * Qianfan datasets (`dg-…`), their versions (`ds-…`) and import tasks, as the `/v2/dataset` actions answer them
 * (research §2). Fields Baidu does not document are optional here, and read only when present.
 */
import { listQianfan, QianfanClient } from "./client";
import { unlessGone } from "./consoleResults";

/** A version's import status; `Created` until its first import (research §2.4). */
export const VERSION_IMPORT_STATUSES = [
  "Created",
  "Importing",
  "ImportFinished",
  "ImportFailed",
] as const;
export const PUBLISH_STATUSES = [
  "Unpublished",
  "Publishing",
  "Published",
  "PublishFailed",
] as const;

export type VersionImportStatus = (typeof VERSION_IMPORT_STATUSES)[number];
export type ImportStatus = Exclude<VersionImportStatus, "Created">;
export type PublishStatus = (typeof PUBLISH_STATUSES)[number];

/** An item of DescribeDatasets (its fields are not documented; the name and id are what is read). */
export interface DatasetSummary {
  datasetId: string;
  datasetName: string;
  dataFormat?: string;
  storageType?: string;
}

/** DescribeDatasetVersion's `result`: the statuses' names are inferred from the list's filter (research §2.4). */
export interface DatasetVersionDetail {
  datasetId: string;
  versionId: string;
  versionNumber?: number;
  datasetName?: string;
  dataFormat?: string;
  importStatus?: VersionImportStatus;
  publishStatus?: PublishStatus;
  /** Not documented; read when the service reports it. */
  entityCount?: number;
}

/** DescribeImportTask's `result` (its nine fields are documented, research §2.7). */
export interface ImportTaskDetail {
  versionId?: string;
  importStatus: ImportStatus;
  /** "45%" while importing ("XX %" in the doc), "100%" when finished, "0" when failed. */
  progress?: string;
  sizeMB?: number;
  sampleCount?: number;
  finishTime?: string;
  errDownloadUrl?: string;
}

const AREA = "dataset";

export function listDatasets(client: QianfanClient): AsyncGenerator<DatasetSummary, void> {
  return listQianfan<DatasetSummary, "datasetList">(
    client,
    "DescribeDatasets",
    {},
    "datasetList",
    "list Qianfan datasets",
    AREA,
  );
}

export function listVersions(
  client: QianfanClient,
  datasetId: string,
): AsyncGenerator<DatasetVersionDetail, void> {
  return listQianfan<DatasetVersionDetail, "versionList">(
    client,
    "DescribeDatasetVersions",
    { datasetId },
    "versionList",
    "list Qianfan dataset versions",
    AREA,
  );
}

/** The version, or undefined when it is gone. */
export function describeVersion(
  client: QianfanClient,
  versionId: string,
): Promise<DatasetVersionDetail | undefined> {
  return unlessGone(
    client.action<DatasetVersionDetail>(
      "DescribeDatasetVersion",
      { versionId },
      "read Qianfan dataset version",
      AREA,
    ),
  );
}

export function describeImport(
  client: QianfanClient,
  taskId: string,
): Promise<ImportTaskDetail | undefined> {
  return unlessGone(
    client.action<ImportTaskDetail>(
      "DescribeImportTask",
      { taskId },
      "read Qianfan dataset import task",
      AREA,
    ),
  );
}

/** "45%", "45 %" or "0" as a number of percent; undefined when it is not one. */
export function percentOf(progress: string | undefined): number | undefined {
  const value = Number((progress ?? "").replace(/[\s%]/g, ""));
  return progress !== undefined && progress.trim() !== "" && Number.isFinite(value)
    ? value
    : undefined;
}
