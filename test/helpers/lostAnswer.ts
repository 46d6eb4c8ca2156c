import type { Emulator } from "../../emulator";

/** The next answer to `route` is lost: the emulator does the work, then drops the connection unanswered. */
export function loseNextAnswer(emulator: Emulator, route: string): void {
  emulator.faults.add({ route, after: true, drop: true });
}
