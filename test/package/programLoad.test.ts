/**
 * What a program loads when it imports the package and declares every resource: only the resource classes and what
 * they need to register. The hooks and the providers' implementations (input checks, file reading, clients, the
 * `openai` SDK) load in the provider host, and the SDK's closure serializer does not run, since the package writes its
 * providers' text itself. Each of them would cost every `pulumi preview` and `up` the time to load or run it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROGRAMS } from "../helpers/stack";

const REPOSITORY_ROOT = path.resolve(__dirname, "../..");

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

  it("loads neither the hooks nor the providers' implementations", () => {
    const implementations = loaded.packageModules.filter((m) =>
      /(hooks|Provider|Inputs|inputs|client|trainingData|multipart|fileHasher|listing|fileLifecycle|checkCache|transport)/.test(
        m,
      ),
    );
    expect(implementations).toEqual([]);
    expect(loaded.packageModules).toContain("dist/provider/azure-openai/upload.js");
  });
});

describe("arguments that set what the package sets itself", () => {
  it.each(["__provider", "__identity"])("refuses %s, naming it and the fix", (key) => {
    const script = `
      const pulumi = require("@pulumi/pulumi");
      pulumi.runtime.setMocks({ newResource: (a) => ({ id: "id", state: a.inputs }), call: () => ({}) }, "p", "dev", true);
      const { TrainingFile } = require("pulumi-finetune");
      try {
        new TrainingFile("data", { content: "{}", ${JSON.stringify(key)}: "x" });
        console.log("constructed");
      } catch (error) {
        console.log(error.constructor.name + ": " + error.message);
      }`;
    const output = execFileSync(process.execPath, ["-e", script], {
      cwd: path.join(PROGRAMS, "upload"),
      encoding: "utf8",
    });
    expect(output.trim()).toBe(
      `InputError: ${key}: is set by the package for data; remove it from the arguments.`,
    );
  });
});

describe("a copy of the package outside node_modules (npm link, a local path)", () => {
  let linked: string;
  beforeAll(() => {
    // Inside the repository, so that the copy finds @pulumi/pulumi in its node_modules as a linked package would.
    linked = fs.mkdtempSync(path.join(REPOSITORY_ROOT, ".linked-"));
    const installed = path.dirname(
      require.resolve("pulumi-finetune/package.json", { paths: [PROGRAMS] }),
    );
    fs.cpSync(installed, path.join(linked, "pulumi-finetune"), { recursive: true });
  });
  afterAll(() => fs.rmSync(linked, { recursive: true, force: true }));

  it("has its provider serialized by the SDK, by value, with a warning naming the copy", () => {
    const copy = path.join(linked, "pulumi-finetune");
    const script = `
      const pulumi = require("@pulumi/pulumi");
      let provider;
      pulumi.runtime.setMocks(
        {
          newResource: (args) => {
            provider = args.inputs.__provider;
            return { id: args.name + "-id", state: args.inputs };
          },
          call: () => ({}),
        },
        "project",
        "dev",
        true,
      );
      const finetune = require(${JSON.stringify(copy)});
      new finetune.Upload("upload", {});
      process.once("beforeExit", () => console.log(JSON.stringify({ provider })));`;
    const run = spawnSync(process.execPath, ["-e", script], {
      cwd: path.join(PROGRAMS, "upload"),
      encoding: "utf8",
    });
    expect(run.status).toBe(0);
    const { provider } = JSON.parse(run.stdout.trim().split("\n").pop()!) as { provider: string };
    expect(provider).not.toContain('require("pulumi-finetune/');
    expect(provider).toContain("uploadProvider");
    expect(run.stdout + run.stderr).toContain(
      `pulumi-finetune (azure-openai:Upload) is loaded from ${path.join(copy, "dist", "provider", "azure-openai", "hooks", "upload.js")}, outside node_modules`,
    );
  });
});
