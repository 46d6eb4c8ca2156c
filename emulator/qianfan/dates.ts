// How each area of the console writes a time (research §7.3): to the second, in three forms.

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Fine-tuning and services: UTC, `2025-01-01T00:00:12Z`. */
export const bceDate = (ms: number) =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");

/** Datasets: `2025-01-01 08:00:12`, Beijing time (UTC+8; the docs give no zone). */
export const datasetDate = (ms: number) =>
  bceDate(ms + BEIJING_OFFSET_MS)
    .replace("T", " ")
    .replace("Z", "");

/** Models: ISO 8601 with the Beijing offset, `2025-01-01T08:00:12+08:00` (the SDK's mock). */
export const modelDate = (ms: number) =>
  `${bceDate(ms + BEIJING_OFFSET_MS).replace("Z", "")}+08:00`;
