/**
 * Time as the package's waits see it: `now` and `sleep`, replaceable in tests so that waits of hours run in
 * milliseconds. Every poll and every create's "since" reads the clock set here.
 */
export interface WaitClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

export const systemWaitClock: WaitClock = { now: () => Date.now(), sleep: realSleep };

let current: WaitClock = systemWaitClock;

export function setWaitClock(clock: WaitClock | undefined): void {
  current = clock ?? systemWaitClock;
}

export function waitClock(): WaitClock {
  return current;
}
