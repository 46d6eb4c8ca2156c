import { maxConcurrentJobs } from "../../policy/policies";
import { happyJob, happyQianfanJob, happyQianfanTask, happyTrainingFile } from "./fixtures";
import { schemaDefaults, stackViolations, type ResourceSpec } from "./helpers";

const named = (spec: ResourceSpec, name: string): ResourceSpec => ({ ...spec, name });
const FIX = "Remove jobs or move them to another stack, or raise maxJobs in the policy config.";

describe("finetune-max-concurrent-jobs", () => {
  it("has maxJobs 3 by default", () => {
    expect(schemaDefaults(maxConcurrentJobs)).toEqual({ maxJobs: 3 });
  });

  it.each([
    ["an empty stack", []],
    [
      "three jobs, with files and Qianfan jobs that do not count",
      [
        named(happyJob(), "a"),
        named(happyJob(), "b"),
        named(happyQianfanTask(), "c"),
        happyTrainingFile(),
        happyQianfanJob(),
      ],
    ],
  ])("passes %s", async (_, specs) => {
    expect(await stackViolations(maxConcurrentJobs, specs)).toEqual([]);
  });

  it.each([
    [
      "four Azure jobs",
      [
        named(happyJob(), "a"),
        named(happyJob(), "b"),
        named(happyJob(), "c"),
        named(happyJob(), "d"),
      ],
      "a, b, c, d",
    ],
    [
      "Azure jobs and Qianfan tasks together",
      [
        named(happyJob(), "a"),
        named(happyQianfanTask(), "t1"),
        named(happyJob(), "b"),
        named(happyQianfanTask(), "t2"),
      ],
      "a, t1, b, t2",
    ],
  ])("reports %s", async (_, specs, names) => {
    expect(await stackViolations(maxConcurrentJobs, specs)).toEqual([
      { message: `The stack has 4 fine-tuning jobs (${names}); the limit is 3. ${FIX}` },
    ]);
  });

  it("follows maxJobs from the policy config", async () => {
    const specs = [named(happyJob(), "a"), named(happyJob(), "b")];
    expect(await stackViolations(maxConcurrentJobs, specs, { maxJobs: 1 })).toEqual([
      { message: `The stack has 2 fine-tuning jobs (a, b); the limit is 1. ${FIX}` },
    ]);
  });
});
