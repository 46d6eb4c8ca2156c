/** The mocks harness: runs a program under `setMocks` and returns what it registered, providers included. */
import { MockResourceArgs } from "./messages";
import { runProgram } from "./program";

export interface Registration {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** The serialized provider (`__provider`) a dynamic resource would store in state. */
  provider?: string;
}

export interface CapturedProgram {
  registrations: Registration[];
  outputs: Record<string, unknown>;
  errors: string[];
}

export async function captureRegistrations(options: {
  programDir: string;
  project?: string;
  stack?: string;
  env?: Record<string, string | undefined>;
  /** Pulumi config for the program, full keys ("project:key"). */
  config?: Record<string, string>;
  /** Outputs a resource should report beyond its inputs (mocks otherwise echo the inputs). */
  outputsFor?: (registration: Registration) => Record<string, unknown> | undefined;
}): Promise<CapturedProgram> {
  const registrations: Registration[] = [];
  const run = await runProgram({
    programDir: options.programDir,
    project: options.project ?? "project",
    stack: options.stack ?? "stack",
    preview: false,
    env: options.env,
    config: options.config,
    onNewResource: async (args: MockResourceArgs) => {
      const { __provider, ...inputs } = args.inputs;
      const registration = {
        type: args.type,
        name: args.name,
        inputs,
        provider: typeof __provider === "string" ? __provider : undefined,
      };
      registrations.push(registration);
      const state = { ...args.inputs, ...options.outputsFor?.(registration) };
      return { id: args.custom ? `${args.name}-id` : undefined, state };
    },
  });
  return { registrations, outputs: run.outputs, errors: run.errors };
}
