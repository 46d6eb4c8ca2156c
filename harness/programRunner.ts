/**
 * Child-process side of the program harness: runs a Pulumi program (TypeScript or JavaScript) under
 * `pulumi.runtime.setMocks`, in a real Node module system (so closure serialization sees node_modules exactly as
 * under `pulumi up`), and forwards every resource registration to the parent over IPC.
 *
 * Usage: node programRunner.js <programDir> <project> <stack> <preview:true|false>
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { MockCallResult, MockResourceResult } from "@pulumi/pulumi/runtime";
import { RunnerMessage, ParentMessage } from "./messages";

/** A loader in Node's (internal) Module._extensions. */
type ModuleLoader = (
  module: { _compile: (code: string, file: string) => void },
  filename: string,
) => void;

const [programDir = ".", project = "project", stack = "stack", previewFlag = "false"] =
  process.argv.slice(2);
const programPath = path.resolve(programDir);
const fromProgram = (id: string): unknown => require(require.resolve(id, { paths: [programPath] }));

registerTypeScript();
const pulumi = fromProgram("@pulumi/pulumi") as typeof import("@pulumi/pulumi");

const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let nextId = 1;
let keepAlive: NodeJS.Timeout | undefined;

function send(message: RunnerMessage): void {
  process.send!(message);
}

/** What the parent answers is what the mocks return: the parent runs the test's own mocks. */
function request<T>(kind: "newResource" | "call", payload: unknown): Promise<T> {
  const id = nextId++;
  keepAlive ??= setInterval(() => undefined, 1 << 30);
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: (value) => resolve(value as T), reject });
    send({ kind, id, payload });
  });
}

process.on("message", (message: ParentMessage) => {
  const waiter = pending.get(message.id);
  if (!waiter) return;
  pending.delete(message.id);
  if (pending.size === 0 && keepAlive) {
    clearInterval(keepAlive);
    keepAlive = undefined;
  }
  if (message.error !== undefined) waiter.reject(new Error(message.error));
  else waiter.resolve(message.result);
});
process.channel?.unref();

const errors: string[] = [];
process.on("unhandledRejection", (reason) =>
  errors.push(reason instanceof Error ? reason.message : String(reason)),
);
process.on("uncaughtException", (error) => errors.push(error.message));

// setMocks is async in its signature only: it has installed the mocks when it returns, before the program is
// loaded below; a rejection would reach the unhandledRejection handler above, as before.
void pulumi.runtime.setMocks(
  {
    newResource: (args) =>
      request<MockResourceResult>("newResource", {
        ...args,
        inputs: withUnknownSentinels(args.inputs),
      }),
    call: (args) => request<MockCallResult>("call", args),
  },
  project,
  stack,
  previewFlag === "true",
);

let stackOutputs: Record<string, unknown> = {};
// As the CLI's language host runs a program: inside the root `pulumi:pulumi:Stack` resource, which it registers
// first (so every program, an empty one too, makes one registration) and whose outputs are the program's exports.
const { Stack } = fromProgram("@pulumi/pulumi/runtime/stack") as {
  Stack: new (init: () => Promise<unknown>) => {
    outputs: import("@pulumi/pulumi").Output<unknown>;
  };
};
const root = new Stack(async () => {
  try {
    const program: unknown = require(programPath);
    return await (typeof program === "function" ? (program as () => unknown)() : program);
  } catch (error) {
    errors.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return {};
  }
});
root.outputs.apply((resolved) => {
  stackOutputs = JSON.parse(JSON.stringify(resolved ?? {})) as Record<string, unknown>;
});

process.once("beforeExit", () => {
  // Exit only once the message is out: a large one would otherwise be cut off.
  const cpu = process.cpuUsage();
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  process.send!(
    {
      kind: "done",
      id: 0,
      payload: { outputs: stackOutputs, errors, cpuSeconds },
    } satisfies RunnerMessage,
    () => process.exit(0),
  );
});

/** Values not known yet (preview) reach the mocks as `pulumi.unknown`; the engine sends providers this string. */
function withUnknownSentinels(value: unknown): unknown {
  if (pulumi.isUnknown(value)) return UNKNOWN_SENTINEL;
  if (Array.isArray(value)) return value.map(withUnknownSentinels);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withUnknownSentinels(v)]));
  }
  return value;
}

/** Transpile-only TypeScript loading, as the Pulumi CLI does for TypeScript programs. */
function registerTypeScript(): void {
  const ts = fromProgram("typescript") as typeof import("typescript");
  const extensions = (require("node:module") as { _extensions: Record<string, ModuleLoader> })
    ._extensions;
  extensions[".ts"] = (module, filename) => {
    const source = fs.readFileSync(filename, "utf8");
    const output = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        sourceMap: false,
      },
    });
    module._compile(output.outputText, filename);
  };
}
