/**
 * The layout rules of CONTRIBUTING.md, checked on the sources: no import cycles (type imports count), core/ stands
 * alone, each vendor folder builds only on core/, the emulator's vendors never import each other, and the package,
 * the emulator and the policy pack do not reach into each other.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "../..");
const SOURCE_FOLDERS = [
  "provider",
  "emulator",
  "harness",
  "policy",
  "bench",
  "scripts",
  "examples",
  "test",
];

function sourceFiles(folder: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules") walk(full);
      } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) files.push(full);
    }
  };
  if (fs.existsSync(path.join(ROOT, folder))) walk(path.join(ROOT, folder));
  return files;
}

/** Every file's relative imports (import, export ... from, require, import type), resolved to files. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of SOURCE_FOLDERS.flatMap(sourceFiles)) {
    const imported = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true).importedFiles;
    const targets = imported
      .map((i) => i.fileName)
      .filter((name) => name.startsWith("."))
      .map((name) => path.resolve(path.dirname(file), name))
      .flatMap((base) =>
        [`${base}.ts`, path.join(base, "index.ts")]
          .filter((candidate) => fs.existsSync(candidate))
          .slice(0, 1),
      );
    graph.set(
      path.relative(ROOT, file),
      targets.map((t) => path.relative(ROOT, t)),
    );
  }
  return graph;
}

/** Strongly connected components of more than one file, or a file importing itself (Tarjan). */
function cyclesOf(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const indexOf = new Map<string, number>();
  const lowOf = new Map<string, number>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    indexOf.set(node, index);
    lowOf.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indexOf.has(next)) {
        visit(next);
        lowOf.set(node, Math.min(lowOf.get(node)!, lowOf.get(next)!));
      } else if (onStack.has(next)) lowOf.set(node, Math.min(lowOf.get(node)!, indexOf.get(next)!));
    }
    if (lowOf.get(node) !== indexOf.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node))
      cycles.push(component.sort());
  };
  for (const node of graph.keys()) if (!indexOf.has(node)) visit(node);
  return cycles;
}

const graph = importGraph();

/** The imports from files under `from` that land under `to`. */
function importsBetween(from: string, to: string): string[] {
  return [...graph].flatMap(([file, targets]) =>
    file.startsWith(from)
      ? targets.filter((t) => t.startsWith(to)).map((t) => `${file} -> ${t}`)
      : [],
  );
}

describe("layout", () => {
  it("reads the sources it checks", () => {
    expect(graph.size).toBeGreaterThan(200);
    expect(graph.get("provider/index.ts")).toContain("provider/azure-openai/index.ts");
  });

  it.each<[string, Map<string, string[]>, number]>([
    [
      "none",
      new Map([
        ["a", ["b"]],
        ["b", []],
      ]),
      0,
    ],
    [
      "two files",
      new Map([
        ["a", ["b"]],
        ["b", ["a"]],
      ]),
      1,
    ],
    [
      "three files through a third",
      new Map([
        ["a", ["b"]],
        ["b", ["c"]],
        ["c", ["a"]],
        ["d", ["a"]],
      ]),
      1,
    ],
    ["a file importing itself", new Map([["a", ["a"]]]), 1],
  ])("the cycle finder: %s", (_name, sample, count) => {
    expect(cyclesOf(sample)).toHaveLength(count);
  });

  it("has no import cycles", () => {
    expect(cyclesOf(graph)).toEqual([]);
  });

  it.each([
    [
      "provider/core/ imports nothing else of the package",
      "provider/core/",
      ["provider/"],
      ["provider/core/"],
    ],
    [
      "provider/azure-openai/ builds on core/ only",
      "provider/azure-openai/",
      ["provider/"],
      ["provider/core/", "provider/azure-openai/"],
    ],
    [
      "provider/qianfan/ builds on core/ only",
      "provider/qianfan/",
      ["provider/"],
      ["provider/core/", "provider/qianfan/"],
    ],
    [
      "the package does not reach into the emulator, harness or tests",
      "provider/",
      ["emulator/", "harness/", "test/", "bench/", "policy/"],
      [],
    ],
    [
      "the emulator does not use the package",
      "emulator/",
      ["provider/", "harness/", "policy/"],
      [],
    ],
    ["the policy pack stands alone", "policy/", ["provider/", "emulator/", "harness/"], []],
    [
      "the emulator's Azure side does not import its Qianfan side",
      "emulator/azure/",
      ["emulator/qianfan/"],
      [],
    ],
    [
      "the emulator's Qianfan side does not import its Azure side",
      "emulator/qianfan/",
      ["emulator/azure/"],
      [],
    ],
  ])("%s", (_rule, from, watched, allowed) => {
    const offending = watched
      .flatMap((to) => importsBetween(from, to))
      .filter((edge) => !allowed.some((ok) => edge.split(" -> ")[1]!.startsWith(ok)));
    expect(offending).toEqual([]);
  });
});
