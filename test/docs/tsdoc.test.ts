/**
 * Help where people read it: every public resource, every input of its `…Args` interface and every output it
 * declares has a doc comment, so an editor's hover says what the README says.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";

const PROVIDER = path.resolve(__dirname, "../../provider");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

const hasDoc = (node: ts.Node) =>
  ts.getJSDocCommentsAndTags(node).some((doc) => ts.isJSDoc(doc) && doc.comment);
const isExported = (node: ts.Node) =>
  ts.canHaveModifiers(node) &&
  (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

interface Undocumented {
  what: string;
  where: string;
}

/** What users see: exported `…Args` interfaces' members, and exported resource classes and their declared outputs. */
function undocumented(): { checked: number; missing: Undocumented[] } {
  let checked = 0;
  const missing: Undocumented[] = [];
  for (const file of sourceFiles(PROVIDER)) {
    const source = ts.createSourceFile(
      file,
      fs.readFileSync(file, "utf8"),
      ts.ScriptTarget.ES2022,
      true,
    );
    const where = (node: ts.Node) =>
      `${path.relative(PROVIDER, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const check = (node: ts.Node, what: string) => {
      checked++;
      if (!hasDoc(node)) missing.push({ what, where: where(node) });
    };
    source.forEachChild((node) => {
      if (ts.isInterfaceDeclaration(node) && isExported(node) && node.name.text.endsWith("Args")) {
        for (const member of node.members) {
          if (ts.isPropertySignature(member))
            check(member, `${node.name.text}.${member.name.getText(source)}`);
        }
      }
      const resource =
        ts.isClassDeclaration(node) &&
        isExported(node) &&
        (node.heritageClauses ?? []).some((h) =>
          /FinetuneResource|ComponentResource/.test(h.getText(source)),
        );
      if (resource && node.name) {
        check(node, `class ${node.name.text}`);
        for (const member of node.members) {
          if (ts.isPropertyDeclaration(member) && member.name.getText(source) !== "deployment") {
            check(member, `${node.name.text}.${member.name.getText(source)} (output)`);
          }
        }
      }
    });
  }
  return { checked, missing };
}

describe("doc comments on the public API", () => {
  it("every resource, input and output has one", () => {
    const { checked, missing } = undocumented();
    expect(checked).toBeGreaterThan(120);
    expect(missing.map((m) => `${m.what} (${m.where})`)).toEqual([]);
  });
});

const TYPEDOC = path.resolve(__dirname, "../../node_modules/typedoc/bin/typedoc");

describe("npm run docs", () => {
  it("generates the API reference with TypeDoc, warnings refused, from those comments", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-finetune-docs-"));
    try {
      const run = spawnSync(process.execPath, [TYPEDOC, "--out", out], {
        cwd: path.resolve(__dirname, "../.."),
        encoding: "utf8",
      });
      expect(run.status).toBe(0);
      const page = (name: string) => fs.readFileSync(path.join(out, name), "utf8");
      expect(page("classes/FineTuneJob.html")).toContain("FineTuneJob");
      expect(page("interfaces/FineTuneJobArgs.html")).toContain("A declarative pause");
      expect(page("interfaces/QianfanFineTuneTaskArgs.html")).toContain(
        "Replaces the task when changed",
      );
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
