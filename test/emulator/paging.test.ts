/** Default page sizes as the specs give them: jobs and events 20, checkpoints 10. */
import { manualClock, useEmulator } from "./helpers";
import {
  allPages,
  checkpoints,
  createdJob,
  JOBS,
  listOf,
  PHASES,
  trainingFileId,
} from "./jobHelpers";

describe("Azure list defaults", () => {
  const emulator = useEmulator({ processingMs: 0, maxActiveJobs: 30 });

  it("answers 10 checkpoints when no limit is given (all three specs' default)", async () => {
    const trainingFile = await trainingFileId(emulator(), 12);
    const job = await createdJob(emulator(), {
      training_file: trainingFile,
      hyperparameters: { n_epochs: 12 },
    });
    manualClock(emulator()).advance(PHASES.finish);
    const page = await checkpoints(emulator(), job.id);
    expect(page.data).toHaveLength(10);
    expect(page.has_more).toBe(true);
    const path = `${JOBS}/${job.id}/checkpoints`;
    expect((await allPages(emulator(), path, 10)).items).toHaveLength(12);
  });

  it("answers 20 jobs when no limit is given", async () => {
    const trainingFile = await trainingFileId(emulator());
    for (let i = 0; i < 21; i++) await createdJob(emulator(), { training_file: trainingFile });
    const page = await listOf(emulator(), JOBS);
    expect(page.data).toHaveLength(20);
    expect(page.has_more).toBe(true);
  });
});
