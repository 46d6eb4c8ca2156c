/**
 * The examples as the quick start, the crash sweep and the tests run them against the emulator: Qianfan's waits made
 * seconds long instead of minutes to hours, and the stack config that makes the examples poll at that pace.
 */
import type { EmulatorOptions } from "../emulator";

/**
 * Imports, training runs, model publishing and deploys in seconds: long enough for each wait to print its
 * progress, short enough for `npm start` with the qianfan example's 1 s poll interval.
 */
export const EXAMPLE_QIANFAN_TIMINGS = {
  qianfanDatasetTimings: { importingMs: 1500, publishingMs: 500 },
  qianfanTaskTimings: { waitingMs: 500, runningMs: 2000 },
  qianfanModelTimings: { creatingMs: 1000 },
  qianfanServiceTimings: { newMs: 500, deployingMs: 1500 },
} as const satisfies EmulatorOptions;

/** Qianfan's datasets, model versions and services ready at their first read. */
export const INSTANT_QIANFAN_CONSOLE_TIMINGS = {
  qianfanDatasetTimings: { importingMs: 0, publishingMs: 0 },
  qianfanModelTimings: { creatingMs: 0 },
  qianfanServiceTimings: { newMs: 0, deployingMs: 0 },
} as const satisfies EmulatorOptions;

/**
 * Every Qianfan wait over at its first read, tasks' too: for the crash sweep, whose kill points are requests, and
 * which would otherwise spend a poll interval (at least 1 s) on each of the qianfan example's five waits, twice per
 * scenario.
 */
export const INSTANT_QIANFAN_TIMINGS = {
  ...INSTANT_QIANFAN_CONSOLE_TIMINGS,
  qianfanTaskTimings: { waitingMs: 0, runningMs: 0 },
} as const satisfies EmulatorOptions;

/** An example's own stack config beyond the endpoints and keys, keys without the project's prefix. */
const EXAMPLE_CONFIG: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  qianfan: { pollIntervalSeconds: "1" },
};

/** The example's own stack config (see EXAMPLE_CONFIG), without the project's prefix, for `pulumi config set`. */
export function exampleConfig(example: string): Readonly<Record<string, string>> {
  return EXAMPLE_CONFIG[example] ?? {};
}

/** The same in the project's namespace, as the program reads it (`new pulumi.Config()`). */
export function exampleProgramConfig(example: string, project: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(exampleConfig(example)).map(([key, value]) => [`${project}:${key}`, value]),
  );
}
