import * as pulumi from "@pulumi/pulumi";
import { FinetuneResource } from "../core/resource";
import type { DATA_FORMATS, STORAGE_TYPES } from "./valueLists";
import type { QianfanDatasetOutputs } from "./datasetProvider";

export interface QianfanDatasetArgs {
  /**
   * The dataset's name. At Qianfan it is followed by `_` and this resource's 30-character marker, so that a killed
   * `pulumi up` is resumed instead of leaving a second dataset. Replaces the dataset when changed.
   */
  datasetName: pulumi.Input<string>;
  /** How the rows are shaped: PromptResponse, Role, SFT_FIM, Text, DPO_PromptChosenRejected, … Replaces when changed. */
  dataFormat: pulumi.Input<(typeof DATA_FORMATS)[number]>;
  /** `sysStorage` (default: the platform keeps the data) or `BOS` (your bucket, at storagePath). Replaces when changed. */
  storageType?: pulumi.Input<(typeof STORAGE_TYPES)[number]>;
  /** With storageType BOS: the directory the dataset is kept in, `bos:/bucket/dir/`. Replaces when changed. */
  storagePath?: pulumi.Input<string>;
  /**
   * What to import: one BOS directory (`bos:/bucket/dir/`), or one or more BOS objects (`bos:/bucket/dir/a.jsonl`);
   * `bos://…` is read as `bos:/…`. Replaces the dataset when changed (a new dataset, so tasks using the old one
   * are replaced before it is deleted).
   */
  sources: pulumi.Input<pulumi.Input<string>[]>;
  /** How long to wait for the import (default 3600 s); after it the dataset is deleted and the update fails. */
  importTimeoutSeconds?: pulumi.Input<number>;
  /** How long to wait for the version to be published (default 1800 s). */
  publishTimeoutSeconds?: pulumi.Input<number>;
  /** First poll interval (default 5 s), growing up to 30 s while nothing changes. */
  pollIntervalSeconds?: pulumi.Input<number>;
}

/**
 * A Baidu Qianfan dataset and its version, imported from BOS and published, ready for a QianfanFineTuneTask
 * (`pulumi-nodejs:dynamic/qianfan:Dataset`). Pass it as `datasetConfig: { dataset }` of a task.
 */
export class QianfanDataset extends FinetuneResource {
  /** The dataset's id (`dg-…`); also the resource id. */
  declare readonly datasetId: pulumi.Output<QianfanDatasetOutputs["datasetId"]>;
  /** The published version's id (`ds-…`), what a fine-tuning task trains on. */
  declare readonly versionId: pulumi.Output<QianfanDatasetOutputs["versionId"]>;
  /** The dataset's name at Qianfan: datasetName, `_`, and this resource's marker. */
  declare readonly remoteName: pulumi.Output<QianfanDatasetOutputs["remoteName"]>;
  /** The version's number (1). */
  declare readonly versionNumber: pulumi.Output<QianfanDatasetOutputs["versionNumber"]>;
  /** The import task's id, when it was answered. */
  declare readonly importTaskId: pulumi.Output<QianfanDatasetOutputs["importTaskId"]>;
  /** Created, Importing, ImportFinished or ImportFailed. */
  declare readonly importStatus: pulumi.Output<QianfanDatasetOutputs["importStatus"]>;
  /** Unpublished, Publishing, Published or PublishFailed. */
  declare readonly publishStatus: pulumi.Output<QianfanDatasetOutputs["publishStatus"]>;
  /** The samples the import counted. */
  declare readonly sampleCount: pulumi.Output<QianfanDatasetOutputs["sampleCount"]>;
  /** The imported size in MB. */
  declare readonly sizeMB: pulumi.Output<QianfanDatasetOutputs["sizeMB"]>;
  /** The entities the version reports, where the service reports them. */
  declare readonly entityCount: pulumi.Output<QianfanDatasetOutputs["entityCount"]>;

  constructor(name: string, args: QianfanDatasetArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = {
      datasetId: undefined,
      versionId: undefined,
      remoteName: undefined,
      versionNumber: undefined,
      importTaskId: undefined,
      importStatus: undefined,
      publishStatus: undefined,
      sampleCount: undefined,
      sizeMB: undefined,
      entityCount: undefined,
    };
    super("dataset", "qianfan", "Dataset", name, { ...outputs, ...args }, opts);
  }
}
