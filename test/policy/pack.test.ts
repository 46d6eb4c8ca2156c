import { epochBudget, maxConcurrentJobs, policies } from "../../policy/policies";
import { happyJob } from "./fixtures";
import { policyResource, resourceArgs, withPath } from "./helpers";
import * as tokens from "../../policy/tokens";

describe("the pulumi-finetune policy pack", () => {
  it("lists the fifteen rules with unique finetune- names", () => {
    const names = policies.map((p) => p.name);
    expect(names).toEqual([
      "finetune-allowed-base-models",
      "finetune-epoch-budget",
      "finetune-training-file-size-budget",
      "finetune-max-concurrent-jobs",
      "finetune-files-declared-in-stack",
      "finetune-protect-trained-jobs",
      "finetune-model-name-pattern",
      "finetune-deployment-sku",
      "finetune-secure-endpoints-and-no-credentials",
      "finetune-allowed-training-types",
      "finetune-rft-cost-guard",
      "finetune-required-metadata",
      "finetune-qianfan-service-resources",
      "finetune-qianfan-service-payment",
      "finetune-qianfan-model-lineage",
    ]);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(policies.map((p) => [p.name, p] as const))(
    "%s has a one-sentence description, a level and config defaults",
    (_, policy) => {
      expect(policy.description).toMatch(/^[A-Z][^.]*\.$/);
      expect(policy.enforcementLevel).toBe("mandatory");
      const properties = Object.values(policy.configSchema?.properties ?? {});
      expect(properties.length).toBeGreaterThan(0);
      for (const schema of properties) expect(schema.default).toBeDefined();
    },
  );

  it("uses the type tokens the README documents", () => {
    expect(tokens.FINE_TUNE_JOB_TYPE).toBe("pulumi-nodejs:dynamic/azure-openai:FineTuneJob");
    expect(tokens.TRAINING_FILE_TYPE).toBe("pulumi-nodejs:dynamic/azure-openai:TrainingFile");
    expect(tokens.UPLOAD_TYPE).toBe("pulumi-nodejs:dynamic/azure-openai:Upload");
    expect(tokens.JOB_COMPLETION_TYPE).toBe("pulumi-nodejs:dynamic/azure-openai:JobCompletion");
    expect(tokens.QIANFAN_JOB_TYPE).toBe("pulumi-nodejs:dynamic/qianfan:FineTuneJob");
    expect(tokens.QIANFAN_TASK_TYPE).toBe("pulumi-nodejs:dynamic/qianfan:FineTuneTask");
    expect(tokens.QIANFAN_DATASET_TYPE).toBe("pulumi-nodejs:dynamic/qianfan:Dataset");
    expect(tokens.QIANFAN_MODEL_TYPE).toBe("pulumi-nodejs:dynamic/qianfan:Model");
    expect(tokens.QIANFAN_SERVICE_TYPE).toBe("pulumi-nodejs:dynamic/qianfan:Service");
    expect(tokens.FINE_TUNED_DEPLOYMENT_TYPE).toBe(
      "pulumi-finetune:azure-openai:FineTunedDeployment",
    );
    expect(tokens.AZURE_DEPLOYMENT_TYPE).toBe("azure-native:cognitiveservices:Deployment");
  });

  it("falls back to the schema defaults when the engine passes no config", async () => {
    const reported: string[] = [];
    const args = resourceArgs(
      epochBudget,
      withPath(happyJob(), "props.hyperparameters.nEpochs", 11),
    );
    args.getConfig = <T extends object>() => ({}) as T;
    for (const validate of [epochBudget.validateResource ?? []].flat()) {
      await validate(args, (m) => reported.push(m));
    }
    expect(reported).toEqual([
      "hyperparameters.nEpochs is 11; lower it to 10 or raise maxEpochs in the policy config.",
    ]);
    const stack: string[] = [];
    await maxConcurrentJobs.validateStack(
      {
        resources: ["a", "b", "c", "d"].map((name) => policyResource({ ...happyJob(), name })),
        stackTags: new Map(),
        getConfig: <T extends object>() => ({}) as T,
        notApplicable: () => {
          throw new Error("not applicable");
        },
      },
      (m) => stack.push(m),
    );
    expect(stack).toHaveLength(1);
    expect(stack[0]).toContain("the limit is 3.");
  });
});
