import * as path from "node:path";
import { FineTuneJob, TrainingFile } from "pulumi-finetune";

// Reinforcement fine-tuning: each example is a conversation that ends with the user's turn; the model answers it
// during training, and a grader scores the answer against the example's `answer` field.
const data = (name: string) => path.relative(process.cwd(), path.join(__dirname, "data", name));

// `dataFormat: "reinforcement"` makes preview validate the files as RFT examples (they have no assistant answer,
// which chat examples must have), and lets the job check at preview that it is given such files.
const training = new TrainingFile("rft-training", {
  source: data("training.jsonl"),
  dataFormat: "reinforcement",
});
const validation = new TrainingFile("rft-validation", {
  source: data("validation.jsonl"),
  dataFormat: "reinforcement",
});

const job = new FineTuneJob("rft-job", {
  model: "o4-mini-2025-04-16",
  trainingFile: training,
  validationFile: validation,
  suffix: "rft-quiz",
  // Reinforcement fine-tuning is on the v1 routes only; o4-mini is offered with global training.
  apiVersion: "v1",
  trainingType: "globalStandard",
  metadata: { example: "rft", owner: "ml-team" },
  method: {
    type: "reinforcement",
    reinforcement: {
      // Written as the service's JSON, as in Microsoft's docs.
      grader: {
        type: "string_check",
        name: "exact-answer",
        input: "{{sample.output_text}}",
        reference: "{{item.answer}}",
        operation: "eq",
      },
      hyperparameters: {
        reasoningEffort: "low",
        computeMultiplier: 1,
        evalInterval: 5,
        evalSamples: 2,
      },
    },
  },
});

export const jobId = job.jobId;
export const jobStatus = job.status;
export const trainingType = job.trainingType;
