/**
 * Polling with backoff for long waits (a file being processed, a job training). Clock and sleep are injectable;
 * each change of state is printed once as a progress line.
 */
import { WaitTimeoutError } from "./errors";
import { progress } from "./progress";
import { realSleep } from "./transport";

export interface WaitClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemWaitClock: WaitClock = { now: () => Date.now(), sleep: realSleep };

let defaultClock: WaitClock = systemWaitClock;

export function setWaitClock(clock: WaitClock | undefined): void {
  defaultClock = clock ?? systemWaitClock;
}

export interface WaitOptions<T> {
  what: string;
  poll: () => Promise<T>;
  describe: (value: T) => string;
  isDone: (value: T) => boolean;
  timeoutMs: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
  timeoutHint: string;
  clock?: WaitClock;
}

export function pollDelays(firstDelayMs: number, maxDelayMs: number, attempt: number): number {
  return Math.min(maxDelayMs, Math.round(firstDelayMs * 1.5 ** attempt));
}

export async function waitUntil<T>(options: WaitOptions<T>): Promise<T> {
  const clock = options.clock ?? defaultClock;
  const started = clock.now();
  let lastState: string | undefined;
  for (let attempt = 0; ; attempt++) {
    const value = await options.poll();
    const state = options.describe(value);
    if (state !== lastState) {
      const seconds = Math.round((clock.now() - started) / 1000);
      progress(`${options.what}: ${state} (${seconds} s)`);
      lastState = state;
    }
    if (options.isDone(value)) return value;
    const elapsed = clock.now() - started;
    if (elapsed >= options.timeoutMs) {
      throw new WaitTimeoutError(
        `${options.what} is still ${state} after ${Math.round(elapsed / 1000)} s. ${options.timeoutHint}`,
      );
    }
    const delay = pollDelays(options.firstDelayMs ?? 500, options.maxDelayMs ?? 10_000, attempt);
    await clock.sleep(Math.min(delay, Math.max(0, options.timeoutMs - elapsed)));
  }
}
