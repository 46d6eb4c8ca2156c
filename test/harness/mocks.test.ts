/**
 * The program as users write it, under setMocks: what it registers and what each resource would store as its
 * provider. The package is loaded from node_modules, as after `npm install pulumi-finetune`.
 */
import * as path from "node:path";
import { captureRegistrations } from "../../harness";

const QUICKSTART = path.join(__dirname, "..", "..", "examples", "quickstart");
const SECRET = "azure-key-from-environment-0123456789";

describe("the quick-start program under mocks", () => {
  it("registers a TrainingFile whose serialized provider is one require() of the package, under 1 KB", async () => {
    const run = await captureRegistrations({
      programDir: QUICKSTART,
      env: {
        AZURE_OPENAI_API_KEY: SECRET,
        AZURE_OPENAI_ENDPOINT: "https://example.openai.azure.com",
      },
    });

    expect(run.errors).toEqual([]);
    expect(run.registrations.map((r) => [r.type, r.name])).toEqual([
      ["pulumi-nodejs:dynamic/azure-openai:TrainingFile", "training"],
      ["pulumi-nodejs:dynamic/azure-openai:Upload", "validation"],
      ["pulumi-nodejs:dynamic/azure-openai:FineTuneJob", "job"],
    ]);
    for (const [registration, hooks] of [
      [run.registrations[0]!, "trainingFile"],
      [run.registrations[1]!, "upload"],
      [run.registrations[2]!, "fineTuneJob"],
    ] as const) {
      const provider = registration.provider!;
      expect(Buffer.byteLength(provider)).toBeLessThanOrEqual(1024);
      expect(provider.match(/require\(/g)).toHaveLength(1);
      expect(provider).toContain(`require("pulumi-finetune/azure-openai/hooks/${hooks}")`);
      expect(provider).not.toMatch(/function __f1|Provider\b|openai\.azure\.com/);
    }
    expect(JSON.stringify(run.registrations)).not.toContain(SECRET);
    expect(run.registrations[0]!.inputs).toMatchObject({
      purpose: "fine-tune",
      source: "data/training.jsonl",
    });
  });
});
