/** Compliant resources, as the policies see them, for the tests to break one field at a time. */
import {
  AZURE_DEPLOYMENT_TYPE,
  FINE_TUNE_JOB_TYPE,
  QIANFAN_DATASET_TYPE,
  QIANFAN_JOB_TYPE,
  QIANFAN_MODEL_TYPE,
  QIANFAN_SERVICE_TYPE,
  QIANFAN_TASK_TYPE,
  TRAINING_FILE_TYPE,
  UPLOAD_TYPE,
} from "../../policy/tokens";
import type { ResourceSpec } from "./helpers";

export const ENDPOINT = "https://contoso.openai.azure.com";

export function happyJob(): ResourceSpec {
  return {
    type: FINE_TUNE_JOB_TYPE,
    name: "job",
    props: {
      model: "gpt-4o-mini-2024-07-18",
      trainingFileId: "file-train",
      trainingFilePurpose: "fine-tune",
      validationFileId: "file-valid",
      suffix: "support-bot",
      hyperparameters: { nEpochs: 3, batchSize: "auto" },
      waitForCompletion: false,
      endpoint: ENDPOINT,
    },
  };
}

/**
 * A reinforcement fine-tuning job within the RFT cost guard's defaults, with a training type and the metadata
 * the required-metadata tests ask for.
 */
export function happyRftJob(): ResourceSpec {
  return {
    type: FINE_TUNE_JOB_TYPE,
    name: "rft-job",
    props: {
      model: "o4-mini-2025-04-16",
      trainingFileId: "file-train",
      trainingFilePurpose: "fine-tune",
      validationFileId: "file-valid",
      suffix: "support-grader",
      trainingType: "globalStandard",
      metadata: { owner: "ml-platform", "cost-center": "cc-1234" },
      method: {
        type: "reinforcement",
        reinforcement: {
          grader: {
            type: "string_check",
            name: "exact-answer",
            input: "{{sample.output_text}}",
            reference: "{{item.reference_answer}}",
            operation: "eq",
          },
          hyperparameters: {
            reasoningEffort: "medium",
            computeMultiplier: 1,
            evalInterval: "auto",
            evalSamples: "auto",
            nEpochs: 2,
          },
        },
      },
      waitForCompletion: false,
      endpoint: ENDPOINT,
    },
  };
}

export function happyTrainingFile(): ResourceSpec {
  return {
    type: TRAINING_FILE_TYPE,
    name: "train",
    props: {
      source: "data/train.jsonl",
      purpose: "fine-tune",
      filename: "train.jsonl",
      contentBytes: 2048,
      endpoint: ENDPOINT,
    },
  };
}

export function happyUpload(): ResourceSpec {
  return {
    type: UPLOAD_TYPE,
    name: "upload",
    props: {
      content: '{"messages":[]}\n',
      purpose: "fine-tune",
      filename: "valid.jsonl",
      endpoint: ENDPOINT,
    },
  };
}

export function happyQianfanJob(): ResourceSpec {
  return {
    type: QIANFAN_JOB_TYPE,
    name: "qjob",
    props: {
      name: "support_bot",
      description: "Support answers",
      model: "ERNIE-Speed-8K",
      trainMode: "SFT",
    },
  };
}

export function happyQianfanTask(): ResourceSpec {
  return {
    type: QIANFAN_TASK_TYPE,
    name: "qtask",
    props: {
      jobId: "job-123",
      hyperParameterConfig: { epoch: 2, learningRate: 0.0003 },
      datasetConfig: { sourceType: "Platform", versions: [{ versionId: "ds-1" }] },
      waitForCompletion: false,
    },
  };
}

export function happyQianfanDataset(): ResourceSpec {
  return {
    type: QIANFAN_DATASET_TYPE,
    name: "qdataset",
    props: {
      datasetName: "faq-train",
      dataFormat: "PromptResponse",
      sources: ["bos:/my-bucket/faq/train.jsonl"],
    },
  };
}

export function happyQianfanModel(): ResourceSpec {
  return {
    type: QIANFAN_MODEL_TYPE,
    name: "qmodel",
    props: { taskId: "task-1", modelSetName: "faq-bot", modelType: "Text2Text" },
  };
}

/** A service on one new GPU-1-1 replica, paid as used. */
export function happyQianfanService(): ResourceSpec {
  return {
    type: QIANFAN_SERVICE_TYPE,
    name: "qservice",
    props: {
      modelSetId: "am-1",
      modelId: "amv-1",
      name: "faq-bot",
      urlSuffix: "faq-bot",
      resourceConfig: { type: "GPU-1-1", replicasCount: 1 },
      billing: { paymentTiming: "Postpaid", chargeType: "ComputingUnit" },
    },
  };
}

export function happyDeployment(): ResourceSpec {
  return {
    type: AZURE_DEPLOYMENT_TYPE,
    name: "deploy",
    props: {
      accountName: "contoso",
      resourceGroupName: "rg",
      properties: {
        model: { format: "OpenAI", name: "gpt-4o-mini-2024-07-18.ft-abc123", version: "1" },
      },
      sku: { name: "Standard", capacity: 10 },
    },
  };
}
