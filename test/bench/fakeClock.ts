import type { WaitClock } from "../../provider/core/clock";

/**
 * A clock that moves only from timer to timer: `run()` lets every promise chain settle, then jumps to the earliest
 * sleep and wakes it, until nothing sleeps. Code that only waits through `sleep` then runs exactly on schedule.
 */
export class FakeClock implements WaitClock {
  private time = 0;
  private order = 0;
  private timers: { atMs: number; order: number; wake: () => void }[] = [];

  now = (): number => this.time;

  sleep = (ms: number): Promise<void> =>
    new Promise((wake) => {
      this.timers.push({ atMs: this.time + Math.max(0, ms), order: this.order++, wake });
    });

  async run(): Promise<void> {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.timers.length === 0) return;
      this.timers.sort((a, b) => a.atMs - b.atMs || a.order - b.order);
      const next = this.timers.shift()!;
      this.time = Math.max(this.time, next.atMs);
      next.wake();
    }
  }
}
