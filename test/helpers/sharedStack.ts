/**
 * One provider host for a whole test file and a fresh emulator for each case. The host is a process that loads the
 * Pulumi SDK, and most of what a stack costs to start; an emulator starts in this process in milliseconds. The
 * host's provider is configured once per process, with the first emulator's URL, so each case's emulator listens
 * on that same port.
 */
import { Emulator, startEmulator } from "../../emulator";
import type { Engine, ProviderHost } from "../../harness";
import { startTestStack, testEmulatorOptions, TestStack, TestStackOptions } from "./stack";

export interface SharedStack {
  /** This case's emulator: no object, request or fault of an earlier case. */
  readonly emulator: Emulator;
  readonly engine: Engine;
  readonly host: ProviderHost;
  /** What the host printed during this case. */
  logs(): string;
}

/** Starts the stack before the file's first case, a new emulator before each case, and stops all after the last. */
export function useSharedStack(options: TestStackOptions): SharedStack {
  let base: TestStack | undefined;
  let current: Emulator | undefined;
  let logsFrom = 0;
  const stack = (): TestStack => {
    if (!base) throw new Error("useSharedStack: the stack is used outside a case.");
    return base;
  };

  beforeAll(async () => {
    base = await startTestStack(options);
  });
  beforeEach(async () => {
    const first = stack().emulator;
    if (current) {
      await current.close();
      current = await startEmulator({
        ...testEmulatorOptions(options),
        port: Number(new URL(first.url).port),
      });
    } else {
      current = first;
    }
    logsFrom = stack().host.logs.length;
  });
  afterAll(async () => {
    await current?.close();
    await base?.close();
  });

  return {
    get emulator() {
      if (!current) throw new Error("useSharedStack: the emulator is used outside a case.");
      return current;
    },
    get engine() {
      return stack().engine;
    },
    get host() {
      return stack().host;
    },
    logs: () => stack().host.logs.slice(logsFrom).join("\n"),
  };
}
