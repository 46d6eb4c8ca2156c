import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

const pkg = JSON.parse(read("package.json")) as {
  version: string;
  license: string;
  keywords?: string[];
  engines?: { node?: string };
};

describe("LICENSE", () => {
  const text = read("LICENSE");

  it("is the license package.json names", () => {
    expect(pkg.license).toBe("Apache-2.0");
    expect(text.trimStart()).toMatch(/^Apache License\s+Version 2\.0, January 2004\s/);
  });

  it("is the standard Apache License 2.0 text word for word, with its notice filled in", () => {
    const notice = "   Copyright 2026 the pulumi-finetune authors\n";
    expect(text).toContain(notice);
    expect(text).not.toMatch(/\[yyyy\]|\[name of copyright owner\]/);
    // MD5 of https://www.apache.org/licenses/LICENSE-2.0.txt, whose appendix has the placeholder notice.
    const standard = text.replace(notice, "   Copyright [yyyy] [name of copyright owner]\n");
    expect(createHash("md5").update(standard).digest("hex")).toBe(
      "3b83ef96387f14655fc854ddc3c6bd57",
    );
  });

  it("is in the published package", () => {
    const result = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: ROOT,
      encoding: "utf8",
      env: {
        ...process.env,
        PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`,
      },
    });
    expect(result.status).toBe(0);
    const [packed] = JSON.parse(result.stdout) as { files: { path: string }[] }[];
    expect(packed!.files.map((f) => f.path)).toContain("LICENSE");
  });
});

describe("CHANGELOG.md", () => {
  const text = read("CHANGELOG.md");
  const releases = [...text.matchAll(/^## \[([^\]]+)\](.*)$/gm)].map((m) => ({
    name: m[1]!,
    rest: m[2]!,
    index: m.index,
  }));
  const section = (name: string) => {
    const at = releases.findIndex((r) => r.name === name);
    return text.slice(releases[at]!.index, releases[at + 1]?.index ?? text.length);
  };

  it("follows Keep a Changelog and Semantic Versioning, and says so", () => {
    expect(text).toContain("https://keepachangelog.com/en/1.1.0/");
    expect(text).toContain("https://semver.org/");
  });

  it("opens with an Unreleased section", () => {
    expect(releases[0]).toMatchObject({ name: "Unreleased", rest: "" });
  });

  it("has a dated entry for package.json's version, with changes listed", () => {
    const release = releases.find((r) => r.name === pkg.version);
    expect(release?.rest).toMatch(/^ - \d{4}-\d{2}-\d{2}$/);
    expect(section(pkg.version)).toMatch(/^### Added$/m);
    expect(section(pkg.version)).toMatch(/^- \S/m);
  });

  it("lists releases newest first, each a semantic version", () => {
    const versions = releases.slice(1).map((r) => r.name);
    for (const version of versions) expect(version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
    const key = (v: string) => v.split(/[.-]/).slice(0, 3).map(Number);
    const sorted = [...versions].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      return y[0]! - x[0]! || y[1]! - x[1]! || y[2]! - x[2]!;
    });
    expect(versions).toEqual(sorted);
  });

  it("groups changes only under Keep a Changelog's types", () => {
    const groups = [...text.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) {
      expect(["Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"]).toContain(group);
    }
  });
});

describe("SECURITY.md", () => {
  const text = read("SECURITY.md");

  it("says how to report a vulnerability privately, without inventing an address", () => {
    expect(text).toMatch(/^## Reporting a vulnerability$/m);
    expect(text).toMatch(/privately/);
    expect(text).toMatch(/security advisory/i);
    expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.-]+/);
  });

  it("says which versions are supported", () => {
    expect(text).toMatch(/^## Supported versions$/m);
    expect(text).toMatch(/0\.x/);
  });

  it("states what the package promises about credentials", () => {
    expect(text).toMatch(/^## What the package promises about credentials$/m);
    for (const promise of [
      /never inputs/i,
      /never in state/i,
      /URL-encoded and base64/,
      /loopback/,
      /127\.0\.0\.1/,
      /for local use only/,
    ]) {
      expect(text).toMatch(promise);
    }
  });

  it("names only tests that exist", () => {
    const named = [...text.matchAll(/`(test\/[^`]+\.test\.ts)`/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(0);
    for (const file of named) expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
  });
});

describe("package.json", () => {
  it("has keywords for the registry's search", () => {
    expect(pkg.keywords).toEqual(
      expect.arrayContaining([
        "pulumi",
        "fine-tuning",
        "azure-openai",
        "qianfan",
        "iac",
        "dynamic-provider",
        "llm",
      ]),
    );
  });

  it("declares the Node.js version that npm test and npm start check for", () => {
    const minimum = /MINIMUM_MAJOR = (\d+)/.exec(read("scripts/check-node.js"))?.[1];
    expect(minimum).toBeDefined();
    expect(pkg.engines?.node).toBe(`>=${minimum}`);
  });
});
