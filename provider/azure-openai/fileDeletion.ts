/**
 * Deleting a file of the stack. A file still used by a job that the state does not know (one an interrupted
 * `pulumi up` made and never recorded) would make every destroy fail: a job that carries this stack's marker is
 * such a job, so it is cancelled and deleted, and then the file. A job without the marker is someone else's: the
 * refusal names it and says how to remove it.
 */
import { InUseError } from "../core/errors";
import { progress } from "../core/progress";
import type { AzureOpenAIClient } from "./client";
import { deleteFile } from "./fileLifecycle";
import { carriesStackMarker, deleteJob, retrieveJob } from "./fineTuneJobProvider";

export async function deleteStackFile(
  client: AzureOpenAIClient,
  id: string,
  label: string,
  identity: string | undefined,
): Promise<void> {
  try {
    await deleteFile(client, id, label);
  } catch (error) {
    if (!(error instanceof InUseError) || identity === undefined || error.users.length === 0)
      throw error;
    const users = await Promise.all(error.users.map((jobId) => retrieveJob(client, jobId)));
    if (!users.every((job) => job === undefined || carriesStackMarker(job, identity))) throw error;
    for (const job of users) {
      if (!job) continue;
      progress(
        `${label}: ${job.id} (${job.status}) uses ${id} and is not in the state, but carries this stack's marker: ` +
          "an interrupted run made it. Cancelling and deleting it",
      );
      await deleteJob(client, job.id, {});
    }
    await deleteFile(client, id, label);
  }
}
