// A custom model version's life, derived from the clock: Creating, then Ready (or Fail).
import { stepStatusAt } from "./timedStep";

export interface QianfanModelTimings {
  /** From CreateCustomModel to `Ready` (or `Fail`). */
  creatingMs: number;
}

export const DEFAULT_QIANFAN_MODEL_TIMINGS: Readonly<QianfanModelTimings> = { creatingMs: 5000 };

/** DescribeModel's states (qianfan-api doc Imnim2i64: Ready, Creating, Fail). */
export type QianfanModelState = "Creating" | "Ready" | "Fail";

/** What the timeline needs; fixed at create. */
export interface ModelPlan {
  readonly createdAtMs: number;
  readonly creatingMs: number;
  /** Scripted to end `Fail`. */
  readonly failed: boolean;
}

export const modelSettlesAtMs = (plan: ModelPlan) => plan.createdAtMs + plan.creatingMs;

export function modelStateAt(plan: ModelPlan, nowMs: number): QianfanModelState {
  return stepStatusAt(modelSettlesAtMs(plan), plan.failed, nowMs, {
    during: "Creating",
    done: "Ready",
    failed: "Fail",
  });
}
