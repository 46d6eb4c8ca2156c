import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { FineTuneJob, FineTunedDeployment, TrainingFile } from "pulumi-finetune";

const config = new pulumi.Config();
const data = (name: string) =>
  path.relative(process.cwd(), path.join(__dirname, "..", "quickstart", "data", name));

const training = new TrainingFile("training", { source: data("training.jsonl") });
const validation = new TrainingFile("validation", { source: data("validation.jsonl") });

// A trained model is expensive to lose: `protect` makes Pulumi refuse to delete or replace the job until it is
// unprotected, so a later input change cannot silently throw the model away.
const job = new FineTuneJob(
  "job",
  {
    model: "gpt-4o-mini-2024-07-18",
    trainingFile: training,
    validationFile: validation,
    suffix: "pulumi-faq",
    hyperparameters: { nEpochs: 3 },
  },
  { protect: config.getBoolean("protectJob") ?? true },
);

// Waits for the job to succeed, then deploys its model. Azure deletes fine-tuned deployments that stay idle for
// more than 15 days (and developer-tier ones after 24 hours); `pulumi up` recreates them.
const serving = new FineTunedDeployment("faq", {
  job,
  resourceGroupName: config.require("resourceGroupName"),
  accountName: config.require("accountName"),
  skuName: "Standard",
  capacity: 1,
  // e.g. `pulumi config set checkpoint latest` to serve what a paused job has trained so far.
  checkpoint: config.get("checkpoint"),
});

export const fineTunedModel = serving.fineTunedModel;
export const checkpointStep = serving.checkpointStep;
export const deploymentName = serving.deploymentName;
