import { execFileSync } from "node:child_process";
import * as path from "node:path";
import {
  installedHooksId,
  isLinkedCopy,
  ModuleResolver,
  requireText,
} from "../../provider/core/serializedHooks";
import { PROGRAMS } from "../helpers/stack";

const INSTALLED = "/app/node_modules/pulumi-finetune/dist/provider/azure-openai/hooks/upload.js";
const PNPM =
  "/app/node_modules/.pnpm/pulumi-finetune@0.1.0/node_modules/pulumi-finetune/dist/provider/qianfan/hooks/service.js";
const resolvesTo =
  (file: string): ModuleResolver =>
  () =>
    file;
const notFound: ModuleResolver = (id) => {
  throw new Error(`Cannot find module '${id}'`);
};

describe("installedHooksId", () => {
  it.each([
    [
      "the package in node_modules",
      INSTALLED,
      resolvesTo(INSTALLED),
      "pulumi-finetune/azure-openai/hooks/upload",
    ],
    [
      "pnpm's store, reached through its link",
      PNPM,
      resolvesTo(PNPM),
      "pulumi-finetune/qianfan/hooks/service",
    ],
    [
      "a nested copy the id does not reach from the program",
      "/app/node_modules/tool/node_modules/pulumi-finetune/dist/provider/azure-openai/hooks/upload.js",
      resolvesTo(INSTALLED),
      undefined,
    ],
    ["a copy the id does not resolve at all", INSTALLED, notFound, undefined],
    [
      "a linked working copy",
      "/home/me/pulumi-finetune/dist/provider/azure-openai/hooks/upload.js",
      resolvesTo("/home/me/pulumi-finetune/dist/provider/azure-openai/hooks/upload.js"),
      undefined,
    ],
    [
      "sources run through ts-node",
      "/app/node_modules/pulumi-finetune/provider/azure-openai/hooks/upload.ts",
      resolvesTo(INSTALLED),
      undefined,
    ],
    [
      "another module of the package",
      "/app/node_modules/pulumi-finetune/dist/provider/azure-openai/uploadProvider.js",
      resolvesTo("/app/node_modules/pulumi-finetune/dist/provider/azure-openai/uploadProvider.js"),
      undefined,
    ],
    [
      "Windows separators",
      "C:\\app\\node_modules\\pulumi-finetune\\dist\\provider\\azure-openai\\hooks\\fineTuneJob.js",
      resolvesTo(
        "C:\\app\\node_modules\\pulumi-finetune\\dist\\provider\\azure-openai\\hooks\\fineTuneJob.js",
      ),
      "pulumi-finetune/azure-openai/hooks/fineTuneJob",
    ],
  ])("%s", (_case, file, resolve, expected) => {
    expect(installedHooksId(file, resolve)).toBe(expected);
  });
});

describe("isLinkedCopy", () => {
  it.each([
    [INSTALLED, false],
    [PNPM, false],
    ["/home/me/pulumi-finetune/dist/provider/azure-openai/hooks/upload.js", true],
    ["C:\\src\\pulumi-finetune\\dist\\provider\\qianfan\\hooks\\model.js", true],
  ])("%s: %s", (file, linked) => {
    expect(isLinkedCopy(file)).toBe(linked);
  });
});

describe("requireText", () => {
  it("is, byte for byte, what the SDK's closure serializer writes for each hooks module installed in node_modules", () => {
    // In a Node process of its own, from a program's directory, as `pulumi up` runs a program (jest has its own
    // module registry, which the serializer does not see).
    const script = `
      const fs = require("node:fs");
      const path = require("node:path");
      const pulumi = require("@pulumi/pulumi");
      const root = path.join(path.dirname(require.resolve("pulumi-finetune/package.json")), "dist", "provider");
      (async () => {
        const texts = {};
        for (const vendor of fs.readdirSync(root)) {
          const dir = path.join(root, vendor, "hooks");
          if (!fs.existsSync(dir)) continue;
          for (const name of fs.readdirSync(dir).filter((n) => n.endsWith(".js"))) {
            const id = "pulumi-finetune/" + vendor + "/hooks/" + name.slice(0, -3);
            const provider = require(id);
            texts[id] = (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
          }
        }
        console.log(JSON.stringify(texts));
      })();`;
    const output = execFileSync(process.execPath, ["-e", script], {
      cwd: path.join(PROGRAMS, "upload"),
      encoding: "utf8",
    });
    const texts = JSON.parse(output) as Record<string, string>;
    expect(Object.keys(texts).sort()).toEqual([
      "pulumi-finetune/azure-openai/hooks/fineTuneJob",
      "pulumi-finetune/azure-openai/hooks/jobCompletion",
      "pulumi-finetune/azure-openai/hooks/trainingFile",
      "pulumi-finetune/azure-openai/hooks/upload",
      "pulumi-finetune/qianfan/hooks/dataset",
      "pulumi-finetune/qianfan/hooks/fineTuneJob",
      "pulumi-finetune/qianfan/hooks/fineTuneTask",
      "pulumi-finetune/qianfan/hooks/model",
      "pulumi-finetune/qianfan/hooks/service",
    ]);
    for (const [id, text] of Object.entries(texts)) expect(requireText(id)).toBe(text);
  });
});
