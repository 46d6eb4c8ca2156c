/**
 * What a sweep deletes, decided from a listing alone (pure, for the table tests). An object is this package's only
 * if its name carries the sweep marker with the tag asked for; a job is, if it trains on such a file. Stale means
 * created at least `olderThanSeconds` ago. A stale file still used by a job that stays is kept.
 */
import { sweepTagOf } from "../azure-openai/sweepMarker";

export interface ListedFile {
  id: string;
  filename: string;
  created_at: number;
  status?: string;
}

export interface ListedJob {
  id: string;
  status: string;
  created_at: number;
  training_file: string;
  validation_file?: string | null;
}

export interface SweepCriteria {
  tag: string;
  olderThanSeconds: number;
  nowSeconds: number;
}

export interface SweepItem {
  kind: "job" | "file";
  id: string;
  name: string;
  ageSeconds: number;
}

export interface KeptItem extends SweepItem {
  reason: string;
}

export interface SweepPlan {
  /** In the order to delete them: jobs first, so no file is in use when its turn comes. */
  remove: SweepItem[];
  /** Marked with the tag but kept, with why. */
  kept: KeptItem[];
  /** Objects without this tag's marker: never touched. */
  ignored: number;
}

const GONE = new Set(["deleted", "deleting"]);

export function planSweep(
  files: readonly ListedFile[],
  jobs: readonly ListedJob[],
  criteria: SweepCriteria,
): SweepPlan {
  const age = (createdAt: number) => criteria.nowSeconds - createdAt;
  const stale = (createdAt: number) => age(createdAt) >= criteria.olderThanSeconds;
  const ours = new Map(
    files
      .filter((file) => !GONE.has(file.status ?? "") && sweepTagOf(file.filename) === criteria.tag)
      .map((file) => [file.id, file]),
  );
  const ourJobs = jobs.filter(
    (job) =>
      ours.has(job.training_file) || (job.validation_file ? ours.has(job.validation_file) : false),
  );
  const remove: SweepItem[] = [];
  const kept: KeptItem[] = [];
  const keptJobs: ListedJob[] = [];
  for (const job of ourJobs) {
    const item: SweepItem = {
      kind: "job",
      id: job.id,
      name: `${job.status}, trains on ${job.training_file}`,
      ageSeconds: age(job.created_at),
    };
    if (stale(job.created_at)) remove.push(item);
    else {
      kept.push({ ...item, reason: "newer than the age given" });
      keptJobs.push(job);
    }
  }
  for (const file of ours.values()) {
    const item: SweepItem = {
      kind: "file",
      id: file.id,
      name: file.filename,
      ageSeconds: age(file.created_at),
    };
    const user = keptJobs.find(
      (job) => job.training_file === file.id || job.validation_file === file.id,
    );
    if (!stale(file.created_at)) kept.push({ ...item, reason: "newer than the age given" });
    else if (user) kept.push({ ...item, reason: `used by job ${user.id}, which stays` });
    else remove.push(item);
  }
  return { remove, kept, ignored: files.length - ours.size + jobs.length - ourJobs.length };
}
