import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { load } from "js-yaml";

const ROOT = path.join(__dirname, "..", "..");
const WORKFLOWS = path.join(ROOT, ".github", "workflows");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  "continue-on-error"?: unknown;
}

interface Job {
  "runs-on": string;
  permissions?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown[]> };
  steps: Step[];
}

interface Workflow {
  on: Record<string, Record<string, unknown> | null>;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

function readWorkflow(file: string): { text: string; workflow: Workflow; job: Job } {
  const text = fs.readFileSync(path.join(WORKFLOWS, file), "utf8");
  const workflow = load(text) as Workflow;
  const jobs = Object.values(workflow.jobs);
  expect(jobs).toHaveLength(1);
  return { text, workflow, job: jobs[0]! };
}

const uses = (steps: Step[], action: string) =>
  steps.findIndex((s) => (s.uses ?? "").startsWith(`${action}@`));
const runs = (steps: Step[], pattern: RegExp) => steps.findIndex((s) => pattern.test(s.run ?? ""));

describe(".github/workflows/ci.yml", () => {
  const { workflow, job } = readWorkflow("ci.yml");
  const steps = job.steps;

  it("runs on every push and every pull request", () => {
    expect(Object.keys(workflow.on).sort()).toEqual(["pull_request", "push"]);
    // No branch or path filter: a push anywhere, and every pull request, is tested.
    expect(workflow.on.push).toBeNull();
    expect(workflow.on.pull_request).toBeNull();
  });

  it("tests on Node 20 (where npm ci must work) and Node 22 (the runtime), each leg to the end", () => {
    const versions = (job.strategy?.matrix?.node ?? []).map(String);
    expect(versions).toEqual(expect.arrayContaining(["20", "22"]));
    expect(job.strategy).toMatchObject({ "fail-fast": false });
    const setup = steps[uses(steps, "actions/setup-node")]!;
    expect(setup.with).toMatchObject({ "node-version": "${{ matrix.node }}", cache: "npm" });
  });

  it("checks out, sets up Node, then runs bash .ci/run, which is npm ci then npm test", () => {
    const checkout = uses(steps, "actions/checkout");
    const setup = uses(steps, "actions/setup-node");
    const ci = runs(steps, /^bash \.ci\/run\s*$/);
    expect(checkout).toBe(0);
    expect(setup).toBeGreaterThan(checkout);
    expect(ci).toBeGreaterThan(setup);
    expect(steps[ci]!["continue-on-error"]).toBeUndefined();
    const script = fs
      .readFileSync(path.join(ROOT, ".ci", "run"), "utf8")
      .split("\n")
      .filter((line) => /^npm /.test(line));
    expect(script).toEqual(["npm ci", "npm test"]);
  });

  it("runs the suite on Node 22 on both legs: npm test gets it from the node dev dependency", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      devDependencies: Record<string, string>;
    };
    expect(pkg.devDependencies.node).toMatch(/^\^22\./);
  });
});

describe(".github/workflows/release.yml", () => {
  const { text, workflow, job } = readWorkflow("release.yml");
  const steps = job.steps;
  const publish = runs(steps, /^npm publish\b/);
  const guard = steps.findIndex(
    (s) => /package\.json/.test(s.run ?? "") && /GITHUB_REF_NAME/.test(s.run ?? ""),
  );

  it("runs only when a v* tag is pushed", () => {
    expect(workflow.on).toEqual({ push: { tags: ["v*"] } });
  });

  it("writes the repository it publishes from into package.json before publishing", () => {
    const naming = steps.findIndex((s) => /npm pkg set repository/.test(s.run ?? ""));
    expect(naming).toBeGreaterThan(runs(steps, /^npm test\s*$/));
    expect(naming).toBeLessThan(publish);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "release-repository-"));
    try {
      fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify({ name: "x", version: "1.2.3" }),
      );
      const result = spawnSync(
        "bash",
        ["--noprofile", "--norc", "-eo", "pipefail", "-c", steps[naming]!.run!],
        {
          cwd: dir,
          encoding: "utf8",
          env: {
            PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`,
            HOME: dir,
            GITHUB_REPOSITORY: "acme/pulumi-finetune",
          },
        },
      );
      expect(result.status).toBe(0);
      expect(JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"))).toMatchObject({
        repository: { type: "git", url: "git+https://github.com/acme/pulumi-finetune.git" },
        homepage: "https://github.com/acme/pulumi-finetune#readme",
        bugs: { url: "https://github.com/acme/pulumi-finetune/issues" },
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("may read the repository and mint an OIDC token for provenance, nothing more", () => {
    expect({ ...workflow.permissions, ...job.permissions }).toEqual({
      contents: "read",
      "id-token": "write",
    });
  });

  it("sets up Node 22 against the npm registry", () => {
    const setup = steps[uses(steps, "actions/setup-node")]!;
    expect(String(setup.with?.["node-version"])).toBe("22");
    expect(setup.with?.["registry-url"]).toBe("https://registry.npmjs.org");
  });

  it("publishes with provenance, only after the guard, a clean install and the whole suite", () => {
    const checkout = uses(steps, "actions/checkout");
    const setup = uses(steps, "actions/setup-node");
    const install = runs(steps, /^npm ci\s*$/);
    const test = runs(steps, /^npm test\s*$/);
    expect(checkout).toBe(0);
    expect(setup).toBeGreaterThan(checkout);
    expect(guard).toBeGreaterThan(setup);
    expect(install).toBeGreaterThan(setup);
    expect(test).toBeGreaterThan(install);
    expect(publish).toBeGreaterThan(Math.max(test, guard));
    for (const index of [guard, install, test, publish]) {
      expect(steps[index]!["continue-on-error"]).toBeUndefined();
      expect(steps[index]!.if).toBeUndefined();
    }
    const command = steps[publish]!.run!.trim().split(/\s+/);
    expect(command).toEqual(expect.arrayContaining(["--provenance", "--access", "public"]));
    expect(command[command.indexOf("--access") + 1]).toBe("public");
  });

  it("reads the npm token from a repository secret, never a literal", () => {
    expect(steps[publish]!.env).toEqual({ NODE_AUTH_TOKEN: "${{ secrets.NPM_TOKEN }}" });
    for (const env of [workflow.env, ...steps.map((s) => s.env)]) {
      for (const [name, value] of Object.entries(env ?? {})) {
        if (/TOKEN|AUTH/.test(name)) expect(value).toMatch(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/);
      }
    }
    expect(text).not.toMatch(/npm_[A-Za-z0-9]{20,}/); // npm's token format
    expect(text).not.toMatch(/_authToken/);
  });

  describe("the guard: the tag must be v + package.json's version", () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "release-guard-"));
      fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ version: "1.2.3" }));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    const runGuard = (tag: string) =>
      // As GitHub's runner runs a `run:` step.
      spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", steps[guard]!.run!], {
        cwd: dir,
        encoding: "utf8",
        env: {
          PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`,
          GITHUB_REF_NAME: tag,
        },
      });

    it("passes for the tag v<version>", () => {
      const result = runGuard("v1.2.3");
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
    });

    it.each(["v1.2.4", "1.2.3", "v1.2.3-rc.1", "v1.2", "v"])("fails for the tag %j", (tag) => {
      const result = runGuard(tag);
      expect(result.status).not.toBe(0);
      expect(result.stdout).toContain(`'${tag}' is not 'v1.2.3'`);
    });
  });
});
