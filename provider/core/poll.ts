/**
 * The one polling loop, for every long wait (a file being processed, a job training, a task stopping). It reads,
 * prints a progress line when the state changes, and sleeps with one backoff: the first delay, growing by half
 * after each read that saw no change, up to a cap, and back to the first delay when the state changes.
 */
import { WaitTimeoutError } from "./errors";
import { progress } from "./progress";
import { WaitClock, waitClock } from "./clock";

export interface AfterRead {
  /** The state differs from the previous read's (always true on the first read). */
  changed: boolean;
  done: boolean;
}

export interface PollSpec<T> {
  /** Names what is waited on in progress lines and errors, e.g. "FineTuneJob ftjob-1". */
  what: string;
  read(): Promise<T>;
  /** A short state ("running", "Running 40%"); a new one is printed and resets the backoff. */
  state(value: T): string;
  /** Appended to a state's progress line, without counting as a change (e.g. an estimated finish). */
  detail?(value: T): string;
  done(value: T): boolean;
  timeoutMs: number;
  /** Ends the timeout message: what happened to the object and what to do. */
  timeoutHint: string;
  firstDelayMs: number;
  maxDelayMs: number;
  /** Runs after every read, before its progress line (e.g. to print a job's new events). */
  afterRead?(value: T, read: AfterRead): Promise<void>;
  clock?: WaitClock;
}

/** The delay after a read, given how many reads in a row have seen the same state (0 right after a change). */
export function pollDelayMs(
  readsSinceChange: number,
  firstDelayMs: number,
  maxDelayMs: number,
): number {
  const cap = Math.max(firstDelayMs, maxDelayMs);
  return Math.round(Math.min(cap, firstDelayMs * 1.5 ** readsSinceChange));
}

export async function poll<T>(spec: PollSpec<T>): Promise<T> {
  const clock = spec.clock ?? waitClock();
  const started = clock.now();
  let lastState: string | undefined;
  let readsSinceChange = 0;
  for (;;) {
    const value = await spec.read();
    const state = spec.state(value);
    const changed = state !== lastState;
    const done = spec.done(value);
    await spec.afterRead?.(value, { changed, done });
    if (changed) {
      const seconds = Math.round((clock.now() - started) / 1000);
      progress(`${spec.what}: ${state} (${seconds} s)${spec.detail?.(value) ?? ""}`);
      lastState = state;
      readsSinceChange = 0;
    } else {
      readsSinceChange++;
    }
    if (done) return value;
    const elapsed = clock.now() - started;
    if (elapsed >= spec.timeoutMs) {
      throw new WaitTimeoutError(
        `${spec.what} is still ${state} after ${Math.round(elapsed / 1000)} s. ${spec.timeoutHint}`,
      );
    }
    const delay = pollDelayMs(readsSinceChange, spec.firstDelayMs, spec.maxDelayMs);
    await clock.sleep(Math.min(delay, spec.timeoutMs - elapsed));
  }
}
