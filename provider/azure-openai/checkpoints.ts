/**
 * A job's checkpoints, and the one a deployment asks for: `latest` (the newest, once the job is paused or has
 * succeeded, so it no longer moves), a step number, or a checkpoint id (`ftchkpt-…`).
 */
import type { FineTuningJobCheckpoint } from "openai/resources/fine-tuning/jobs/checkpoints";
import { collect } from "../core/paging";
import { shown } from "../core/validation";
import { AzureOpenAIClient } from "./client";
import { listAzure } from "./listing";

export type CheckpointChoice = "latest" | number | `ftchkpt-${string}`;

export function checkpointProblem(value: unknown): string | undefined {
  if (value === "latest") return undefined;
  if (typeof value === "number" && Number.isInteger(value) && value >= 1) return undefined;
  if (typeof value === "string" && /^ftchkpt-[A-Za-z0-9_-]+$/.test(value)) return undefined;
  return `${shown(value)} is not a checkpoint; use "latest", a step number (1 or more) or a checkpoint id (ftchkpt-…).`;
}

export function listCheckpoints(
  client: AzureOpenAIClient,
  jobId: string,
): Promise<FineTuningJobCheckpoint[]> {
  return collect(
    listAzure(client, "list checkpoints", (openai) =>
      openai.fineTuning.jobs.checkpoints.list(jobId, { limit: 100 }),
    ),
  );
}

/** The checkpoint `choice` names among `checkpoints`, if it is there yet. */
export function chooseCheckpoint(
  checkpoints: readonly FineTuningJobCheckpoint[],
  choice: CheckpointChoice,
): FineTuningJobCheckpoint | undefined {
  if (choice === "latest") {
    return checkpoints.reduce<FineTuningJobCheckpoint | undefined>(
      (newest, c) => (newest === undefined || c.step_number > newest.step_number ? c : newest),
      undefined,
    );
  }
  return checkpoints.find((c) =>
    typeof choice === "number" ? c.step_number === choice : c.id === choice,
  );
}
