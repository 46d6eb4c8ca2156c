import { planSweep, ListedFile, ListedJob } from "../../provider/sweep/plan";

const NOW = 1_000_000;
const HOUR = 3600;
const file = (id: string, filename: string, hoursAgo: number, status?: string): ListedFile => ({
  id,
  filename,
  created_at: NOW - hoursAgo * HOUR,
  ...(status ? { status } : {}),
});
const job = (
  id: string,
  trainingFile: string,
  hoursAgo: number,
  validationFile?: string,
): ListedJob => ({
  id,
  status: "running",
  created_at: NOW - hoursAgo * HOUR,
  training_file: trainingFile,
  validation_file: validationFile ?? null,
});
const criteria = { tag: "ci", olderThanSeconds: 6 * HOUR, nowSeconds: NOW };

describe("planSweep", () => {
  it.each<[string, ListedFile[], ListedJob[], string[], string[], number]>([
    [
      "a stale marked file is removed",
      [file("file-a", "pulumi-finetune.ci.train.jsonl", 7)],
      [],
      ["file file-a"],
      [],
      0,
    ],
    [
      "a fresh marked file is kept",
      [file("file-a", "pulumi-finetune.ci.train.jsonl", 5)],
      [],
      [],
      ["file file-a: newer than the age given"],
      0,
    ],
    [
      "exactly the age counts as stale",
      [file("file-a", "pulumi-finetune.ci.train.jsonl", 6)],
      [],
      ["file file-a"],
      [],
      0,
    ],
    [
      "an unmarked file is never touched, however old",
      [file("file-a", "train.jsonl", 1000)],
      [],
      [],
      [],
      1,
    ],
    [
      "another tag's file is never touched",
      [file("file-a", "pulumi-finetune.prod.train.jsonl", 1000)],
      [],
      [],
      [],
      1,
    ],
    [
      "a tag that only starts the same is another tag",
      [file("file-a", "pulumi-finetune.ci-2.train.jsonl", 1000)],
      [],
      [],
      [],
      1,
    ],
    [
      "the marker must start the name",
      [file("file-a", "x.pulumi-finetune.ci.train.jsonl", 1000)],
      [],
      [],
      [],
      1,
    ],
    [
      "a deleted file is left alone",
      [file("file-a", "pulumi-finetune.ci.t.jsonl", 9, "deleted")],
      [],
      [],
      [],
      1,
    ],
    [
      "a stale job on a marked file goes before its file",
      [file("file-a", "pulumi-finetune.ci.train.jsonl", 9)],
      [job("ftjob-1", "file-a", 8)],
      ["job ftjob-1", "file file-a"],
      [],
      0,
    ],
    [
      "a job is ours through its validation file too",
      [file("file-t", "train.jsonl", 9), file("file-v", "pulumi-finetune.ci.valid.jsonl", 9)],
      [job("ftjob-1", "file-t", 8, "file-v")],
      ["job ftjob-1", "file file-v"],
      [],
      1,
    ],
    [
      "a stale file used by a fresh job stays",
      [file("file-a", "pulumi-finetune.ci.train.jsonl", 9)],
      [job("ftjob-1", "file-a", 1)],
      [],
      ["job ftjob-1: newer than the age given", "file file-a: used by job ftjob-1, which stays"],
      0,
    ],
    [
      "a job on unmarked files is never touched",
      [file("file-a", "train.jsonl", 9)],
      [job("ftjob-1", "file-a", 9)],
      [],
      [],
      2,
    ],
    [
      "a job whose file is gone cannot be told apart: untouched",
      [],
      [job("ftjob-1", "file-gone", 9)],
      [],
      [],
      1,
    ],
  ])("%s", (_, files, jobs, removed, kept, ignored) => {
    const plan = planSweep(files, jobs, criteria);
    expect(plan.remove.map((item) => `${item.kind} ${item.id}`)).toEqual(removed);
    expect(plan.kept.map((item) => `${item.kind} ${item.id}: ${item.reason}`)).toEqual(kept);
    expect(plan.ignored).toBe(ignored);
  });
});
