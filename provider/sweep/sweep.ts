/**
 * Lists the endpoint's files and fine-tuning jobs, plans with `planSweep`, and (unless it is a dry run) deletes
 * what the plan removes: jobs first (cancelled and waited for when still running), then files. A failure on one
 * object is reported and the sweep goes on with the others.
 */
import type { AzureOpenAIClient } from "../azure-openai/client";
import { formatAge } from "./age";
import { planSweep, SweepCriteria, SweepItem, SweepPlan } from "./plan";
import { messageOf } from "../core/errors";

export interface SweepRequest {
  client: AzureOpenAIClient;
  tag: string;
  olderThanSeconds: number;
  dryRun: boolean;
  now?: () => number;
  log?: (line: string) => void;
}

export interface SweepReport {
  plan: SweepPlan;
  removed: SweepItem[];
  failed: { item: SweepItem; message: string }[];
}

export async function sweep(request: SweepRequest): Promise<SweepReport> {
  const { client } = request;
  // Loaded when a sweep runs, not when a program imports the package (it would load the whole Azure provider).
  const { deleteFile } =
    require("../azure-openai/fileLifecycle") as typeof import("../azure-openai/fileLifecycle");
  const { deleteJob } =
    require("../azure-openai/fineTuneJobProvider") as typeof import("../azure-openai/fineTuneJobProvider");
  const { listAllFiles, listAllJobs } =
    require("../azure-openai/listing") as typeof import("../azure-openai/listing");
  const log = request.log ?? ((line: string) => console.log(line));
  const criteria: SweepCriteria = {
    tag: request.tag,
    olderThanSeconds: request.olderThanSeconds,
    nowSeconds: Math.floor((request.now ?? Date.now)() / 1000),
  };
  const plan = planSweep(await listAllFiles(client), await listAllJobs(client), criteria);
  const verb = request.dryRun ? "would delete" : "deleting";
  log(
    `Sweep of tag "${criteria.tag}", older than ${formatAge(criteria.olderThanSeconds)}: ${plan.remove.length} to delete, ` +
      `${plan.kept.length} marked but kept, ${plan.ignored} without this tag's marker (never touched).`,
  );
  for (const item of plan.remove) log(`  ${verb} ${describe(item)}`);
  for (const item of plan.kept) log(`  keeping ${describe(item)}: ${item.reason}`);
  const report: SweepReport = { plan, removed: [], failed: [] };
  if (request.dryRun) {
    if (plan.remove.length > 0)
      log("Dry run: nothing was changed. Run again with --delete to delete these.");
    return report;
  }
  for (const item of plan.remove) {
    try {
      if (item.kind === "job") await deleteJob(client, item.id, {}, "sweep");
      else await deleteFile(client, item.id, "sweep");
      report.removed.push(item);
    } catch (error) {
      const message = messageOf(error);
      report.failed.push({ item, message });
      log(`  could not delete ${describe(item)}: ${message}`);
    }
  }
  log(`Sweep done: ${report.removed.length} deleted, ${report.failed.length} failed.`);
  return report;
}

function describe(item: SweepItem): string {
  return `${item.kind} ${item.id} (${item.name}, ${formatAge(item.ageSeconds)} old)`;
}
