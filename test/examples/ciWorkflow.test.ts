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
  const workflow = load(text) as { env: Record<string, string>; jobs: Record<string, { steps: Step[] }> };
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

  it("passes every credential from secrets, never as a literal", () => {
    for (const name of ["AZURE_OPENAI_API_KEY", "QIANFAN_ACCESS_KEY", "QIANFAN_SECRET_KEY", "PULUMI_ACCESS_TOKEN"]) {
      expect(workflow.env[name]).toBe(`\${{ secrets.${name} }}`);
    }
    expect(text).not.toMatch(/pulumi config set .*(apiKey|secretKey|accessKey)/);
  });
});
