/**
 * Fault soak: every kind of resource through create, refresh, replace and destroy, with throttling, server errors,
 * lost answers and dropped connections injected on every create and delete route. Afterwards nothing is left that
 * the state does not know (no orphans), nothing was made twice (no duplicates), and every failure was retried
 * within the retry budget. Prints the figures.
 */
import { emptyState, StackState } from "../harness";
import { FaultRule } from "../emulator";
import { startTestStack, TestStack } from "./helpers/stack";

const SIZE = 40; // of each of 5 kinds: 200 resources, each through create, refresh, replace and destroy
const CREATE_ROUTES = [
  "POST /openai/files",
  "POST /openai/uploads",
  "POST /openai/fine_tuning/jobs",
  "POST /v2/finetuning?Action=CreateFineTuningJob",
  "POST /v2/finetuning?Action=CreateFineTuningTask",
];
const OTHER_ROUTES = [
  "POST /openai/uploads/{id}/parts",
  "POST /openai/uploads/{id}/complete",
  "GET /openai/files/{id}",
  "DELETE /openai/files/{id}",
  "POST /openai/fine_tuning/jobs/{id}/cancel",
  "DELETE /openai/fine_tuning/jobs/{id}",
  "POST /v2/finetuning?Action=StopFineTuningTask",
  "POST /v2/finetuning?Action=DeleteFineTuningTask",
  "POST /v2/finetuning?Action=DeleteFineTuningJob",
];

function faults(): FaultRule[] {
  return [
    ...CREATE_ROUTES.flatMap((route): FaultRule[] => [
      { route, status: 429, retryAfterMs: 5, times: 2 },
      { route, status: 500, after: true, times: 1 },
      { route, drop: true, after: true, times: 1 },
    ]),
    ...OTHER_ROUTES.flatMap((route): FaultRule[] => [
      { route, status: 503, retryAfterMs: 5, times: 2 },
      { route, status: 429, retryAfterMs: 5, times: 1 },
    ]),
  ];
}

let stack: TestStack;
afterAll(async () => {
  await stack?.close();
});

function remote(stackToCheck: TestStack): string[] {
  const store = stackToCheck.emulator.store;
  return [
    ...store.listFiles().filter((f) => f.purpose === "fine-tune").map((f) => f.id),
    ...store.jobs.list().map((j) => j.id),
    ...store.qianfan.listJobs().map((j) => j.jobId),
    ...store.qianfan.listTasks().map((t) => t.taskId),
  ].sort();
}

const inState = (state: StackState) => state.resources.map((r) => r.id).sort();

describe("fault soak", () => {
  it(`runs ${SIZE * 5} resources through create, refresh, replace and destroy under injected faults`, async () => {
    stack = await startTestStack({
      program: "soak",
      emulator: { faults: faults(), maxActiveJobs: 1000, jobTimings: { pendingMs: 100, validatingMs: 100, queuedMs: 100, runningMs: 600_000 } },
    });
    const env = (round: number) => ({ SOAK_SIZE: String(SIZE), SOAK_ROUND: String(round) });
    const started = Date.now();

    const created = await stack.engine.up(emptyState(), env(1));
    expect(created.errors).toEqual([]);
    expect(remote(stack)).toEqual(inState(created.state));

    const refreshed = await stack.engine.refresh(created.state);
    expect(refreshed.errors).toEqual([]);
    expect(refreshed.state.resources).toHaveLength(SIZE * 5);

    const replaced = await stack.engine.up(refreshed.state, env(2));
    expect(replaced.errors).toEqual([]);
    expect(replaced.steps.filter((s) => s.op === "replace")).toHaveLength(SIZE * 5);
    expect(remote(stack)).toEqual(inState(replaced.state));
    for (const rule of faults()) stack.emulator.faults.add(rule);

    const destroyed = await stack.engine.destroy(replaced.state);
    expect(destroyed.errors).toEqual([]);
    expect(remote(stack)).toEqual([]);

    const requests = stack.emulator.requests;
    const faulted = requests.filter((r) => r.status === 0 || r.status >= 429).length;
    const retries = (stack.host.logs.join("\n").match(/retrying in/g) ?? []).length;
    const recovered = (stack.host.logs.join("\n").match(/answer was lost, but it created/g) ?? []).length;
    console.log(
      `fault soak: ${SIZE * 5} resources × 4 operations, ${requests.length} requests, ${faulted} faulted answers, ` +
        `${retries} retries, ${recovered} lost creates recovered, orphans 0, duplicates 0, ${Date.now() - started} ms`,
    );
    expect(recovered).toBeGreaterThan(0);
  }, 300_000);
});
