/**
 * Exactly one paid job even when `pulumi up` is killed: the provider host is SIGKILLed at every create and delete
 * request of the quick start and the Qianfan example (before the request runs, and after it ran but before its
 * answer arrives), and at seeded random moments; the next `up` and `destroy` must leave no duplicate, no orphan and
 * no error. The full sweep, with more random points, is `npm run crash`.
 */
import * as path from "node:path";
import { crashSweep, examplePrograms, sweepFigures, type SweepResult } from "../../harness";

const REPOSITORY_ROOT = path.join(__dirname, "..", "..");

describe("kills during up and destroy", () => {
  let result: SweepResult;

  beforeAll(async () => {
    result = await crashSweep({
      programs: examplePrograms(REPOSITORY_ROOT),
      // The full sweep (`npm run crash`) follows every create with a destroy at once; here the ones that matter most:
      // a file no state names (reported apart), and the two that would block the destroy.
      destroyAtOnceAfter: [
        "POST /openai/files",
        "POST /openai/fine_tuning/jobs",
        "POST /v2/finetuning?Action=CreateFineTuningTask",
      ],
      randomPoints: 1,
      seed: 20261202,
      concurrency: 3,
      emulator: { processingMs: 50 },
    });
    const figures = sweepFigures(result);
    console.log(
      `crash sweep: ${result.points.map((p) => `${p.program} ${p.routePoints} request kill points + ${p.timedPoints} timed`).join("; ")}; ` +
        `${figures.scenarios} scenarios, ${figures.killed} killed, duplicates ${figures.duplicates}, orphans ${figures.orphans}, ` +
        `errors ${figures.errors}, pending uploads left to expire ${figures.pendingUploads}, ` +
        `left untracked by a destroy straight after a killed up ${figures.untracked}, take-overs ${figures.takeOvers}`,
    );
  }, 570_000);

  it("covers at least 40 request kill points across the two examples, every create and delete among them", () => {
    expect(result.points.reduce((n, p) => n + p.routePoints, 0)).toBeGreaterThanOrEqual(40);
    expect(result.points.reduce((n, p) => n + p.timedPoints, 0)).toBe(2);
    const named = result.outcomes.map((o) => o.outcome.point).join("\n");
    for (const route of [
      "POST /openai/files",
      "POST /openai/uploads",
      "POST /openai/uploads/{id}/parts",
      "POST /openai/uploads/{id}/complete",
      "POST /openai/fine_tuning/jobs",
      "POST /openai/fine_tuning/jobs/{id}/cancel",
      "DELETE /openai/fine_tuning/jobs/{id}",
      "DELETE /openai/files/{id}",
      "Action=CreateFineTuningJob",
      "Action=CreateFineTuningTask",
      "Action=StopFineTuningTask",
      "Action=DeleteFineTuningTask",
      "Action=DeleteFineTuningJob",
    ]) {
      expect(named).toContain(
        `before ${route.startsWith("Action") ? "POST /v2/finetuning?" : ""}${route}`,
      );
      expect(named).toContain(
        `after ${route.startsWith("Action") ? "POST /v2/finetuning?" : ""}${route}`,
      );
    }
  });

  it("kills at every request kill point", () => {
    const missed = result.outcomes
      .filter((o) => !o.outcome.point.includes(" ms") && !o.outcome.killed)
      .map((o) => `${o.program} ${o.outcome.point}`);
    expect(missed).toEqual([]);
  });

  it("leaves no duplicate after the next up, and no error on the runs that follow a kill", () => {
    const bad = result.outcomes
      .filter((o) => o.outcome.duplicates.length > 0 || o.outcome.errors.length > 0)
      .map((o) => ({
        at: `${o.program} ${o.outcome.point}`,
        duplicates: o.outcome.duplicates,
        errors: o.outcome.errors,
      }));
    expect(bad).toEqual([]);
  });

  it("leaves nothing after the final destroy but uploads that were pending when killed", () => {
    const bad = result.outcomes
      .filter((o) => o.outcome.orphans.length > 0)
      .map((o) => ({ at: `${o.program} ${o.outcome.point}`, orphans: o.outcome.orphans }));
    expect(bad).toEqual([]);
  });

  it("clears what a killed create made that blocks a destroy straight after it (a job using the files, a job's task)", () => {
    const untracked = (point: string) =>
      result.outcomes.find((o) => o.outcome.point === `${point}, then destroy at once`)?.outcome;
    for (const point of [
      "up: after POST /openai/fine_tuning/jobs #1",
      "up: after POST /v2/finetuning?Action=CreateFineTuningTask #1",
    ]) {
      expect(untracked(point)).toMatchObject({ killed: true, errors: [], untracked: [] });
    }
  });

  it("takes over what a killed create made instead of making it again", () => {
    const takenOver = (point: string) =>
      result.outcomes.find((o) => o.outcome.point === point)?.outcome.takeOvers ?? [];
    expect(takenOver("up: after POST /openai/files #1")).toEqual([
      expect.stringMatching(
        /^TrainingFile: taking over file-\w+ \(\w+\), which an earlier run made/,
      ),
    ]);
    expect(takenOver("up: after POST /openai/fine_tuning/jobs #1")).toEqual([
      expect.stringMatching(
        /^FineTuneJob: taking over ftjob-\w+ \(\w+\), which an earlier run made/,
      ),
    ]);
    expect(takenOver("up: after POST /v2/finetuning?Action=CreateFineTuningJob #1")).toEqual([
      expect.stringMatching(/^QianfanFineTuneJob: taking over job-\w+/),
    ]);
    expect(takenOver("up: after POST /v2/finetuning?Action=CreateFineTuningTask #1")).toEqual([
      expect.stringMatching(/^QianfanFineTuneTask: taking over task-\w+/),
    ]);
  });
});
