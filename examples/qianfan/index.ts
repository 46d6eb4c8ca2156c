import { QianfanFineTuneJob, QianfanFineTuneTask } from "pulumi-finetune";

// Credentials: `pulumi config set --secret qianfan:accessKey <AK>` and `qianfan:secretKey <SK>`, or the
// QIANFAN_ACCESS_KEY / QIANFAN_SECRET_KEY environment variables. Requests are signed with bce-auth-v1.
const job = new QianfanFineTuneJob("faq", {
  name: "faq-sft",
  description: "Answers about our infrastructure, in one sentence.",
  model: "ERNIE-Speed-8K",
  trainMode: "SFT",
});

// One training run. Removing it (or `pulumi destroy`) stops it if it still runs, then deletes it; the job is
// deleted after its tasks.
const task = new QianfanFineTuneTask("faq-lora", {
  jobId: job.jobId,
  parameterScale: "LoRA",
  hyperParameterConfig: { epoch: 1, learningRate: 0.00003, maxSeqLen: 4096 },
  datasetConfig: {
    sourceType: "Platform",
    versions: [{ versionId: "ds-he8srs01ym0b8fh7", samplingRate: 1 }],
    splitRatio: 20,
  },
});

export const jobId = job.jobId;
export const taskId = task.taskId;
export const runStatus = task.runStatus;
