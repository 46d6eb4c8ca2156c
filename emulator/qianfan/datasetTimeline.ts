// A dataset version's import and publish, derived from the clock: statuses and progress are
// computed from the times they started, never recorded by timers.
import { stepStatusAt } from "./timedStep";

export interface QianfanDatasetTimings {
  /** From CreateImportTask to `ImportFinished` (or `ImportFailed`). */
  importingMs: number;
  /** From PublishDatasetVersion to `Published` (or `PublishFailed`). */
  publishingMs: number;
}

export const DEFAULT_QIANFAN_DATASET_TIMINGS: Readonly<QianfanDatasetTimings> = {
  importingMs: 3000,
  publishingMs: 2000,
};

export const IMPORT_STATUSES = ["Importing", "ImportFinished", "ImportFailed"] as const;
export type QianfanImportStatus = (typeof IMPORT_STATUSES)[number];
/** A version's import status: `Created` until its first import. */
export const VERSION_IMPORT_STATUSES = ["Created", ...IMPORT_STATUSES] as const;
export type QianfanVersionImportStatus = (typeof VERSION_IMPORT_STATUSES)[number];
export const PUBLISH_STATUSES = [
  "Unpublished",
  "Publishing",
  "Published",
  "PublishFailed",
] as const;
export type QianfanPublishStatus = (typeof PUBLISH_STATUSES)[number];

/** An import task, fixed at create. */
export interface ImportPlan {
  readonly id: string;
  readonly versionId: string;
  readonly files: readonly string[];
  readonly createdAtMs: number;
  readonly importingMs: number;
  /** Scripted to end `ImportFailed`. */
  readonly failed: boolean;
}

/** A publish, fixed when it is asked for. */
export interface PublishPlan {
  readonly startedAtMs: number;
  readonly publishingMs: number;
  /** Scripted to end `PublishFailed`. */
  readonly failed: boolean;
}

const IMPORT_STEP = {
  during: "Importing",
  done: "ImportFinished",
  failed: "ImportFailed",
} as const;
const PUBLISH_STEP = { during: "Publishing", done: "Published", failed: "PublishFailed" } as const;

export const importFinishesAtMs = (plan: ImportPlan) => plan.createdAtMs + plan.importingMs;

export function importStatusAt(plan: ImportPlan, nowMs: number): QianfanImportStatus {
  return stepStatusAt(importFinishesAtMs(plan), plan.failed, nowMs, IMPORT_STEP);
}

/** "0%" to "99%" while importing (elapsed share, rounded down), "100%" once finished, "0%" failed. */
export function importProgressAt(plan: ImportPlan, nowMs: number): string {
  const status = importStatusAt(plan, nowMs);
  if (status === "ImportFinished") return "100%";
  if (status === "ImportFailed") return "0%";
  const percent = Math.floor((100 * (nowMs - plan.createdAtMs)) / plan.importingMs);
  return `${Math.min(99, percent)}%`;
}

/** A version's import status: its latest import's, `Created` while it has none. */
export function versionImportStatusAt(
  oldestFirst: readonly ImportPlan[],
  nowMs: number,
): QianfanVersionImportStatus {
  const latest = oldestFirst[oldestFirst.length - 1];
  return latest ? importStatusAt(latest, nowMs) : "Created";
}

export function publishStatusAt(
  plan: PublishPlan | undefined,
  nowMs: number,
): QianfanPublishStatus {
  if (!plan) return "Unpublished";
  return stepStatusAt(plan.startedAtMs + plan.publishingMs, plan.failed, nowMs, PUBLISH_STEP);
}
