/**
 * The bad-input catalogue: one preview of a program that declares every bad input below at once, through the
 * engine protocol. Each must be reported against its resource, naming the field, before any HTTP request.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { emptyState } from "../harness";
import { startTestStack, TestStack } from "./helpers/stack";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "catalogue-"));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};
const chat = (q: string) =>
  JSON.stringify({
    messages: [
      { role: "user", content: q },
      { role: "assistant", content: "a" },
    ],
  });
const good = write("good.jsonl", chat("q") + "\n");
const job = { model: "gpt-4o-mini-2024-07-18", trainingFileId: "file-abc" };
const qjob = { name: "faq-sft", model: "ERNIE-Speed-8K" };
const task = {
  jobId: "job-abc123",
  hyperParameterConfig: { epoch: 1, learningRate: 0.00003, maxSeqLen: 4096 },
  datasetConfig: { sourceType: "Platform", versions: [{ versionId: "ds-1" }], splitRatio: 20 },
};
const qdataset = {
  datasetName: "faq-train",
  dataFormat: "PromptResponse",
  sources: ["bos:/my-bucket/faq/train.jsonl"],
};
const qmodel = { taskId: "task-yuc4f8mt3a7y", modelSetName: "faq-bot" };
const qservice = {
  modelSetId: "am-jb0kzci16x14",
  modelId: "amv-0590vsgisd6d",
  name: "faq-bot",
  urlSuffix: "faq-bot",
  resourceConfig: { type: "GPU-1-1", replicasCount: 1 },
  billing: { paymentTiming: "Prepaid", reservation: { reservationLength: 1 } },
};

type Entry = [kind: string, args: object, field: string];
const CATALOGUE: Entry[] = [
  ["TrainingFile", {}, "source: give exactly one"],
  ["TrainingFile", { source: good, content: "x" }, "source: give exactly one"],
  ["TrainingFile", { source: path.join(dir, "missing.jsonl") }, "source: cannot read"],
  ["TrainingFile", { source: dir }, 'source: "' + dir + '" is not a regular file'],
  ["TrainingFile", { source: write("badjson.jsonl", "{\n") }, "line 1: is not valid JSON"],
  [
    "TrainingFile",
    {
      source: write(
        "roles.jsonl",
        JSON.stringify({ messages: [{ role: "bot", content: "x" }] }) + "\n",
      ),
    },
    'messages[0].role "bot"',
  ],
  [
    "TrainingFile",
    {
      source: write(
        "noassistant.jsonl",
        JSON.stringify({ messages: [{ role: "user", content: "x" }] }) + "\n",
      ),
    },
    "no assistant message",
  ],
  ["TrainingFile", { source: write("empty.jsonl", "") }, "the file has no examples"],
  [
    "TrainingFile",
    {
      source: write(
        "mixed.jsonl",
        chat("q") + "\n" + JSON.stringify({ prompt: "p", completion: "c" }) + "\n",
      ),
    },
    "use one format per file",
  ],
  ["TrainingFile", { content: "not json\n" }, "content: inline content line 1"],
  ["TrainingFile", { content: 42 }, "content: must be a string"],
  [
    "TrainingFile",
    { source: good, purpose: "training" },
    'purpose: "training" is not a file purpose',
  ],
  ["TrainingFile", { source: good, filename: "a/b.jsonl" }, "filename: must be a plain file name"],
  [
    "TrainingFile",
    { source: good, waitForProcessing: "yes" },
    "waitForProcessing: must be true or false",
  ],
  ["TrainingFile", { source: good, validateContent: 1 }, "validateContent: must be true or false"],
  [
    "TrainingFile",
    { source: good, processingTimeoutSeconds: 0 },
    "processingTimeoutSeconds: must be a number from 1",
  ],
  [
    "TrainingFile",
    { source: good, processingTimeoutSeconds: "60" },
    "processingTimeoutSeconds: must be a number",
  ],
  [
    "TrainingFile",
    { source: good, adoptExistingId: "ftjob-1" },
    'adoptExistingId: "ftjob-1" is not a file id',
  ],
  [
    "TrainingFile",
    { source: good, endpoint: "http://aoai.example.com" },
    "endpoint: plain http:// is refused for aoai.example.com",
  ],
  ["TrainingFile", { source: good, endpoint: "not a url" }, 'endpoint: "not a url" is not a URL'],
  [
    "TrainingFile",
    { source: good, endpoint: "ftp://files.example.com" },
    'endpoint: "ftp://files.example.com" uses ftp:',
  ],
  ["TrainingFile", { source: good, apiVersion: "" }, "apiVersion: must be a non-empty string"],
  ["Upload", { content: "x" }, "content: Upload sends a local file"],
  ["Upload", { source: good, partSizeMb: 65 }, "partSizeMb: must be a number from 1 to 64"],
  ["Upload", { source: good, partSizeMb: 0 }, "partSizeMb: must be a number from 1 to 64"],
  ["Upload", { source: good, concurrency: 17 }, "concurrency: must be a whole number from 1 to 16"],
  ["Upload", { source: good, concurrency: 1.5 }, "concurrency: must be a whole number"],
  ["Upload", { source: good, mimeType: "jsonl" }, "mimeType: must be a MIME type"],
  ["Upload", { source: good, checkCache: "off" }, "checkCache: must be true or false"],
  ["TrainingFile", { source: good, checkCache: 0 }, "checkCache: must be true or false"],
  ["Upload", { source: path.join(dir, "nope.jsonl") }, "source: cannot read"],
  [
    "TrainingFile",
    { source: good, dataFormat: "jsonl" },
    'dataFormat: "jsonl" is not a data format',
  ],
  [
    "TrainingFile",
    { source: good, dataFormat: "reinforcement" },
    'a reinforcement example ends with a "user" message',
  ],
  [
    "FineTuneJob",
    { ...job, trainingType: "premium" },
    'trainingType: "premium" is not a training type',
  ],
  [
    "FineTuneJob",
    { ...job, metadata: { owner: "ml" } },
    "metadata: api-version 2025-04-01-preview has no job metadata",
  ],
  [
    "FineTuneJob",
    { ...job, apiVersion: "v1", metadata: { owner: 5 } },
    "metadata.owner: must be a string (got 5)",
  ],
  ["FineTuneJob", { ...job, paused: true }, "paused: a new job cannot start paused"],
  [
    "FineTuneJob",
    { ...job, apiVersion: "latest" },
    'apiVersion: "latest" is not an Azure OpenAI api-version',
  ],
  [
    "FineTuneJob",
    { ...job, method: { type: "reinforcement", reinforcement: { grader: { type: "python" } } } },
    "method.type: api-version 2025-04-01-preview has no reinforcement fine-tuning",
  ],
  [
    "FineTuneJob",
    {
      ...job,
      apiVersion: "v1",
      method: { type: "reinforcement", reinforcement: { grader: { type: "python" } } },
    },
    'method.reinforcement.grader.type: "python" is not a grader type',
  ],
  [
    "FineTuneJob",
    {
      ...job,
      apiVersion: "v1",
      method: {
        type: "reinforcement",
        reinforcement: {
          grader: { type: "string_check", name: "n", input: "i", reference: "r", operation: "eq" },
        },
      },
    },
    "validationFileId: is required for reinforcement fine-tuning",
  ],
  [
    "FineTuneJob",
    { ...job, apiVersion: "2024-10-21", method: { type: "dpo" } },
    "method.type: api-version 2024-10-21 has no training methods other than supervised",
  ],
  [
    "JobCompletion",
    { jobId: "ftjob-1", checkpoint: "newest" },
    'checkpoint: "newest" is not a checkpoint',
  ],
  ["FineTuneJob", { trainingFileId: "file-a" }, "model: is required"],
  ["FineTuneJob", { model: "gpt-4o-mini-2024-07-18" }, "trainingFileId: is required"],
  ["FineTuneJob", { ...job, trainingFileId: "abc" }, 'trainingFileId: "abc" is not a file id'],
  [
    "FineTuneJob",
    { ...job, validationFileId: "ftjob-1" },
    'validationFileId: "ftjob-1" is not a file id',
  ],
  [
    "FineTuneJob",
    { ...job, suffix: "has space" },
    'suffix: "has space" must be 1 to 64 characters',
  ],
  ["FineTuneJob", { ...job, seed: -5 }, "seed: must be a whole number from 0 to 2147483647"],
  [
    "FineTuneJob",
    { ...job, hyperparameters: { nEpochs: 0 } },
    'hyperparameters.nEpochs: must be "auto" or a whole number from 1 to 50',
  ],
  [
    "FineTuneJob",
    { ...job, hyperparameters: { batchSize: 512 } },
    "hyperparameters.batchSize: must be",
  ],
  [
    "FineTuneJob",
    { ...job, hyperparameters: { learningRateMultiplier: -1 } },
    "hyperparameters.learningRateMultiplier: must be",
  ],
  [
    "FineTuneJob",
    { ...job, hyperparameters: { epochs: 3 } },
    "hyperparameters.epochs: is not a hyperparameter here",
  ],
  ["FineTuneJob", { ...job, method: { type: "ppo" } }, 'method.type: "ppo" is not a method'],
  [
    "FineTuneJob",
    { ...job, method: { type: "dpo", hyperparameters: { beta: 3 } } },
    "method.hyperparameters.beta: must be",
  ],
  [
    "FineTuneJob",
    { ...job, waitForCompletion: "true" },
    "waitForCompletion: must be true or false",
  ],
  [
    "FineTuneJob",
    { ...job, completionTimeoutSeconds: -1 },
    "completionTimeoutSeconds: must be a number from 1",
  ],
  [
    "FineTuneJob",
    { ...job, pollIntervalSeconds: 0 },
    "pollIntervalSeconds: must be a number from 1",
  ],
  [
    "FineTuneJob",
    { ...job, adoptExistingId: "file-1" },
    'adoptExistingId: "file-1" is not a fine-tuning job id',
  ],
  [
    "FineTuneJob",
    { ...job, endpoint: "http://10.0.0.5" },
    "endpoint: plain http:// is refused for 10.0.0.5",
  ],
  ["JobCompletion", { jobId: "file-1" }, 'jobId: "file-1" is not a fine-tuning job id'],
  ["QianfanFineTuneJob", { model: "ERNIE-Speed-8K" }, "name: is required"],
  ["QianfanFineTuneJob", { ...qjob, name: "x" }, "name: must be 2 to 20 characters"],
  [
    "QianfanFineTuneJob",
    { ...qjob, description: "d".repeat(501) },
    "description: must be a string of at most 500 characters",
  ],
  ["QianfanFineTuneJob", { name: "faq" }, "model: is required"],
  ["QianfanFineTuneJob", { ...qjob, trainMode: "RL" }, 'trainMode: "RL" is not a training mode'],
  ["QianfanFineTuneTask", { ...task, jobId: "task-1" }, 'jobId: "task-1" is not a Qianfan job id'],
  [
    "QianfanFineTuneTask",
    { ...task, parameterScale: "Huge" },
    'parameterScale: "Huge" is not a parameter scale',
  ],
  [
    "QianfanFineTuneTask",
    { ...task, hyperParameterConfig: { epoch: 99 } },
    "hyperParameterConfig.epoch: must be a whole number from 1 to 50",
  ],
  [
    "QianfanFineTuneTask",
    { ...task, hyperParameterConfig: { maxSeqLen: 100 } },
    "hyperParameterConfig.maxSeqLen: must be one of",
  ],
  [
    "QianfanFineTuneTask",
    { ...task, datasetConfig: { sourceType: "Ftp", versions: [{ versionId: "ds-1" }] } },
    'datasetConfig.sourceType: "Ftp" is not a source',
  ],
  [
    "QianfanFineTuneTask",
    { ...task, datasetConfig: { sourceType: "Platform", versions: [] } },
    "datasetConfig.versions: must be a non-empty list",
  ],
  [
    "QianfanFineTuneTask",
    { ...task, datasetConfig: { ...task.datasetConfig, splitRatio: 50 } },
    "datasetConfig.splitRatio: must be a whole number from 0 to 20",
  ],
  [
    "QianfanFineTuneTask",
    { ...task, waitForCompletion: 1 },
    "waitForCompletion: must be true or false",
  ],
  [
    "QianfanFineTuneTask",
    { ...task, datasetConfig: { dataset: "ds-1" } },
    'datasetConfig.dataset: "ds-1" is not a QianfanDataset resource',
  ],
  ["QianfanDataset", { ...qdataset, datasetName: "" }, "datasetName: must be a non-empty string"],
  [
    "QianfanDataset",
    { ...qdataset, dataFormat: "jsonl" },
    'dataFormat: "jsonl" is not a Qianfan data format',
  ],
  [
    "QianfanDataset",
    { ...qdataset, storageType: "usrBos" },
    'storageType: "usrBos" is not a storage type',
  ],
  [
    "QianfanDataset",
    { ...qdataset, storageType: "BOS" },
    "storagePath: is required when storageType is BOS",
  ],
  ["QianfanDataset", { ...qdataset, sources: [] }, "sources: must be a non-empty list of BOS URIs"],
  [
    "QianfanDataset",
    { ...qdataset, sources: ["s3://b/a.jsonl"] },
    'sources[0]: "s3://b/a.jsonl" is not a BOS URI',
  ],
  [
    "QianfanDataset",
    { ...qdataset, importTimeoutSeconds: 0 },
    "importTimeoutSeconds: must be a number from 1",
  ],
  [
    "QianfanDataset",
    { ...qdataset, publishTimeoutSeconds: -1 },
    "publishTimeoutSeconds: must be a number from 1",
  ],
  [
    "QianfanDataset",
    { ...qdataset, pollIntervalSeconds: 0 },
    "pollIntervalSeconds: must be a number from 1",
  ],
  [
    "QianfanModel",
    { ...qmodel, taskId: "job-1" },
    'taskId: "job-1" is not a Qianfan fine-tuning task id',
  ],
  ["QianfanModel", { ...qmodel, checkpointStep: 0 }, "checkpointStep: must be a whole number"],
  [
    "QianfanModel",
    { ...qmodel, modelSetId: "amv-1" },
    'modelSetId: "amv-1" is not a Qianfan model set id',
  ],
  [
    "QianfanModel",
    { taskId: qmodel.taskId },
    "modelSetName: is required unless modelSetId is given",
  ],
  [
    "QianfanModel",
    { ...qmodel, modelType: "Industry" },
    'modelType: "Industry" is not a Qianfan model type',
  ],
  [
    "QianfanModel",
    { ...qmodel, description: "d".repeat(301) },
    "description: must be a string of at most 300 characters",
  ],
  [
    "QianfanModel",
    { ...qmodel, readyTimeoutSeconds: 0 },
    "readyTimeoutSeconds: must be a number from 1",
  ],
  ["QianfanModel", { ...qmodel, pollIntervalSeconds: 0 }, "pollIntervalSeconds: must be a number"],
  [
    "QianfanService",
    { ...qservice, modelSetId: "amv-1" },
    'modelSetId: "amv-1" is not a Qianfan model set id',
  ],
  [
    "QianfanService",
    { ...qservice, modelId: "am-1" },
    'modelId: "am-1" is not a Qianfan model version id',
  ],
  ["QianfanService", { ...qservice, name: "x" }, "name: must be 2 to 20 characters"],
  [
    "QianfanService",
    { ...qservice, description: "d".repeat(452) },
    "description: must be a string of at most 451 characters (got 452)",
  ],
  [
    "QianfanService",
    { ...qservice, urlSuffix: "Faq_Bot" },
    'urlSuffix: "Faq_Bot" must be 2 to 20 lower-case letters',
  ],
  [
    "QianfanService",
    {
      ...qservice,
      resourceConfig: undefined,
      billing: undefined,
      deploymentConfig: { deploymentComputeUnitList: [{ instanceId: "unit-1" }] },
    },
    "deploymentConfig.deploymentComputeUnitList[0].deploymentReplicasCount: is required",
  ],
  [
    "QianfanService",
    {
      ...qservice,
      deploymentConfig: {
        deploymentComputeUnitList: [{ instanceId: "unit-1", deploymentReplicasCount: 1 }],
      },
    },
    "billing: buys new compute units, but deploymentConfig.deploymentComputeUnitList",
  ],
  [
    "QianfanService",
    { ...qservice, resourceConfig: undefined },
    "resourceConfig: is required to deploy on new compute units",
  ],
  [
    "QianfanService",
    { ...qservice, resourceConfig: { type: "GPU-1-1", replicasCount: 1, region: "sh" } },
    'resourceConfig.region: "sh" is not a region',
  ],
  [
    "QianfanService",
    { ...qservice, resourceConfig: { replicasCount: 1 } },
    "resourceConfig.type: is required",
  ],
  [
    "QianfanService",
    { ...qservice, resourceConfig: { type: "GPU-1-1", replicasCount: 1, qps: 60 } },
    "resourceConfig.qps: must be a number above 0 and up to 50",
  ],
  [
    "QianfanService",
    { ...qservice, resourceConfig: { type: "GPU-1-1", replicasCount: 0 } },
    "resourceConfig.replicasCount: must be a whole number from 1",
  ],
  [
    "QianfanService",
    { ...qservice, billing: { paymentTiming: "Prepay" } },
    'billing.paymentTiming: "Prepay" is not a payment timing',
  ],
  [
    "QianfanService",
    { ...qservice, billing: { paymentTiming: "Prepaid", reservation: { reservationLength: 13 } } },
    "billing.reservation.reservationLength: must be a whole number from 1 to 12",
  ],
  [
    "QianfanService",
    { ...qservice, billing: { paymentTiming: "Prepaid" } },
    "billing.reservation: is required when Prepaid",
  ],
  [
    "QianfanService",
    {
      ...qservice,
      billing: {
        paymentTiming: "Prepaid",
        reservation: { reservationLength: 1, autoRenewTime: 7 },
      },
    },
    "billing.reservation.autoRenewTime: must be a whole number from 1 to 6",
  ],
  [
    "QianfanService",
    { ...qservice, billing: { paymentTiming: "Postpaid" } },
    "billing.chargeType: is required when Postpaid",
  ],
  [
    "QianfanService",
    { ...qservice, billing: { paymentTiming: "Postpaid", chargeType: "Minutes" } },
    'billing.chargeType: "Minutes" is not a charge type',
  ],
  [
    "QianfanService",
    { ...qservice, deployTimeoutSeconds: 0 },
    "deployTimeoutSeconds: must be a number from 1",
  ],
  [
    "QianfanService",
    { ...qservice, pollIntervalSeconds: 0 },
    "pollIntervalSeconds: must be a number",
  ],
];

let stack: TestStack;
afterAll(async () => {
  await stack?.close();
});

describe("the bad-input catalogue", () => {
  it(`reports all ${CATALOGUE.length} bad inputs at preview, each naming its field, with no HTTP request`, async () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(50);
    stack = await startTestStack({ program: "catalogue" });
    const entries = CATALOGUE.map(([kind, args], i) => ({ kind, name: `bad${i}`, args }));
    const preview = await stack.engine.preview(emptyState(), {
      CATALOGUE: JSON.stringify(entries),
    });

    const missing: string[] = [];
    CATALOGUE.forEach(([kind, , field], i) => {
      const error = preview.errors.find(
        (e) => e.startsWith(`urn:pulumi:dev::test::`) && e.includes(`::bad${i}: `),
      );
      if (!error?.includes(field))
        missing.push(`#${i} ${kind}: wanted "${field}", got ${error ?? "no error"}`);
    });
    expect(missing).toEqual([]);
    expect(stack.emulator.requests).toHaveLength(0);
  });
});
