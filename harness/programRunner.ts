/**
 * Child-process side of the program harness: runs a Pulumi program (TypeScript or JavaScript) under
 * `pulumi.runtime.setMocks`, in a real Node module system (so closure serialization sees node_modules exactly as
 * under `pulumi up`), and forwards every resource registration to the parent over IPC.
 *
 * Usage: node programRunner.js <programDir> <project> <stack> <preview:true|false>
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { RunnerMessage, ParentMessage } from "./messages";

const [programDir = ".", project = "project", stack = "stack", previewFlag = "false"] = process.argv.slice(2);
const programPath = path.resolve(programDir);
const fromProgram = (id: string) => require(require.resolve(id, { paths: [programPath] }));

registerTypeScript();
const pulumi = fromProgram("@pulumi/pulumi") as typeof import("@pulumi/pulumi");

const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let nextId = 1;
let keepAlive: NodeJS.Timeout | undefined;

function send(message: RunnerMessage): void {
  process.send!(message);
}

function request(kind: "newResource" | "call", payload: unknown): Promise<any> {
  const id = nextId++;
  keepAlive ??= setInterval(() => undefined, 1 << 30);
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
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
process.on("unhandledRejection", (reason) => errors.push(reason instanceof Error ? reason.message : String(reason)));
process.on("uncaughtException", (error) => errors.push(error.message));

pulumi.runtime.setMocks(
  {
    newResource: (args) => request("newResource", { ...args, inputs: withUnknownSentinels(args.inputs) }),
    call: (args) => request("call", args),
  },
  project,
  stack,
  previewFlag === "true",
);

let stackOutputs: Record<string, unknown> = {};
try {
  const program = require(programPath);
  const exported = typeof program === "function" ? program() : program;
  void Promise.resolve(exported).then((value) =>
    pulumi.output(value ?? {}).apply((resolved) => {
      stackOutputs = JSON.parse(JSON.stringify(resolved ?? {}));
    }),
  );
} catch (error) {
  errors.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
}

process.once("beforeExit", () => {
  // Exit only once the message is out: a large one would otherwise be cut off.
  process.send!({ kind: "done", id: 0, payload: { outputs: stackOutputs, errors } } satisfies RunnerMessage, () => process.exit(0));
});

/** Values not known yet (preview) reach the mocks as `pulumi.unknown`; the engine sends providers this string. */
function withUnknownSentinels(value: unknown): any {
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
  const extensions = (require("node:module") as { _extensions: Record<string, Function> })._extensions;
  extensions[".ts"] = (module: { _compile(code: string, file: string): void }, filename: string) => {
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
