// One timed step of a console object on the emulator clock (an import, a publish, a model version, a deploy):
// under way until its time is up, then done, or failed when the test scripted it to fail.

export interface StepStatuses<S extends string> {
  readonly during: S;
  readonly done: S;
  readonly failed: S;
}

export function stepStatusAt<S extends string>(
  endsAtMs: number,
  failed: boolean,
  nowMs: number,
  statuses: StepStatuses<S>,
): S {
  if (nowMs < endsAtMs) return statuses.during;
  return failed ? statuses.failed : statuses.done;
}
