/**
 * Exactly one paid job even when `pulumi up` is killed: the provider host is SIGKILLed at create and delete requests
 * of the quick start, the Qianfan example (dataset, job, task, model, service) and a Qianfan task destroyed while it
 * runs (before the request runs, and after it ran but before its answer arrives), and at seeded random moments; the
 * next `up` and `destroy` must leave no duplicate, no orphan and no error. Here a deterministic sample: the kill
 * after each create and delete ran (its answer lost: inside every create and delete of every kind, the Qianfan
 * dataset's import and publish, model and service among them), the kills around stopping a running task, the
 * destroys at once that matter, and every twelfth of the rest. The full sweep, every point and more random ones, is
 * `npm run crash`.
 */
import * as path from "node:path";
import {
  type CrashProgram,
  crashPrograms,
  crashSweep,
  isRead,
  type RouteKill,
  sweepFigures,
  type SweepResult,
} from "../../harness";

const REPOSITORY_ROOT = path.join(__dirname, "..", "..");
const RUNNING_TASK = "finetune-qianfan-running-task";

const QIANFAN_CONSOLE = /^POST \/v2\/(dataset|model|service)\?/;
const answerLost = (point: RouteKill) =>
  !isRead(point.route) && point.when === "after" && point.ordinal === 1;

/**
 * What the sample always runs; of the rest, every twelfth. The example's job and task are killed in the running-task
 * program (the same routes), so the example's own kills are the dataset's, model's and service's.
 */
const KEEP = (point: RouteKill, program: CrashProgram) =>
  point.then === "destroy" ||
  (answerLost(point) &&
    (program.project !== "finetune-qianfan" || QIANFAN_CONSOLE.test(point.route))) ||
  (program.project === RUNNING_TASK && point.route.endsWith("Action=StopFineTuningTask"));

describe("kills during up and destroy", () => {
  let result: SweepResult;
  let seconds: number;

  beforeAll(async () => {
    const started = performance.now();
    result = await crashSweep({
      programs: crashPrograms(REPOSITORY_ROOT),
      // The full sweep follows every create with a destroy at once; here the ones that matter most: a file no state
      // names (reported apart), and those that would block the destroy (a job using the files, a job's task, a
      // model version published from the task, a service deploying the model).
      destroyAtOnceAfter: [
        "POST /openai/files",
        "POST /openai/fine_tuning/jobs",
        "POST /v2/finetuning?Action=CreateFineTuningTask",
        "POST /v2/model?Action=CreateCustomModel",
        "POST /v2/service?Action=CreateService",
      ],
      sample: { every: 12, keep: KEEP },
      randomPoints: 1,
      seed: 20261202,
      concurrency: 3,
      emulator: { processingMs: 50 },
    });
    seconds = (performance.now() - started) / 1000;
    const figures = sweepFigures(result);
    console.log(
      `crash sweep (sample): ${result.points.map((p) => `${p.program} ${p.routePoints} of ${p.allRoutePoints} request kill points + ${p.timedPoints} timed`).join("; ")}; ` +
        `${figures.scenarios} scenarios, ${figures.killed} killed, duplicates ${figures.duplicates}, orphans ${figures.orphans}, ` +
        `errors ${figures.errors}, pending uploads left to expire ${figures.pendingUploads}, services taken offline ${figures.offlineServices}, ` +
        `left untracked by a destroy straight after a killed up ${figures.untracked}, take-overs ${figures.takeOvers}, ` +
        `destroys refused by the stack's own untracked service ${figures.refusedDestroys}; ${Math.round(seconds)} s`,
    );
  }, 570_000);

  const named = () => result.outcomes.map((o) => o.outcome.point).join("\n");
  const qualified = (route: string) =>
    route.startsWith("Action")
      ? `POST /v2/${/Dataset|ImportTask/.test(route) ? "dataset" : /Model/.test(route) ? "model" : /Service/.test(route) ? "service" : "finetuning"}?${route}`
      : route;

  it("samples the request kill points of the three programs, inside every Qianfan dataset, model and service create and delete", () => {
    expect(result.points.map((p) => p.program)).toEqual([
      "finetune-quickstart",
      "finetune-qianfan",
      "finetune-qianfan-running-task",
    ]);
    expect(result.points.reduce((n, p) => n + p.allRoutePoints, 0)).toBeGreaterThanOrEqual(80);
    expect(result.points.reduce((n, p) => n + p.routePoints, 0)).toBeGreaterThanOrEqual(30);
    expect(result.points.reduce((n, p) => n + p.timedPoints, 0)).toBe(3);
    for (const route of [
      "Action=CreateDataset",
      "Action=CreateImportTask",
      "Action=PublishDatasetVersion",
      "Action=CreateCustomModelSet",
      "Action=CreateCustomModel",
      "Action=CreateService",
      "Action=DeactivateService",
      "Action=DeleteModel",
      "Action=DeleteModelSet",
      "Action=DeleteDatasetVersion",
      "Action=DeleteDataset",
    ]) {
      expect(named()).toContain(`after ${qualified(route)} #1`);
    }
  });

  it("kills after every other create and delete ran, before its answer arrived", () => {
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
      "Action=DeleteFineTuningTask",
      "Action=DeleteFineTuningJob",
    ]) {
      expect(named()).toContain(`after ${qualified(route)} #1`);
    }
    const running = result.outcomes.filter((o) => o.program === RUNNING_TASK);
    for (const when of ["before", "after"])
      expect(running.map((o) => o.outcome.point)).toContain(
        `destroy: ${when} POST /v2/finetuning?Action=StopFineTuningTask #1`,
      );
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

  it("leaves nothing after the final destroy but uploads that were pending when killed and the service taken offline", () => {
    const bad = result.outcomes
      .filter((o) => o.outcome.orphans.length > 0)
      .map((o) => ({ at: `${o.program} ${o.outcome.point}`, orphans: o.outcome.orphans }));
    expect(bad).toEqual([]);
    // The Qianfan example's service, taken offline by whichever run destroyed it (Baidu cannot delete it), and only it.
    const offline = result.outcomes.filter(
      (o) => o.program === "finetune-qianfan" && o.outcome.point.includes("destroy:"),
    );
    expect(offline.map((o) => o.outcome.offlineServices)).toEqual(offline.map(() => 1));
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

  // A service the killed up made deploys the model, and no state names it. The model's delete cannot tell it from a
  // tracked service not yet switched to a replacing model, so it never takes it offline: the destroy is refused,
  // naming the service as this stack's and `pulumi up` (which takes it over) as the way out. The sweep runs it.
  it("refuses a destroy straight after a killed CreateService, naming pulumi up, which then lets destroy remove everything", () => {
    const outcome = result.outcomes.find(
      (o) =>
        o.program === "finetune-qianfan" &&
        o.outcome.point ===
          "up: after POST /v2/service?Action=CreateService #1, then destroy at once",
    )?.outcome;
    // After the way out (up, then destroy): nothing left but the service taken offline, none untracked.
    expect(outcome).toMatchObject({
      killed: true,
      errors: [],
      orphans: [],
      untracked: [],
      offlineServices: 1,
    });
    expect(outcome?.takeOvers).toEqual(
      expect.arrayContaining([expect.stringMatching(/taking over svco-\w+/)]),
    );
    expect(outcome?.refusedDestroys).toEqual([
      expect.stringMatching(
        /Model::faq-model: delete failed: .*QianfanModel: amv-\w+ cannot be deleted: the service svco-\w+ \(Serving.*\) deploys it, and no service is taken offline here\. svco-\w+ .* carries this stack's marker: .*Run `pulumi up`/,
      ),
    ]);
  });

  it("takes over what a killed create made instead of making it again", () => {
    const takenOver = (point: string, program = "finetune-qianfan") =>
      result.outcomes.find((o) => o.program === program && o.outcome.point === point)?.outcome
        .takeOvers ?? [];
    expect(takenOver("up: after POST /openai/files #1", "finetune-quickstart")).toEqual([
      expect.stringMatching(
        /^TrainingFile: taking over file-\w+ \(\w+\), which an earlier run made/,
      ),
    ]);
    expect(takenOver("up: after POST /openai/fine_tuning/jobs #1", "finetune-quickstart")).toEqual([
      expect.stringMatching(
        /^FineTuneJob: taking over ftjob-\w+ \(\w+\), which an earlier run made/,
      ),
    ]);
    expect(
      takenOver("up: after POST /v2/finetuning?Action=CreateFineTuningJob #1", RUNNING_TASK),
    ).toEqual([expect.stringMatching(/^QianfanFineTuneJob: taking over job-\w+/)]);
    expect(
      takenOver("up: after POST /v2/finetuning?Action=CreateFineTuningTask #1", RUNNING_TASK),
    ).toEqual([expect.stringMatching(/^QianfanFineTuneTask: taking over task-\w+/)]);
    // In the example a kill may catch another create in flight too (the dataset's and the job's start at once):
    // what that made is taken over as well.
    for (const [point, taken] of [
      ["up: after POST /v2/dataset?Action=CreateDataset #1", /^QianfanDataset: taking over dg-\w+/],
      [
        "up: after POST /v2/model?Action=CreateCustomModel #1",
        /^QianfanModel: taking over amv-\w+/,
      ],
      [
        "up: after POST /v2/service?Action=CreateService #1",
        /^QianfanService: taking over svco-\w+/,
      ],
    ] as const) {
      expect(takenOver(point)).toEqual(expect.arrayContaining([expect.stringMatching(taken)]));
    }
  });
});
