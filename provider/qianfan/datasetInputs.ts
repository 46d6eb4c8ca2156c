/**
 * QianfanDataset inputs, validated offline (research §2.1, §2.6). BOS URIs are written `bos:/bucket/key`, one slash
 * after `bos:`, as every Baidu page and the SDK write them; `bos://bucket/key` is accepted too and normalised to
 * that form, so both spellings are the same input and never show as a change.
 */
import { DATA_FORMATS, STORAGE_TYPES } from "./valueLists";
import { isUnknown } from "../core/unknown";
import {
  checkWaitSettings,
  Fail,
  failureCollector,
  givenOnly,
  isKnown,
  shown,
} from "../core/validation";
import type { Checked } from "../core/lifecycle";
import { checkOneOf, checkRequiredString, isMissing } from "./fieldChecks";

export const DATASET_DEFAULTS = {
  storageType: "sysStorage",
  importTimeoutSeconds: 3600,
  publishTimeoutSeconds: 1800,
  pollIntervalSeconds: 5,
} as const;

export interface QianfanDatasetInputs {
  /** The name you chose; the remote name adds the resource's marker (see markedName.ts). */
  datasetName: string;
  dataFormat: (typeof DATA_FORMATS)[number];
  storageType: (typeof STORAGE_TYPES)[number];
  /** Only for BOS: a directory, `bos:/bucket/dir/`. */
  storagePath?: string;
  /** One BOS directory, or one or more BOS objects, to import into the dataset's version. */
  sources: string[];
  importTimeoutSeconds: number;
  publishTimeoutSeconds: number;
  pollIntervalSeconds: number;
}

/** `bos://bucket/key` → `bos:/bucket/key`; anything else as it is. */
export function normaliseBosUri(value: string): string {
  return value.replace(/^bos:\/\/+/i, "bos:/");
}

/** A BOS object or directory after normalising: `bos:/bucket/` and any key under it, no spaces, no `//`. */
export const isBosUri = (value: string): boolean =>
  /^bos:\/[^/\s]+\/(?:[^/\s]+\/)*[^/\s]*$/.test(value);

export const isBosDirectory = (value: string): boolean => isBosUri(value) && value.endsWith("/");

export function checkQianfanDataset(news: Record<string, unknown>): Checked {
  const { failures, fail } = failureCollector();
  checkRequiredString(
    news.datasetName,
    "datasetName",
    "the dataset's name, e.g. \"faq-train\" (the remote name adds this resource's marker).",
    fail,
  );
  if (isMissing(news.dataFormat))
    fail("dataFormat", `is required; use one of ${DATA_FORMATS.join(", ")}.`);
  checkOneOf(news.dataFormat, "dataFormat", DATA_FORMATS, "a Qianfan data format", fail);
  const storageType = news.storageType ?? DATASET_DEFAULTS.storageType;
  checkOneOf(storageType, "storageType", STORAGE_TYPES, "a storage type", fail);
  const storagePath = checkStoragePath(news.storagePath, storageType, fail);
  const sources = checkSources(news.sources, fail);
  checkWaitSettings(news, ["importTimeoutSeconds", "publishTimeoutSeconds"], 7, fail);
  const inputs = {
    ...DATASET_DEFAULTS,
    ...givenOnly(news),
    storageType,
    ...(storagePath === undefined ? {} : { storagePath }),
    ...(sources === undefined ? {} : { sources }),
  };
  return { inputs, failures };
}

/** The storage path with `bos://` normalised and the trailing `/` added (as Baidu's SDK adds it). */
function checkStoragePath(value: unknown, storageType: unknown, fail: Fail): unknown {
  if (storageType === "BOS" && isMissing(value)) {
    fail(
      "storagePath",
      'is required when storageType is BOS: the BOS directory the dataset is kept in, e.g. "bos:/my-bucket/datasets/".',
    );
    return value;
  }
  if (!isKnown(value)) return value;
  if (storageType === "sysStorage") {
    fail("storagePath", 'is only for storageType "BOS"; remove it, or set storageType: "BOS".');
    return value;
  }
  if (typeof value !== "string") {
    fail("storagePath", `must be a BOS directory such as "bos:/my-bucket/datasets/".`);
    return value;
  }
  const path = normaliseBosUri(value);
  const directory = path.endsWith("/") ? path : `${path}/`;
  if (!isBosDirectory(directory))
    fail(
      "storagePath",
      `${shown(value)} is not a BOS directory; write bos:/bucket/dir/ (one slash after "bos:").`,
    );
  return directory;
}

/** The sources, normalised; a directory must be the only one (the doc: one directory, or files). */
function checkSources(value: unknown, fail: Fail): unknown {
  const example = '["bos:/my-bucket/faq/train.jsonl"], or one directory ["bos:/my-bucket/faq/"]';
  if (isUnknown(value)) return value;
  if (!Array.isArray(value) || value.length === 0) {
    fail(
      "sources",
      isKnown(value)
        ? `must be a non-empty list of BOS URIs, e.g. ${example}.`
        : `is required: the BOS objects to import, e.g. ${example}.`,
    );
    return value;
  }
  const sources = (value as unknown[]).map((source) =>
    typeof source === "string" ? normaliseBosUri(source) : source,
  );
  sources.forEach((source, i) => {
    const field = `sources[${i}]`;
    if (isUnknown(source)) return;
    if (typeof source !== "string" || !isBosUri(source))
      fail(
        field,
        `${shown(value[i])} is not a BOS URI; write bos:/bucket/path/file.jsonl (one slash after "bos:").`,
      );
    else if (source.endsWith("/") && sources.length > 1)
      fail(
        field,
        `${shown(source)} is a directory: import one directory alone, or list the files one by one.`,
      );
  });
  return sources;
}
