/**
 * The life cycle TrainingFile and Upload share — check offline, put the file, wait until processed, refresh,
 * delete — with what differs between them (keys that replace, outputs) passed in.
 */
import type { FileObject } from "openai/resources/files";
import { diffProps } from "../core/diff";
import { markerOf } from "../core/identity";
import type { ResourceImplementation } from "../core/lifecycle";
import { azureClient } from "./client";
import { checkFileInputs, FileInputs, FileResourceKind } from "./fileInputs";
import type { FilePurpose } from "./filePurposes";
import { deleteStackFile } from "./fileDeletion";
import { fileStatus, PlacedFile, placeFile, refreshFile, waitForProcessed } from "./fileLifecycle";
import { azureSettingsFailures } from "./settingsCheck";
import {
  configuredSweepTag,
  markedFilenameProblem,
  SWEEP_TAG_CONFIG,
  SWEEP_TAG_ENV,
  unmarkedFilename,
} from "./sweepMarker";

/** What the service reports of a file. */
export interface RemoteFileFields {
  fileId: string;
  bytes: number;
  /** The remote name: the user's `filename`, with the sweep marker when a sweep tag is set. */
  filename: string;
  purpose: FilePurpose;
  status: string;
  statusDetails?: string;
  createdAt: number;
}

export interface FileResourceSpec<Inputs extends FileInputs, Outputs extends Inputs> {
  kind: FileResourceKind;
  replaceKeys: readonly (keyof Inputs & string)[];
  updateKeys: readonly (keyof Inputs & string)[];
  outputs(inputs: Inputs, file: FileObject, placed: PlacedFile): Outputs;
  refreshed(state: Outputs, file: FileObject): Outputs;
}

/** Inputs that only shape what this package does, never the remote file. */
export const FILE_UPDATE_KEYS = [
  "source",
  "validateContent",
  "waitForProcessing",
  "processingTimeoutSeconds",
  "apiVersion",
  "adoptExistingId",
] as const satisfies readonly (keyof FileInputs)[];

export function fileResource<Inputs extends FileInputs, Outputs extends Inputs>(
  spec: FileResourceSpec<Inputs, Outputs>,
): ResourceImplementation<Inputs, Outputs> {
  const label = spec.kind;
  return {
    async check(_olds, news) {
      const result = await checkFileInputs(news, spec.kind);
      const settings = azureSettingsFailures(news);
      const filename = result.inputs.filename;
      // A bad tag is among the settings failures already; the name can only be measured with a good one.
      const tooLong =
        typeof filename === "string" &&
        !result.failures.some((f) => f.property === "filename") &&
        !settings.some((f) => f.property === SWEEP_TAG_CONFIG || f.property === SWEEP_TAG_ENV)
          ? markedFilenameProblem(filename, configuredSweepTag())
          : undefined;
      const nameFailure = tooLong ? [{ property: "filename", reason: `filename: ${tooLong}` }] : [];
      return { ...result, failures: [...result.failures, ...settings, ...nameFailure] };
    },

    // The remote name may carry the sweep marker; the name the user gave is what can change.
    diff: async (_id, olds, news) =>
      diffProps(
        { ...olds, filename: unmarkedFilename(olds.filename) },
        news,
        spec.replaceKeys,
        spec.updateKeys,
      ),

    async create(inputs, context) {
      const client = azureClient(inputs);
      const marker = context?.identity && markerOf(context.identity, inputs, spec.replaceKeys);
      const placed = await placeFile(client, inputs, label, marker);
      const file = inputs.waitForProcessing
        ? await waitForProcessed(client, placed, inputs, label)
        : placed.file;
      return { id: file.id, outs: spec.outputs(inputs, file, placed) };
    },

    async read(id, state) {
      const file = await refreshFile(azureClient(state), id);
      return file && spec.refreshed(state, file);
    },

    delete: (id, state, context) =>
      deleteStackFile(azureClient(state), id, label, context?.identity),
  };
}

export function remoteFields(file: FileObject): RemoteFileFields {
  return {
    fileId: file.id,
    bytes: file.bytes,
    filename: file.filename,
    purpose: file.purpose,
    status: fileStatus(file),
    statusDetails: file.status_details ?? undefined,
    createdAt: file.created_at,
  };
}
