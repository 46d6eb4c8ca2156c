import * as fs from "node:fs";
import * as path from "node:path";
import { load } from "js-yaml";

const FILE = path.join(__dirname, "..", "..", "examples", "ci", "github-actions.yml");

interface Step {
  name?: string;
  run?: string;
  if?: string;
}

describe("examples/ci/github-actions.yml", () => {
  const text = fs.readFileSync(FILE, "utf8");
  const workflow = load(text) as {
    env: Record<string, string>;
    jobs: Record<string, { steps: Step[]; "timeout-minutes": number }>;
  };
  const steps = Object.values(workflow.jobs)[0]!.steps;
  const index = (pattern: RegExp) => steps.findIndex((s) => pattern.test(s.run ?? ""));

  it("previews with the policy pack, then deploys, then always destroys", () => {
    const preview = index(/pulumi preview .*--policy-pack policy/);
    const up = index(/pulumi up .*--policy-pack policy/);
    const destroy = index(/pulumi destroy/);
    expect(preview).toBeGreaterThanOrEqual(0);
    expect(up).toBeGreaterThan(preview);
    expect(destroy).toBeGreaterThan(up);
    expect(steps[destroy]!.if).toBe("always()");
  });

  it("marks the stack's files and, always, sweeps what aborted runs left, older than the job's timeout", () => {
    expect(workflow.env.PULUMI_FINETUNE_SWEEP_TAG).toBe("ci");
    const sweep = index(/npx pulumi-finetune-sweep /);
    expect(sweep).toBeGreaterThan(index(/pulumi destroy/));
    expect(steps[sweep]!.if).toBe("always()");
    const run = steps[sweep]!.run!;
    expect(run).toContain("--tag ci");
    expect(run).toContain("--delete");
    const hours = Number(/--older-than (\d+)h/.exec(run)?.[1]);
    expect(hours * 60).toBeGreaterThan(Object.values(workflow.jobs)[0]!["timeout-minutes"]);
  });

  it("passes every credential from secrets, never as a literal", () => {
    for (const name of [
      "AZURE_OPENAI_API_KEY",
      "QIANFAN_ACCESS_KEY",
      "QIANFAN_SECRET_KEY",
      "PULUMI_ACCESS_TOKEN",
    ]) {
      expect(workflow.env[name]).toBe(`\${{ secrets.${name} }}`);
    }
    expect(text).not.toMatch(/pulumi config set .*(apiKey|secretKey|accessKey)/);
  });
});
