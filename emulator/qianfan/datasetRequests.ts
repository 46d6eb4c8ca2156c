// Request bodies of the dataset actions, checked field by field (research §2). Every refusal is 400
// InappropriateJSON naming the field; fields the emulator does not know pass through unchecked.
import { isBosDirectory, isBosPath } from "./bosPaths";
import {
  PUBLISH_STATUSES,
  type QianfanPublishStatus,
  type QianfanVersionImportStatus,
  VERSION_IMPORT_STATUSES,
} from "./datasetTimeline";
import { inappropriateJson } from "./errors";
import {
  type JsonObject,
  nonEmptyString,
  optionalObject,
  optionalString,
  optionalStringList,
  requiredOneOf,
} from "./fields";
import { type PageRequest, parsePageRequest } from "./pageRequest";

/** CreateDataset's `dataFormat` (the doc's list; the SDK's enum is a subset). */
export const QIANFAN_DATA_FORMATS = [
  "PromptResponse",
  "Role",
  "SFT_FIM",
  "Text",
  "DPO_PromptChosenRejected",
  "KTO_PromptChosenRejected",
  "PromptSortedresponses",
  "Prompt",
  "PromptImage",
  "PromptImageResponse",
] as const;

export const QIANFAN_STORAGE_TYPES = ["BOS", "sysStorage"] as const;

/** A validated CreateDataset request. */
export interface NewQianfanDataset {
  name: string;
  dataFormat: string;
  storageType: string;
  storagePath: string | undefined;
}

export function parseDatasetRequest(body: JsonObject): NewQianfanDataset {
  const name = nonEmptyString(body, "datasetName");
  const dataFormat = requiredOneOf(body, "dataFormat", QIANFAN_DATA_FORMATS);
  const storageType = requiredOneOf(body, "storageType", QIANFAN_STORAGE_TYPES);
  const storagePath = optionalString(body, "storagePath");
  if (storageType === "BOS") {
    if (storagePath === undefined) {
      throw inappropriateJson("storagePath", "storagePath is required when storageType is BOS.");
    }
    const problem = storagePathProblem(storagePath);
    if (problem) throw inappropriateJson("storagePath", problem);
  } else if (storagePath !== undefined) {
    const detail = "storagePath is only for storageType BOS; sysStorage takes none.";
    throw inappropriateJson("storagePath", detail);
  }
  return { name, dataFormat, storageType, storagePath };
}

/** Why a dataset's `storagePath` is not a BOS directory, or undefined when it is one. */
export function storagePathProblem(path: string): string | undefined {
  if (isBosDirectory(path)) return undefined;
  if (/^bos:\/\//.test(path)) return "storagePath takes one slash after bos: (bos:/bucket/dir/).";
  if (isBosPath(path)) return "storagePath must end with / (bos:/bucket/dir/).";
  return "storagePath must be a BOS directory such as bos:/bucket/dir/.";
}

export function parseVersionRequest(body: JsonObject): { datasetId: string; description: string } {
  return {
    datasetId: nonEmptyString(body, "datasetId"),
    description: optionalString(body, "description") ?? "",
  };
}

/** A validated CreateImportTask request. */
export interface NewQianfanImport {
  versionId: string;
  files: string[];
}

export function parseImportRequest(body: JsonObject): NewQianfanImport {
  const versionId = nonEmptyString(body, "versionId");
  const files = optionalStringList(body, "files");
  if (files === undefined || files.length === 0) {
    throw inappropriateJson("files", "files must be a non-empty array of BOS paths.");
  }
  const problem = importFilesProblem(files);
  if (problem) throw inappropriateJson(problem.path, problem.detail);
  return { versionId, files };
}

/**
 * Why `files` cannot be imported: each must be a BOS path, and a directory (`…/`) must be the only
 * one (the doc: one directory, or one or more files).
 */
export function importFilesProblem(
  files: readonly string[],
): { path: string; detail: string } | undefined {
  for (const [i, file] of files.entries()) {
    const path = `files[${i}]`;
    if (!isBosPath(file)) {
      return { path, detail: `${path} must be a BOS path such as bos:/bucket/dir/a.jsonl.` };
    }
    if (isBosDirectory(file) && files.length > 1) {
      const detail = `${path} is a directory: import one directory alone, or a list of files.`;
      return { path, detail };
    }
  }
  return undefined;
}

export function parseDatasetsRequest(body: JsonObject): PageRequest {
  // Its filter keys are not documented: an object is taken and not applied.
  optionalObject(body, "filter");
  return parsePageRequest(body);
}

export interface VersionFilter {
  importStatusList: readonly QianfanVersionImportStatus[] | undefined;
  publishStatusList: readonly QianfanPublishStatus[] | undefined;
}

export function parseVersionsRequest(body: JsonObject): {
  datasetId: string;
  page: PageRequest;
  filter: VersionFilter;
} {
  const datasetId = nonEmptyString(body, "datasetId");
  const filter = optionalObject(body, "filter") ?? {};
  const statuses = <T extends string>(key: string, allowed: readonly T[]) =>
    optionalStringList(filter, key, `filter.${key}`, allowed);
  return {
    datasetId,
    page: parsePageRequest(body),
    filter: {
      importStatusList: statuses("importStatusList", VERSION_IMPORT_STATUSES),
      publishStatusList: statuses("publishStatusList", PUBLISH_STATUSES),
    },
  };
}

export const matchesVersionFilter = (
  version: { importStatus: QianfanVersionImportStatus; publishStatus: QianfanPublishStatus },
  { importStatusList, publishStatusList }: VersionFilter,
) =>
  (importStatusList?.includes(version.importStatus) ?? true) &&
  (publishStatusList?.includes(version.publishStatus) ?? true);

/** `{versionId}` (Describe, Publish, Delete). */
export const versionIdOf = (body: JsonObject) => nonEmptyString(body, "versionId");
