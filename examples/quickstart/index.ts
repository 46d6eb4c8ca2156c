import * as path from "node:path";
import { FineTuneJob, TrainingFile, Upload } from "pulumi-finetune";

// Paths are resolved by the provider in the directory Pulumi runs in; this keeps the example runnable from the
// repository root (Pulumi.yaml there points here) and from this folder.
const data = (name: string) => path.relative(process.cwd(), path.join(__dirname, "data", name));

// A training file, validated as chat JSONL at preview and uploaded in one request.
const training = new TrainingFile("training", {
  source: data("training.jsonl"),
  purpose: "fine-tune",
});

// The same for a validation file, through the multipart Uploads API that large files need (parts of up to 64 MiB,
// several at once, completed with the MD5 of the whole).
const validation = new Upload("validation", {
  source: data("validation.jsonl"),
  purpose: "fine-tune",
  partSizeMb: 8,
  concurrency: 4,
});

// The fine-tuning job. It starts during `pulumi up` and trains remotely; `waitForCompletion: true` would make the
// update wait for it, printing its progress. Removing it (or `pulumi destroy`) cancels it and deletes it.
const job = new FineTuneJob("job", {
  model: "gpt-4o-mini-2024-07-18",
  trainingFile: training,
  validationFile: validation,
  suffix: "quickstart",
  hyperparameters: { nEpochs: 2 },
});

export const trainingFileId = training.fileId;
export const trainingFileStatus = training.status;
export const validationFileId = validation.fileId;
export const validationUploadId = validation.uploadId;
export const validationMd5 = validation.md5;
export const jobId = job.jobId;
export const jobStatus = job.status;
