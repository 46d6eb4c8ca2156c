/**
 * What a program loads when it imports the package and declares every resource: only the resource classes, their
 * hooks and what they need to register. The providers' implementations (input checks, file reading, clients, the
 * `openai` SDK) load in the provider host, and the SDK's closure serializer not at all, since the package writes its
 * providers' text itself. Each of them costs every `pulumi preview` and `up` the time to load it.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { PROGRAMS } from "../helpers/stack";

const CLASSES = [
  "TrainingFile",
  "Upload",
  "FineTuneJob",
  "JobCompletion",
  "QianfanDataset",
  "QianfanFineTuneJob",
  "QianfanFineTuneTask",
  "QianfanModel",
  "QianfanService",
];

interface Loaded {
  packageModules: string[];
  closureSerializer: boolean;
  openai: boolean;
  providers: Record<string, string>;
}

function runProgram(): Loaded {
  const script = `
    const pulumi = require("@pulumi/pulumi");
    const providers = {};
    pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          providers[args.type] = args.inputs.__provider;
          return { id: args.name + "-id", state: args.inputs };
        },
        call: () => ({}),
      },
      "project",
      "dev",
      true,
    );
    const finetune = require("pulumi-finetune");
    for (const name of ${JSON.stringify(CLASSES)}) new finetune[name](name.toLowerCase(), {});
    process.once("beforeExit", () => {
      const files = Object.keys(require.cache);
      console.log(JSON.stringify({
        packageModules: files
          .filter((f) => f.includes("/node_modules/pulumi-finetune/"))
          .map((f) => f.split("/node_modules/pulumi-finetune/")[1]),
        // @pulumi/pulumi loads the serializer's modules; its V8 inspector part loads when a function is serialized.
        closureSerializer: files.some((f) => f.includes("/runtime/closure/v8Hooks.js")),
        openai: files.some((f) => f.includes("/node_modules/openai/")),
        providers,
      }));
    });`;
  const output = execFileSync(process.execPath, ["-e", script], {
    cwd: path.join(PROGRAMS, "upload"),
    encoding: "utf8",
  });
  return JSON.parse(output.trim().split("\n").pop()!) as Loaded;
}

describe("a program that declares every resource", () => {
  let loaded: Loaded;
  beforeAll(() => {
    loaded = runProgram();
  });

  it("registers each with its provider as one require() of the package's hooks", () => {
    expect(Object.keys(loaded.providers)).toHaveLength(CLASSES.length);
    for (const [type, text] of Object.entries(loaded.providers)) {
      const vendor = type.startsWith("pulumi-nodejs:dynamic/qianfan:") ? "qianfan" : "azure-openai";
      expect(text).toContain(`require("pulumi-finetune/${vendor}/hooks/`);
    }
  });

  it("runs no closure serializer (no V8 inspector session) and loads no `openai`", () => {
    expect(loaded.closureSerializer).toBe(false);
    expect(loaded.openai).toBe(false);
  });

  it("loads none of the providers' implementations", () => {
    const implementations = loaded.packageModules.filter((m) =>
      /(Provider|Inputs|inputs|client|trainingData|multipart|fileHasher|listing|fileLifecycle|checkCache|transport)/.test(
        m,
      ),
    );
    expect(implementations).toEqual([]);
    // The hooks are loaded, their implementations are not.
    expect(loaded.packageModules).toContain("dist/provider/azure-openai/hooks/upload.js");
  });
});
