import * as fs from "node:fs";
import * as path from "node:path";
import { load } from "js-yaml";

const FILE = path.join(__dirname, "..", "..", "examples", "ci", "github-actions.yml");

interface Step {
  name?: string;
  id?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
}

describe("examples/ci/github-actions.yml", () => {
  const text = fs.readFileSync(FILE, "utf8");
  const workflow = load(text) as {
    env: Record<string, string>;
    jobs: Record<
      string,
      { steps: Step[]; "timeout-minutes": number; env?: Record<string, string> }
    >;
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

  describe("the job against the emulator", () => {
    const job = workflow.jobs["against-the-emulator"]!;
    const at = (pattern: RegExp) => job.steps.findIndex((s) => pattern.test(s.run ?? ""));
    const start = at(/npx pulumi-finetune-emulator /);
    const run = () => job.steps[start]!.run!;

    it("starts the emulator in the background on port 8080", () => {
      expect(start).toBeGreaterThanOrEqual(0);
      expect(run()).toMatch(/npx pulumi-finetune-emulator --port 8080 [^\n]*(\\\n[^\n]*)*&\s*$/m);
    });

    it("waits for /health with a bounded retry loop, and fails the step when it never answers", () => {
      const loop = /for i in \$\(seq (\d+)\); do\n([\s\S]*?)\n\s*done/.exec(run());
      expect(loop).not.toBeNull();
      const tries = Number(loop![1]);
      expect(tries).toBeGreaterThan(0);
      expect(tries).toBeLessThanOrEqual(60);
      const body = loop![2]!;
      expect(body).toContain("curl -fsS http://127.0.0.1:8080/health");
      expect(body).toContain("break");
      expect(body).toMatch(/sleep 1\b/);
      // After the loop: not ready is an error, not a silent fall-through to the deploy.
      const after = run().slice(run().indexOf(loop![0]) + loop![0].length);
      expect(after).toMatch(/exit 1/);
      // The whole wait fits well inside the job's timeout.
      expect(tries).toBeLessThan(job["timeout-minutes"] * 60);
    });

    it("points both endpoints at the emulator after it is ready, before deploying", () => {
      const config = at(/pulumi config set .*azure-openai:endpoint http:\/\/127\.0\.0\.1:8080/);
      expect(config).toBeGreaterThan(start);
      expect(job.steps[config]!.run).toMatch(/qianfan:endpoint http:\/\/127\.0\.0\.1:8080/);
      expect(at(/pulumi up /)).toBeGreaterThan(config);
      expect(at(/pulumi destroy /)).toBeGreaterThan(config);
    });

    it("gives the emulator and the program the same throwaway credentials, never literals", () => {
      const creds = job.steps.find((s) => s.id === "creds")!;
      expect(creds.run).toContain("openssl rand");
      expect(creds.run).toContain("::add-mask::");
      const emulatorEnv = job.steps[start]!.env!;
      expect(emulatorEnv.PULUMI_FINETUNE_EMULATOR_AZURE_API_KEY).toBe(
        "${{ steps.creds.outputs.azure_key }}",
      );
      expect(emulatorEnv.PULUMI_FINETUNE_EMULATOR_QIANFAN_KEYS).toBe(
        "${{ steps.creds.outputs.qianfan_ak }}:${{ steps.creds.outputs.qianfan_sk }}",
      );
      const deployEnv = job.steps[at(/pulumi up /)]!.env!;
      expect(deployEnv.AZURE_OPENAI_API_KEY).toBe("${{ steps.creds.outputs.azure_key }}");
      expect(deployEnv.QIANFAN_ACCESS_KEY).toBe("${{ steps.creds.outputs.qianfan_ak }}");
      expect(deployEnv.QIANFAN_SECRET_KEY).toBe("${{ steps.creds.outputs.qianfan_sk }}");
      expect(text).not.toMatch(/emulator-azure-api-key|emulator-qianfan-[as]k/);
    });
  });
});
