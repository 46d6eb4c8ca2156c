/** Parent side of the program harness: runs a program in a child process and answers its registrations. */
import { fork } from "node:child_process";
import * as path from "node:path";
import { childScript } from "./childScript";
import { MockResourceArgs, ParentMessage, RunnerDone, RunnerMessage } from "./messages";
import { HARNESS_COMPILE_CACHE } from "./providerHost";

export interface ProgramRun {
  outputs: Record<string, unknown>;
  errors: string[];
  stdout: string[];
  /** CPU time (user + system) the program's process used, in seconds, as it reported before exiting. */
  cpuSeconds?: number;
}

export interface ProgramOptions {
  programDir: string;
  project: string;
  stack: string;
  preview: boolean;
  env?: Record<string, string | undefined>;
  /** The program's stack config, full keys ("project:key"), as `pulumi config set` gives it. */
  config?: Record<string, string>;
  onNewResource(
    args: MockResourceArgs,
  ): Promise<{ id: string | undefined; state: Record<string, unknown> }>;
}

const RUNNER = childScript("programRunner");
const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

export function runProgram(options: ProgramOptions): Promise<ProgramRun> {
  return new Promise((resolve, reject) => {
    const programDir = path.resolve(options.programDir);
    const child = fork(
      RUNNER,
      [programDir, options.project, options.stack, String(options.preview)],
      {
        cwd: programDir,
        env: {
          ...process.env,
          NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? HARNESS_COMPILE_CACHE,
          ...options.env,
          ...(options.config ? { PULUMI_CONFIG: JSON.stringify(options.config) } : {}),
        },
        stdio: ["ignore", "pipe", "pipe", "ipc"],
        execPath: process.execPath,
      },
    );
    const stdout: string[] = [];
    const stderr: string[] = [];
    child.stdout!.on("data", (c: Buffer) =>
      stdout.push(...c.toString().split("\n").filter(Boolean)),
    );
    child.stderr!.on("data", (c: Buffer) =>
      stderr.push(...c.toString().split("\n").filter(Boolean)),
    );
    let done: RunnerDone | undefined;
    child.on("message", (message: RunnerMessage) => {
      if (message.kind === "done") {
        done = message.payload as RunnerDone;
        return;
      }
      const answer = (reply: ParentMessage) => {
        if (child.connected) child.send(reply);
      };
      if (message.kind === "call") {
        answer({ id: message.id, result: {} });
        return;
      }
      const args = message.payload as MockResourceArgs;
      // The root stack the program runs in (programRunner.ts), as under the CLI: not one of the program's resources.
      if (args.type === ROOT_STACK_TYPE) {
        answer({ id: message.id, result: { id: undefined, state: args.inputs } });
        return;
      }
      options
        .onNewResource(args)
        .then((result) => answer({ id: message.id, result }))
        .catch((error: unknown) =>
          answer({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
        );
    });
    child.once("error", reject);
    // "close", not "exit": a message the child sent just before exiting may reach us after "exit", never after
    // "close" (its channel has been read to the end by then).
    child.once("close", (code) => {
      if (!done) {
        reject(
          new Error(`program runner exited with ${code} before finishing:\n${stderr.join("\n")}`),
        );
        return;
      }
      resolve({ outputs: done.outputs, errors: done.errors, stdout, cpuSeconds: done.cpuSeconds });
    });
  });
}
