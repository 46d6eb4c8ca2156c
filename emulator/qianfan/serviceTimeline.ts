// A service's life, derived from the clock: New, Deploying, then Serving (or Failed); Stopped from
// the time it was deactivated, whatever the clock does then.
import { stepStatusAt } from "./timedStep";

export interface QianfanServiceTimings {
  /** From CreateService to `Deploying` (payment and scheduling). */
  newMs: number;
  /** From `Deploying` to `Serving` (or `Failed`). */
  deployingMs: number;
}

export const DEFAULT_QIANFAN_SERVICE_TIMINGS: Readonly<QianfanServiceTimings> = {
  newMs: 2000,
  deployingMs: 10000,
};

export const SERVICE_RUN_STATUSES = ["New", "Deploying", "Serving", "Failed", "Stopped"] as const;
export type QianfanServiceRunStatus = (typeof SERVICE_RUN_STATUSES)[number];

/** What the timeline needs; fixed at create, except the stop. */
export interface ServicePlan {
  readonly createdAtMs: number;
  readonly newMs: number;
  readonly deployingMs: number;
  /** Scripted to end `Failed`. */
  readonly failed: boolean;
  readonly stoppedAtMs: number | undefined;
}

export function servicePhaseEnds(plan: ServicePlan) {
  const deploying = plan.createdAtMs + plan.newMs;
  return { deploying, settled: deploying + plan.deployingMs };
}

export function serviceRunStatusAt(plan: ServicePlan, nowMs: number): QianfanServiceRunStatus {
  if (plan.stoppedAtMs !== undefined) return "Stopped";
  const ends = servicePhaseEnds(plan);
  return stepStatusAt(ends.settled, plan.failed, nowMs, {
    during: nowMs >= ends.deploying ? "Deploying" : "New",
    done: "Serving",
    failed: "Failed",
  });
}

/** A service that holds its model version and its URL: New, Deploying or Serving. */
export const isActiveService = (status: QianfanServiceRunStatus) =>
  status === "New" || status === "Deploying" || status === "Serving";
