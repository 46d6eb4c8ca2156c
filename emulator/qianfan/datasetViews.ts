// Datasets, their versions and import tasks as tests and routes see them, statuses derived from
// the clock. Their own module so the store and the wire objects share the types.
import type {
  QianfanImportStatus,
  QianfanPublishStatus,
  QianfanVersionImportStatus,
} from "./datasetTimeline";

export interface QianfanDatasetView {
  /** `dg-` and 12 of `a-z0-9`. */
  readonly id: string;
  readonly name: string;
  readonly dataFormat: string;
  /** `BOS` or `sysStorage`. */
  readonly storageType: string;
  /** `bos:/bucket/dir/` for BOS; undefined for sysStorage. */
  readonly storagePath: string | undefined;
  readonly createdAtMs: number;
  readonly versionCount: number;
}

export interface QianfanDatasetVersionView {
  /** `ds-` and 16 of `a-z0-9`. */
  readonly id: string;
  readonly dataset: QianfanDatasetView;
  /** 1 for the version CreateDataset makes, then one more per CreateDatasetVersion. */
  readonly versionNumber: number;
  readonly description: string;
  readonly createdAtMs: number;
  readonly importStatus: QianfanVersionImportStatus;
  readonly publishStatus: QianfanPublishStatus;
  /** The samples of its finished imports. */
  readonly entityCount: number;
  /** Its import tasks, oldest first. */
  readonly importTaskIds: readonly string[];
}

export interface QianfanImportTaskView {
  /** `task-` and 12 of `a-z0-9` (not a fine-tuning task's). */
  readonly id: string;
  readonly versionId: string;
  readonly files: readonly string[];
  readonly createdAtMs: number;
  readonly importStatus: QianfanImportStatus;
  /** "0%"…"99%", "100%" once finished, "0%" once failed. */
  readonly progress: string;
  /** 0 until finished. */
  readonly sampleCount: number;
  readonly sizeMB: number;
  readonly finishedAtMs: number | undefined;
}
