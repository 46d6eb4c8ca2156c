import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { trainingFileSizeBudget } from "../../policy/policies";
import { happyJob, happyTrainingFile, happyUpload } from "./fixtures";
import { schemaDefaults, violations, withPath } from "./helpers";

const GIB = 1024 * 1024 * 1024;
const FIX = "Trim or split the training data, or raise maxBytes in the policy config.";

describe("finetune-training-file-size-budget", () => {
  let dir: string;
  let smallFile: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "finetune-policy-"));
    smallFile = path.join(dir, "train.jsonl");
    fs.writeFileSync(smallFile, "x".repeat(100));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("has maxBytes 1 GiB by default", () => {
    expect(schemaDefaults(trainingFileSizeBudget)).toEqual({ maxBytes: GIB });
  });

  it.each([
    ["a TrainingFile with contentBytes", () => happyTrainingFile()],
    [
      "a TrainingFile exactly at the limit",
      () => withPath(happyTrainingFile(), "props.contentBytes", GIB),
    ],
    ["an Upload with inline content", () => happyUpload()],
    [
      "a readable source within budget",
      () =>
        withPath(
          withPath(happyTrainingFile(), "props.contentBytes", undefined),
          "props.source",
          smallFile,
        ),
    ],
    [
      "an unreadable source (skipped)",
      () => withPath(happyTrainingFile(), "props.contentBytes", undefined),
    ],
    ["another resource type", () => withPath(happyJob(), "props.contentBytes", 2 * GIB)],
  ])("passes %s", async (_, spec) => {
    expect(await violations(trainingFileSizeBudget, spec())).toEqual([]);
  });

  it.each([
    [
      "contentBytes over budget",
      () => withPath(happyTrainingFile(), "props.contentBytes", GIB + 1),
      () => `contentBytes is ${GIB + 1} bytes; the limit is ${GIB} bytes. ${FIX}`,
      {},
    ],
    [
      "an Upload's contentBytes over budget",
      () => withPath(happyUpload(), "props.contentBytes", 2 * GIB),
      () => `contentBytes is ${2 * GIB} bytes; the limit is ${GIB} bytes. ${FIX}`,
      {},
    ],
    [
      "inline content over budget (UTF-8 bytes)",
      () => withPath(happyUpload(), "props.content", "ab€"),
      () => `content is 5 bytes; the limit is 4 bytes. ${FIX}`,
      { maxBytes: 4 },
    ],
    [
      "a source file over budget",
      () =>
        withPath(
          withPath(happyTrainingFile(), "props.contentBytes", undefined),
          "props.source",
          smallFile,
        ),
      () => `source "${smallFile}" is 100 bytes; the limit is 99 bytes. ${FIX}`,
      { maxBytes: 99 },
    ],
  ])("reports %s", async (_, spec, want, config) => {
    expect(await violations(trainingFileSizeBudget, spec(), config)).toEqual([want()]);
  });

  it("prefers contentBytes over the source file", async () => {
    const spec = withPath(
      withPath(happyTrainingFile(), "props.source", smallFile),
      "props.contentBytes",
      10,
    );
    expect(await violations(trainingFileSizeBudget, spec, { maxBytes: 50 })).toEqual([]);
  });
});
