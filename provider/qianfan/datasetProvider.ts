/**
 * QianfanDataset: a dataset, its version 1 filled from BOS, published (research §2.10). Create: CreateDataset (safe
 * to retry, and a killed run's dataset is found by its marked name), CreateImportTask, a wait for the import,
 * PublishDatasetVersion, a wait until published. A failure deletes the dataset before it is reported. Delete: the
 * version, then the dataset (research §7.7's order, which strict and lenient services both take).
 */
import { createOnce } from "../core/createOnce";
import { definedOnly } from "../core/defined";
import { diffProps } from "../core/diff";
import { ApiError, FinetuneError, messageOf, ResourceInitError, ServerError } from "../core/errors";
import type { ResourceImplementation } from "../core/lifecycle";
import { collect, findFirst } from "../core/paging";
import { poll } from "../core/poll";
import { progress } from "../core/progress";
import { qianfanClient, QianfanClient } from "./client";
import { idFromResult, isGone } from "./consoleResults";
import { checkQianfanDataset, QianfanDatasetInputs } from "./datasetInputs";
import {
  DatasetVersionDetail,
  describeImport,
  describeVersion,
  ImportTaskDetail,
  listDatasets,
  listVersions,
  PublishStatus,
  VersionImportStatus,
} from "./datasetObjects";
import { markedName } from "./markedName";
import { qianfanSettingsFailures } from "./settingsCheck";

const LABEL = "QianfanDataset";
const AREA = "dataset";
const MAX_POLL_INTERVAL_MS = 30_000;
const REPLACE_KEYS = [
  "datasetName",
  "dataFormat",
  "storageType",
  "storagePath",
  "sources",
] as const satisfies readonly (keyof QianfanDatasetInputs)[];
const UPDATE_KEYS = [
  "importTimeoutSeconds",
  "publishTimeoutSeconds",
  "pollIntervalSeconds",
] as const satisfies readonly (keyof QianfanDatasetInputs)[];

export interface QianfanDatasetOutputs extends QianfanDatasetInputs {
  datasetId: string;
  versionId: string;
  /** The dataset's name at Qianfan: `datasetName`, then `_` and this resource's marker. */
  remoteName: string;
  versionNumber?: number;
  importTaskId?: string;
  importStatus?: VersionImportStatus;
  publishStatus?: PublishStatus;
  /** What the import counted (DescribeImportTask). */
  sampleCount?: number;
  sizeMB?: number;
  /** What the version reports, where the service does (not documented). */
  entityCount?: number;
  /** After a failed import: where Qianfan offers the rows it refused. */
  importErrorsUrl?: string;
}

/** A dataset made (or found) and its version, when known. */
interface MadeDataset {
  datasetId: string;
  versionId?: string;
  status?: string;
}

export const qianfanDatasetProvider: ResourceImplementation<
  QianfanDatasetInputs,
  QianfanDatasetOutputs
> = {
  async check(_olds, news) {
    const result = checkQianfanDataset(news);
    return { ...result, failures: [...result.failures, ...qianfanSettingsFailures()] };
  },

  diff: async (_id, olds, news) => diffProps(olds, news, REPLACE_KEYS, UPDATE_KEYS),

  async create(inputs, context) {
    const client = qianfanClient();
    const remoteName = markedName(inputs.datasetName, context?.identity, inputs, REPLACE_KEYS);
    const made = await createDatasetOnce(client, inputs, remoteName, context?.identity);
    let outputs: QianfanDatasetOutputs = {
      ...inputs,
      datasetId: made.datasetId,
      remoteName,
      versionId: "",
    };
    try {
      const versionId = made.versionId ?? (await firstVersionId(client, made.datasetId));
      outputs = { ...outputs, versionId };
      outputs = await importAndPublish(client, outputs, (next) => (outputs = next));
      progress(
        `${LABEL}: ${made.datasetId} version ${versionId} is Published` +
          (outputs.sampleCount === undefined ? "" : ` (${outputs.sampleCount} samples)`),
      );
      return { id: made.datasetId, outs: outputs };
    } catch (error) {
      throw await removedAfterFailure(client, outputs, error);
    }
  },

  async read(_id, state) {
    const version = await describeVersion(qianfanClient(), state.versionId);
    return version && withVersion(state, version);
  },

  delete: (id, state) => deleteDataset(qianfanClient(), id, state.versionId),
};

function datasetBody(inputs: QianfanDatasetInputs, remoteName: string): Record<string, unknown> {
  return {
    datasetName: remoteName,
    dataFormat: inputs.dataFormat,
    storageType: inputs.storageType,
    ...(inputs.storageType === "BOS" && inputs.storagePath
      ? { storagePath: inputs.storagePath }
      : {}),
  };
}

async function createDatasetOnce(
  client: QianfanClient,
  inputs: QianfanDatasetInputs,
  remoteName: string,
  identity: string | undefined,
): Promise<MadeDataset> {
  const existing = await collect(listDatasets(client));
  const before = new Set(existing.map((d) => d.datasetId));
  const made = await createOnce<MadeDataset>({
    label: LABEL,
    request: "create",
    makes: "dataset",
    findInterrupted: identity
      ? () =>
          interruptedDataset(
            client,
            existing.find((d) => d.datasetName === remoteName),
          )
      : undefined,
    statusOf: (found) => found.status ?? "status unknown",
    create: async () => {
      const result = await client.action<unknown>(
        "CreateDataset",
        datasetBody(inputs, remoteName),
        "create Qianfan dataset",
        AREA,
      );
      const datasetId = idFromResult(result, "datasetId");
      if (!datasetId)
        throw new FinetuneError(
          `${LABEL}: CreateDataset answered no datasetId (${JSON.stringify(result)}).`,
        );
      return { datasetId, versionId: idFromResult(isObject(result) ? result : {}, "versionId") };
    },
    findCreated: () =>
      findFirst(
        listDatasets(client),
        (d) => d.datasetName === remoteName && !before.has(d.datasetId),
      ),
    idOf: (dataset) => dataset.datasetId,
  });
  progress(`${LABEL}: created ${made.datasetId} (${remoteName}, ${inputs.dataFormat})`);
  return made;
}

/**
 * The dataset a killed earlier run made for this resource (its name carries the marker), if it can go on: one
 * whose import or publish failed, or whose statuses the service does not report, is deleted and made again.
 */
async function interruptedDataset(
  client: QianfanClient,
  found: { datasetId: string } | undefined,
): Promise<MadeDataset | undefined> {
  if (!found) return undefined;
  const versionId = await firstVersionId(client, found.datasetId).catch(() => undefined);
  const version = versionId === undefined ? undefined : await describeVersion(client, versionId);
  const failed =
    version?.importStatus === "ImportFailed" || version?.publishStatus === "PublishFailed";
  if (version?.importStatus !== undefined && version.publishStatus !== undefined && !failed) {
    const status =
      version.publishStatus === "Unpublished" ? version.importStatus : version.publishStatus;
    return { datasetId: found.datasetId, versionId: version.versionId, status };
  }
  progress(
    `${LABEL}: ${found.datasetId}, which an interrupted earlier run made, ` +
      `${failed ? "failed" : "cannot be resumed (its version's statuses are not reported)"}; deleting it and creating a new one`,
  );
  await deleteDataset(client, found.datasetId, versionId);
  return undefined;
}

async function firstVersionId(client: QianfanClient, datasetId: string): Promise<string> {
  const versions = await collect(listVersions(client, datasetId));
  const first = versions.find((v) => v.versionNumber === 1) ?? versions[0];
  if (!first)
    throw new FinetuneError(
      `${LABEL}: ${datasetId} has no version; Qianfan makes version 1 with it.`,
    );
  return first.versionId;
}

/**
 * Goes on from wherever the version is: imports it if it has not been, waits for the import, publishes it if it
 * is not, waits until it is published. `track` keeps the outputs so far, for the clean-up after a failure.
 */
async function importAndPublish(
  client: QianfanClient,
  outputs: QianfanDatasetOutputs,
  track: (outputs: QianfanDatasetOutputs) => void,
): Promise<QianfanDatasetOutputs> {
  let version = await requireVersion(client, outputs.versionId);
  let state = withVersion(outputs, version);
  if (version.importStatus === undefined || version.importStatus === "Created") {
    const importTaskId = await startImport(client, state);
    state = { ...state, importTaskId, importStatus: "Importing" };
    track(state);
  }
  if (state.importStatus === "Importing") state = await waitForImport(client, state);
  track(state);
  if (state.importStatus === "ImportFailed") throw new FinetuneError(importFailure(state));
  if (state.publishStatus === undefined || state.publishStatus === "Unpublished") {
    await publishOnce(client, state.versionId);
    state = { ...state, publishStatus: "Publishing" };
  }
  if (state.publishStatus === "Publishing") {
    version = await waitForPublish(client, state);
    state = withVersion(state, version);
  }
  track(state);
  if (state.publishStatus === "PublishFailed")
    throw new FinetuneError(
      `${LABEL} ${state.versionId}: publishing ended PublishFailed. Check the data in the Qianfan console.`,
    );
  return state;
}

async function requireVersion(
  client: QianfanClient,
  versionId: string,
): Promise<DatasetVersionDetail> {
  const version = await describeVersion(client, versionId);
  if (!version)
    throw new FinetuneError(`${LABEL}: version ${versionId} disappeared while it was being made.`);
  return version;
}

/** CreateImportTask, safe to retry: a version whose import status left `Created` has its import. */
async function startImport(
  client: QianfanClient,
  state: QianfanDatasetOutputs,
): Promise<string | undefined> {
  const { taskId } = await createOnce<{ taskId?: string }>({
    label: LABEL,
    request: "import",
    makes: "import task",
    create: async () => {
      const result = await client.action<unknown>(
        "CreateImportTask",
        { versionId: state.versionId, files: state.sources },
        "import into Qianfan dataset version",
        AREA,
      );
      return { taskId: idFromResult(result, "taskId") };
    },
    findCreated: async () => {
      const version = await describeVersion(client, state.versionId);
      const started = version?.importStatus !== undefined && version.importStatus !== "Created";
      return started ? { taskId: undefined } : undefined;
    },
    idOf: (made) => made.taskId ?? `an import into ${state.versionId}`,
  });
  progress(
    `${LABEL}: importing ${state.sources.length} source${state.sources.length === 1 ? "" : "s"} into ` +
      `${state.versionId}${taskId ? ` (import task ${taskId})` : ""}`,
  );
  return taskId;
}

/** Follows the import task when its id is known, else the version's import status. */
async function waitForImport(
  client: QianfanClient,
  state: QianfanDatasetOutputs,
): Promise<QianfanDatasetOutputs> {
  const common = {
    timeoutMs: state.importTimeoutSeconds * 1000,
    timeoutHint:
      "Raise importTimeoutSeconds for large sources; the dataset is deleted, so run `pulumi up` again.",
    firstDelayMs: state.pollIntervalSeconds * 1000,
    maxDelayMs: MAX_POLL_INTERVAL_MS,
  };
  const taskId = state.importTaskId;
  if (taskId === undefined) {
    const version = await poll({
      ...common,
      what: `${LABEL} ${state.versionId} import`,
      read: () => requireVersion(client, state.versionId),
      state: (v) => v.importStatus ?? "status unknown",
      done: (v) => v.importStatus !== "Importing",
    });
    return withVersion(state, version);
  }
  const task = await poll<ImportTaskDetail>({
    ...common,
    what: `${LABEL} ${state.versionId} import ${taskId}`,
    read: async () => {
      const detail = await describeImport(client, taskId);
      if (!detail) throw new FinetuneError(`${LABEL}: import task ${taskId} disappeared.`);
      return detail;
    },
    state: (t) =>
      t.importStatus === "Importing" && t.progress
        ? `Importing ${t.progress.replace(/\s/g, "")}`
        : t.importStatus,
    done: (t) => t.importStatus !== "Importing",
  });
  return {
    ...state,
    importStatus: task.importStatus,
    sampleCount: task.sampleCount,
    sizeMB: task.sizeMB,
    ...(task.importStatus === "ImportFailed" && task.errDownloadUrl
      ? { importErrorsUrl: task.errDownloadUrl }
      : {}),
  };
}

function importFailure(state: QianfanDatasetOutputs): string {
  const errors = state.importErrorsUrl ? ` The rows it refused: ${state.importErrorsUrl}.` : "";
  return (
    `${LABEL} ${state.versionId}: the import ended ImportFailed.${errors} Check that sources ` +
    `(${state.sources.join(", ")}) exist, are readable by Qianfan and hold ${state.dataFormat} data.`
  );
}

/** PublishDatasetVersion, safe to retry: a version that is Publishing or Published has been. */
async function publishOnce(client: QianfanClient, versionId: string): Promise<void> {
  await createOnce<{ versionId: string }>({
    label: LABEL,
    request: "publish",
    makes: "published version",
    create: async () => {
      await client.action(
        "PublishDatasetVersion",
        { versionId },
        "publish Qianfan dataset version",
        AREA,
      );
      return { versionId };
    },
    findCreated: async () => {
      const version = await describeVersion(client, versionId);
      const started =
        version?.publishStatus !== undefined && version.publishStatus !== "Unpublished";
      return started ? { versionId } : undefined;
    },
    idOf: (made) => made.versionId,
  });
  progress(`${LABEL}: publishing ${versionId}`);
}

function waitForPublish(
  client: QianfanClient,
  state: QianfanDatasetOutputs,
): Promise<DatasetVersionDetail> {
  return poll({
    what: `${LABEL} ${state.versionId} publish`,
    read: () => requireVersion(client, state.versionId),
    // A service that does not report the status cannot be waited on (research §7.2): the task's create checks it.
    state: (v) => v.publishStatus ?? "status not reported",
    done: (v) => v.publishStatus !== "Publishing" && v.publishStatus !== "Unpublished",
    timeoutMs: state.publishTimeoutSeconds * 1000,
    timeoutHint: "Raise publishTimeoutSeconds; the dataset is deleted, so run `pulumi up` again.",
    firstDelayMs: state.pollIntervalSeconds * 1000,
    maxDelayMs: MAX_POLL_INTERVAL_MS,
  });
}

function withVersion(
  state: QianfanDatasetOutputs,
  version: DatasetVersionDetail,
): QianfanDatasetOutputs {
  const { versionId, versionNumber, importStatus, publishStatus, entityCount } = version;
  return {
    ...state,
    versionId,
    ...definedOnly({ versionNumber, importStatus, publishStatus, entityCount }),
  };
}

/**
 * The error to report after a failed create, once the dataset is deleted. If it cannot be deleted, the resource is
 * kept in the state (ResourceInitError), so that `pulumi destroy` deletes it.
 */
async function removedAfterFailure(
  client: QianfanClient,
  outputs: QianfanDatasetOutputs,
  error: unknown,
): Promise<Error> {
  const reason = messageOf(error).replace(/\.?$/, ".");
  try {
    await deleteDataset(client, outputs.datasetId, outputs.versionId || undefined);
  } catch (cleanup) {
    return new ResourceInitError(
      `${reason} The dataset ${outputs.datasetId} could not be deleted (${messageOf(cleanup)}); it is kept in ` +
        "the stack's state, so `pulumi destroy` deletes it.",
      outputs.datasetId,
      outputs,
    );
  }
  return new FinetuneError(
    `${reason} The dataset ${outputs.datasetId} was deleted, so nothing is left behind; fix the cause and run again.`,
    { cause: error },
  );
}

/** The version (when known), then the dataset; either already gone counts as deleted. */
export async function deleteDataset(
  client: QianfanClient,
  datasetId: string,
  versionId: string | undefined,
): Promise<void> {
  let versionRefusal: ApiError | undefined;
  if (versionId) {
    try {
      await client.action(
        "DeleteDatasetVersion",
        { versionId },
        "delete Qianfan dataset version",
        AREA,
      );
    } catch (error) {
      // A service may refuse to delete a dataset's last version: deleting the dataset then removes it.
      if (!isGone(error)) {
        if (!(error instanceof ApiError) || error instanceof ServerError) throw error;
        versionRefusal = error;
      }
    }
  }
  try {
    await client.action("DeleteDataset", { datasetId }, "delete Qianfan dataset", AREA);
    progress(`${LABEL}: deleted ${datasetId}`);
  } catch (error) {
    if (!isGone(error)) {
      if (!versionRefusal) throw error;
      throw new FinetuneError(
        `${messageOf(error)} (deleting its version ${versionId ?? ""} first was refused too: ${versionRefusal.vendorMessage})`,
        { cause: error },
      );
    }
    progress(`${LABEL}: ${datasetId} was already gone`);
  }
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}
