/**
 * A test stack: the emulator, the SDK's dynamic-provider host configured with stack config, and the engine
 * harness running a fixture program, as `pulumi up` would.
 */
import * as path from "node:path";
import { Emulator, EmulatorOptions } from "../../emulator";
import { EmulatorStack, startEmulatorStack } from "../../harness";

export const PROGRAMS = path.join(__dirname, "..", "fixtures", "programs");

export type TestStack = EmulatorStack;

export interface TestStackOptions {
  program: string;
  emulator?: EmulatorOptions;
  config?: Record<string, string>;
  hostEnv?: Record<string, string | undefined>;
  programEnv?: Record<string, string | undefined>;
  /** The host's `waitDivisor`: default 1, real waits. */
  waitDivisor?: number;
}

/** The emulator a test stack starts: files process in 100 ms unless the test says otherwise. */
export function testEmulatorOptions(options: TestStackOptions): EmulatorOptions {
  return { processingMs: 100, ...options.emulator };
}

export function startTestStack(options: TestStackOptions): Promise<TestStack> {
  return startEmulatorStack({
    programDir: path.join(PROGRAMS, options.program),
    project: "test",
    emulator: testEmulatorOptions(options),
    config: options.config,
    hostEnv: options.hostEnv,
    programEnv: options.programEnv,
    waitDivisor: options.waitDivisor,
  });
}

/** Requests the emulator answered, as route keys ("POST /openai/files"). */
export function requestKeys(emulator: Emulator): string[] {
  return emulator.requests.map((r) => r.route);
}
