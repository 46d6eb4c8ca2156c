/**
 * A fixture program of test/fixtures/programs wired as the engine tests wire it: the emulator in this process, the
 * SDK's dynamic-provider host configured with the emulator's URL and keys (and none from the environment), and the
 * engine harness running the program, which loads pulumi-finetune from node_modules as users do.
 */
import * as path from "node:path";
import {
  DEFAULT_AZURE_API_KEY,
  DEFAULT_QIANFAN_ACCESS_KEY,
  DEFAULT_QIANFAN_SECRET_KEY,
  EmulatorOptions,
} from "../emulator";
import { EmulatorStack, startEmulatorStack } from "../harness";

export const REPOSITORY_ROOT = path.resolve(__dirname, __filename.endsWith(".ts") ? ".." : "../..");
export const FIXTURE_PROGRAMS = path.join(REPOSITORY_ROOT, "test", "fixtures", "programs");

/** Every credential the stacks are configured with: none may reach state or a serialized provider. */
export const STACK_CREDENTIALS = [
  DEFAULT_AZURE_API_KEY,
  DEFAULT_QIANFAN_ACCESS_KEY,
  DEFAULT_QIANFAN_SECRET_KEY,
];

export type FixtureStack = EmulatorStack;

export function startFixtureStack(
  program: string,
  emulatorOptions: EmulatorOptions = {},
): Promise<FixtureStack> {
  return startEmulatorStack({
    programDir: path.join(FIXTURE_PROGRAMS, program),
    project: "bench",
    emulator: { processingMs: 0, ...emulatorOptions },
  });
}
