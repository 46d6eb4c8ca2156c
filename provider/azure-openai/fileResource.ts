/**
 * The life cycle TrainingFile and Upload share — check offline, put the file, wait until processed, refresh,
 * delete — with what differs between them (keys that replace, outputs) passed in.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { FileObject } from "openai/resources/files";
import { ResourceImplementation } from "../core/hooks";
import { azureClient, AzureOpenAIClient } from "./client";
import {
  configuredSweepTag,
  markedFilenameProblem,
  SWEEP_TAG_CONFIG,
  SWEEP_TAG_ENV,
  unmarkedFilename,
} from "../sweep/marker";
import { diffProps } from "./diff";
import { checkFileInputs, FileInputs, FilePurpose, FileResourceKind } from "./fileInputs";
import { deleteFile, fileStatus, PlacedFile, placeFile, refreshFile, waitForProcessed } from "./fileLifecycle";
import { azureSettingsFailures } from "./settingsCheck";

export interface FileResourceSpec {
  kind: FileResourceKind;
  replaceKeys: readonly string[];
  updateKeys: readonly string[];
  outputs(inputs: FileInputs, file: FileObject, placed: PlacedFile): Record<string, unknown>;
  refreshed(state: Record<string, unknown>, file: FileObject): Record<string, unknown>;
}

/** Inputs that only shape what this package does, never the remote file. */
export const FILE_UPDATE_KEYS = [
  "source",
  "validateContent",
  "waitForProcessing",
  "processingTimeoutSeconds",
  "apiVersion",
  "adoptExistingId",
] as const;

export function fileResource(spec: FileResourceSpec): ResourceImplementation {
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
        { ...olds, filename: typeof olds.filename === "string" ? unmarkedFilename(olds.filename) : olds.filename },
        news,
        spec.replaceKeys,
        spec.updateKeys,
      ),

    async create(props) {
      const inputs = props as unknown as FileInputs;
      const client = clientFor(inputs);
      const placed = await placeFile(client, inputs, label);
      const file = inputs.waitForProcessing ? await waitForProcessed(client, placed, inputs, label) : placed.file;
      return { id: file.id, outs: spec.outputs(inputs, file, placed) as pulumi.Inputs };
    },

    async read(id, props) {
      const file = await refreshFile(clientFor(props as unknown as FileInputs), id);
      if (!file) return { id: "", props: {} };
      return { id, props: spec.refreshed(props, file) as pulumi.Inputs };
    },

    update: async (_id, olds, news) => ({ outs: { ...olds, ...news } as pulumi.Inputs }),

    async delete(id, props) {
      await deleteFile(clientFor(props as unknown as FileInputs), id, label);
    },
  };
}

export function clientFor(inputs: { endpoint?: string; apiVersion?: string }): AzureOpenAIClient {
  return azureClient({ endpoint: inputs.endpoint, apiVersion: inputs.apiVersion });
}

export function remoteFields(file: FileObject) {
  return {
    fileId: file.id,
    bytes: file.bytes,
    filename: file.filename,
    purpose: file.purpose as FilePurpose,
    status: fileStatus(file),
    statusDetails: file.status_details ?? undefined,
    createdAt: file.created_at,
  };
}
