import * as pulumi from "@pulumi/pulumi";
import {
  QianfanDataset,
  QianfanFineTuneJob,
  QianfanFineTuneTask,
  QianfanModel,
  QianfanService,
} from "pulumi-finetune";

// Credentials: `pulumi config set --secret qianfan:accessKey <AK>` and `qianfan:secretKey <SK>`, or the
// QIANFAN_ACCESS_KEY / QIANFAN_SECRET_KEY environment variables. Requests are signed with bce-auth-v1.
//
// The whole way from training data to a model that answers at a URL: a dataset imported from BOS, a fine-tuning
// job and a LoRA task trained on the dataset, the trained model published, and a service deploying it.
// `pulumi up` waits for each step in turn; at Qianfan that is minutes for the import and the deploy, and as long as
// the training takes for the task.

// How often the waits look: unset, each resource's default (5 to 10 s, growing to 30 s while nothing changes),
// which suits a real account. `npm start` sets 1 against the emulator.
const pollIntervalSeconds = new pulumi.Config().getNumber("pollIntervalSeconds");

// The training data: these BOS objects (`bos:/bucket/key`, as Baidu writes it) imported into a new dataset, kept by
// the platform, and its version published. Removing it (or `pulumi destroy`) deletes the version and the dataset,
// after the task trained on it.
const dataset = new QianfanDataset("faq-data", {
  datasetName: "faq-train",
  dataFormat: "PromptResponse",
  sources: ["bos:/my-bucket/faq/train-part-1.jsonl", "bos:/my-bucket/faq/train-part-2.jsonl"],
  pollIntervalSeconds,
});

const job = new QianfanFineTuneJob("faq", {
  name: "faq-sft",
  description: "Answers about our infrastructure, in one sentence.",
  model: "ERNIE-Speed-8K",
  trainMode: "SFT",
});

// One training run on the dataset's published version (the task is created once it is published).
// `waitForCompletion` makes `pulumi up` wait until it is Done, printing its progress: a model can only be published
// from a finished task. Removing it stops it if it still runs, then deletes it; the job is deleted after its tasks.
const task = new QianfanFineTuneTask("faq-lora", {
  jobId: job.jobId,
  parameterScale: "LoRA",
  hyperParameterConfig: { epoch: 1, learningRate: 0.00003, maxSeqLen: 4096 },
  datasetConfig: { dataset, splitRatio: 20 },
  waitForCompletion: true,
  pollIntervalSeconds,
});

// The trained task published as version 1 of a new custom model set (named faq-bot and a marker). Removing it
// deletes the version, then the set once nothing else is in it.
const model = new QianfanModel("faq-model", {
  taskId: task.taskId,
  modelSetName: "faq-bot",
  description: "LoRA on ERNIE-Speed-8K, trained on faq-train.",
  pollIntervalSeconds,
});

// The model deployed at https://…/faq-bot, on one newly bought GPU-1-1 replica paid by the hour it runs
// (Postpaid, ComputingUnit: nothing paid in advance). `pulumi up` waits until it is Serving.
// Baidu has no API to delete a service: removing this resource (or `pulumi destroy`) only takes it OFFLINE
// (DeactivateService, then a wait until it is Stopped). It stays listed in the Qianfan console, and the compute
// units bought for it stay allocated, and billed, until you delete the service and release them there.
const service = new QianfanService("faq-service", {
  modelSetId: model.modelSetId,
  modelId: model.modelId,
  name: "faq-bot",
  urlSuffix: "faq-bot",
  description: "Answers about our infrastructure.",
  resourceConfig: { type: "GPU-1-1", replicasCount: 1 },
  billing: { paymentTiming: "Postpaid", chargeType: "ComputingUnit" },
  pollIntervalSeconds,
});

export const datasetId = dataset.datasetId;
export const versionId = dataset.versionId;
export const jobId = job.jobId;
export const taskId = task.taskId;
export const runStatus = task.runStatus;
export const modelSetId = model.modelSetId;
export const modelId = model.modelId;
export const serviceId = service.serviceId;
export const serviceUrl = service.url;
export const serviceStatus = service.runStatus;
