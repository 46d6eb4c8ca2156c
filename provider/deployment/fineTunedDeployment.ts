/**
 * Serves a fine-tuned model: waits for the job to succeed (a JobCompletion child), then deploys the model to an
 * Azure OpenAI account with @pulumi/azure-native's cognitiveservices.Deployment (an optional peer dependency,
 * loaded only when this component is used).
 */
import * as pulumi from "@pulumi/pulumi";
import type * as cognitiveservices from "@pulumi/azure-native/cognitiveservices";
import type { FineTuneJob } from "../azure-openai/fineTuneJob";
import { JobCompletion } from "../azure-openai/jobCompletion";
import { FinetuneError } from "../core/errors";

export interface FineTunedDeploymentArgs {
  /** The job whose model to serve. */
  job: FineTuneJob;
  /** The resource group of the Azure OpenAI account to deploy to. */
  resourceGroupName: pulumi.Input<string>;
  /** The Azure OpenAI (Cognitive Services) account to deploy to. */
  accountName: pulumi.Input<string>;
  /** Default: the component's name. */
  deploymentName?: pulumi.Input<string>;
  /** Default `Standard`; also `GlobalStandard`, `DeveloperTier`, `ProvisionedManaged`. */
  skuName?: pulumi.Input<string>;
  /** Default 1 (thousands of tokens per minute for Standard). */
  capacity?: pulumi.Input<number>;
  /**
   * Deploy a checkpoint instead of the final model: `"latest"` (e.g. what a paused job left), a step number, or a
   * checkpoint id (`ftchkpt-…`). Default: the final model, once the job has succeeded.
   */
  checkpoint?: pulumi.Input<number | string>;
  /** How long to wait for the job to succeed, or for the checkpoint (default 86400 s). */
  waitTimeoutSeconds?: pulumi.Input<number>;
}

export const FINE_TUNED_DEPLOYMENT_TYPE = "pulumi-finetune:azure-openai:FineTunedDeployment";

/**
 * Serves a fine-tuning job's model (or one of its checkpoints) as an Azure OpenAI deployment (`pulumi-
 * finetune:azure-openai:FineTunedDeployment`): a JobCompletion waits for the model, then an @pulumi/azure-native
 * cognitiveservices.Deployment deploys it. Removing it deletes the deployment, not the model.
 */
export class FineTunedDeployment extends pulumi.ComponentResource {
  /** The model deployed: the job's fine-tuned model, or the chosen checkpoint's. */
  readonly fineTunedModel: pulumi.Output<string>;
  /** Set when a checkpoint was deployed. */
  readonly checkpointStep: pulumi.Output<number | undefined>;
  /** The deployment's name. */
  readonly deploymentName: pulumi.Output<string>;
  readonly deployment: cognitiveservices.Deployment;

  constructor(name: string, args: FineTunedDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(FINE_TUNED_DEPLOYMENT_TYPE, name, {}, opts);
    const completion = new JobCompletion(
      `${name}-completion`,
      {
        jobId: args.job.jobId,
        timeoutSeconds: args.waitTimeoutSeconds,
        checkpoint: args.checkpoint,
      },
      { parent: this, dependsOn: [args.job] },
    );
    const native = loadCognitiveServices();
    this.deployment = new native.Deployment(
      `${name}-deployment`,
      {
        resourceGroupName: args.resourceGroupName,
        accountName: args.accountName,
        deploymentName: args.deploymentName ?? name,
        properties: { model: { format: "OpenAI", name: completion.fineTunedModel, version: "1" } },
        sku: { name: args.skuName ?? "Standard", capacity: args.capacity ?? 1 },
      },
      { parent: this, dependsOn: [completion] },
    );
    this.fineTunedModel = completion.fineTunedModel;
    this.checkpointStep = completion.checkpointStep;
    this.deploymentName = this.deployment.name;
    this.registerOutputs({
      fineTunedModel: this.fineTunedModel,
      checkpointStep: this.checkpointStep,
      deploymentName: this.deploymentName,
    });
  }
}

function loadCognitiveServices(): typeof cognitiveservices {
  try {
    return require("@pulumi/azure-native/cognitiveservices") as typeof cognitiveservices;
  } catch {
    throw new FinetuneError(
      "FineTunedDeployment needs @pulumi/azure-native: run `npm install @pulumi/azure-native`.",
    );
  }
}
