/** The deployment example under mocks: the job's model reaches an azure-native Deployment, after the job. */
import * as path from "node:path";
import { captureRegistrations } from "../../harness";

const EXAMPLE = path.join(__dirname, "..", "..", "examples", "deployment");
const MODEL = "gpt-4o-mini-2024-07-18.ft-0123456789abcdef0123456789abcdef-pulumi-faq";

/** Runs the example under mocks with extra config, the JobCompletion answering `completion`. */
function runExample(config: Record<string, string>, completion: Record<string, unknown>) {
  return captureRegistrations({
    programDir: EXAMPLE,
    project: "finetune-deployment",
    config: {
      "finetune-deployment:resourceGroupName": "rg-ml",
      "finetune-deployment:accountName": "aoai-prod",
      ...config,
    },
    outputsFor: (r) => {
      if (r.type.endsWith(":TrainingFile"))
        return { fileId: `file-${r.name}`, purpose: "fine-tune" };
      if (r.type.endsWith(":FineTuneJob")) return { jobId: "ftjob-123" };
      if (r.type.endsWith(":JobCompletion")) return completion;
      return undefined;
    },
  });
}

describe("examples/deployment under mocks", () => {
  it("waits for the job, then deploys its fine-tuned model with the SKU and capacity asked for", async () => {
    const run = await runExample({}, { fineTunedModel: MODEL, status: "succeeded" });

    expect(run.errors).toEqual([]);
    expect(run.registrations.map((r) => r.type).sort()).toEqual([
      "azure-native:cognitiveservices:Deployment",
      "pulumi-finetune:azure-openai:FineTunedDeployment",
      "pulumi-nodejs:dynamic/azure-openai:FineTuneJob",
      "pulumi-nodejs:dynamic/azure-openai:JobCompletion",
      "pulumi-nodejs:dynamic/azure-openai:TrainingFile",
      "pulumi-nodejs:dynamic/azure-openai:TrainingFile",
    ]);
    const byType = (suffix: string) => run.registrations.find((r) => r.type.endsWith(suffix))!;
    expect(byType(":FineTuneJob").inputs).toMatchObject({
      trainingFileId: "file-training",
      validationFileId: "file-validation",
      trainingFilePurpose: "fine-tune",
      suffix: "pulumi-faq",
    });
    expect(byType(":JobCompletion").inputs).toMatchObject({ jobId: "ftjob-123" });
    expect(byType(":Deployment").inputs).toEqual({
      resourceGroupName: "rg-ml",
      accountName: "aoai-prod",
      deploymentName: "faq",
      properties: { model: { format: "OpenAI", name: MODEL, version: "1" } },
      sku: { name: "Standard", capacity: 1 },
    });
    expect(run.outputs).toMatchObject({ fineTunedModel: MODEL });
  });

  it("deploys the chosen checkpoint's model when asked, and says which step", async () => {
    const checkpointModel =
      "gpt-4o-mini-2024-07-18.ft-0123456789abcdef0123456789abcdef-pulumi-faq:ckpt-step-30";
    const run = await runExample(
      { "finetune-deployment:checkpoint": "latest" },
      { fineTunedModel: checkpointModel, status: "paused", checkpointStep: 30 },
    );
    expect(run.errors).toEqual([]);
    const byType = (suffix: string) => run.registrations.find((r) => r.type.endsWith(suffix))!;
    expect(byType(":JobCompletion").inputs).toMatchObject({
      jobId: "ftjob-123",
      checkpoint: "latest",
    });
    expect(byType(":Deployment").inputs).toMatchObject({
      properties: { model: { format: "OpenAI", name: checkpointModel, version: "1" } },
    });
    expect(run.outputs).toMatchObject({ fineTunedModel: checkpointModel, checkpointStep: 30 });
  });
});
