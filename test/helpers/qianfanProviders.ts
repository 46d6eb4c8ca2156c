/**
 * An emulator per case for Qianfan providers called directly, without the engine: they find it and its well-known
 * keys in the environment, as in a program; their progress lines are kept. With a manual clock, requests are signed
 * at the emulator's time and every wait moves that clock on, so waits of minutes take no time.
 */
import {
  createManualClock,
  DEFAULT_QIANFAN_ACCESS_KEY,
  DEFAULT_QIANFAN_SECRET_KEY,
  type Emulator,
  type EmulatorOptions,
  type ManualClock,
  startEmulator,
} from "../../emulator";
import { setWaitClock } from "../../provider/core/clock";
import { setProgressSink } from "../../provider/core/progress";
import { setQianfanTransportOverrides } from "../../provider/qianfan/client";

export interface QianfanProvidersOptions {
  emulator?: EmulatorOptions;
  /** A manual clock, from now, for the emulator, the signatures and the waits. */
  manualClock?: boolean;
}

export interface QianfanProvidersCase {
  readonly emulator: Emulator;
  /** The manual clock (only with `manualClock`). */
  readonly clock: ManualClock;
  /** The progress lines of this case. */
  readonly lines: string[];
}

export function useQianfanProviders(options: QianfanProvidersOptions = {}): QianfanProvidersCase {
  let emulator: Emulator | undefined;
  let clock: ManualClock | undefined;
  let lines: string[] = [];
  let restoreSink = () => undefined as void;
  const saved = { ...process.env };

  beforeEach(async () => {
    clock = options.manualClock ? createManualClock(Date.now()) : undefined;
    emulator = await startEmulator({ ...options.emulator, ...(clock && { clock }) });
    process.env.QIANFAN_ACCESS_KEY = DEFAULT_QIANFAN_ACCESS_KEY;
    process.env.QIANFAN_SECRET_KEY = DEFAULT_QIANFAN_SECRET_KEY;
    process.env.QIANFAN_CONSOLE_API_BASE_URL = emulator.url;
    if (clock) {
      const manual = clock;
      setQianfanTransportOverrides({ now: () => manual.now(), policy: { maxAttempts: 1 } });
      setWaitClock({ now: () => manual.now(), sleep: async (ms) => manual.advance(ms) });
    }
    lines = [];
    restoreSink = setProgressSink((line) => lines.push(line));
  });

  afterEach(async () => {
    restoreSink();
    setWaitClock(undefined);
    setQianfanTransportOverrides({});
    process.env = { ...saved };
    await emulator?.close();
    emulator = undefined;
  });

  return {
    get emulator() {
      if (!emulator) throw new Error("useQianfanProviders: the emulator runs only inside a case.");
      return emulator;
    },
    get clock() {
      if (!clock) throw new Error("useQianfanProviders: this file's emulator has no manual clock.");
      return clock;
    },
    get lines() {
      return lines;
    },
  };
}
