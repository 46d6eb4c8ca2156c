import * as path from "node:path";
import { TrainingFile } from "pulumi-finetune";

// Paths are resolved by the provider in the directory Pulumi runs in; this keeps the example runnable from the
// repository root (Pulumi.yaml there points here) and from this folder.
const dataFile = path.relative(process.cwd(), path.join(__dirname, "data", "training.jsonl"));

const training = new TrainingFile("training", {
  source: dataFile,
  purpose: "fine-tune",
});

export const trainingFileId = training.fileId;
export const trainingFileStatus = training.status;
export const trainingFileBytes = training.bytes;
