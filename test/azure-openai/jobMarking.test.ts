import type { FineTuningJob } from "openai/resources/fine-tuning/jobs/jobs";
import {
  carriesMarking,
  carriesStackMarker,
  createJobBody,
  jobMarking,
  markedSeed,
  userMetadata,
} from "../../provider/azure-openai/fineTuneJobProvider";
import type { FineTuneJobInputs } from "../../provider/azure-openai/fineTuneJobInputs";
import { computeIdentity } from "../../provider/core/identity";

const identity = computeIdentity({ organization: "", project: "p", stack: "dev", urn: "urn:job" });
const sibling = computeIdentity({ organization: "", project: "p", stack: "dev", urn: "urn:other" });
const foreign = computeIdentity({ organization: "", project: "p", stack: "prod", urn: "urn:job" });

const inputs = {
  model: "gpt-4o-mini-2024-07-18",
  trainingFileId: "file-t",
  validationFileId: "file-v",
  waitForCompletion: false,
  completionTimeoutSeconds: 60,
  pollIntervalSeconds: 5,
} as FineTuneJobInputs;

function job(fields: Partial<FineTuningJob>): FineTuningJob {
  return {
    id: "ftjob-1",
    model: inputs.model,
    training_file: "file-t",
    validation_file: "file-v",
    status: "running",
    created_at: 1,
    seed: 7,
    metadata: null,
    ...fields,
  } as FineTuningJob;
}

describe("where a job carries its marker", () => {
  it.each<[string, Partial<FineTuneJobInputs>, string, string | undefined]>([
    ["v1: in metadata", {}, "v1", "metadata"],
    ["v1 with a seed: still metadata", { seed: 3 }, "v1", "metadata"],
    ["dated, no seed: in the seed", {}, "2025-04-01-preview", "seed"],
    ["dated, a seed given: nowhere", { seed: 3 }, "2025-04-01-preview", undefined],
  ])("%s", (_, extra, apiVersion, where) => {
    expect(jobMarking({ ...inputs, ...extra }, identity, apiVersion)?.in).toBe(where);
  });

  it("has none without an identity", () => {
    expect(jobMarking(inputs, undefined, "v1")).toBeUndefined();
  });

  it("goes into the create body beside the user's metadata, or as the seed", () => {
    const v1 = jobMarking({ ...inputs, metadata: { owner: "ml" } }, identity, "v1")!;
    expect(createJobBody({ ...inputs, metadata: { owner: "ml" } }, "v1", v1).metadata).toEqual({
      owner: "ml",
      "pulumi-finetune": v1.marker,
    });
    const dated = jobMarking(inputs, identity, "2025-04-01-preview")!;
    const body = createJobBody(inputs, "2025-04-01-preview", dated);
    expect(body.seed).toBe(markedSeed(dated));
    expect(body.metadata).toBeUndefined();
    expect(createJobBody({ ...inputs, seed: 3 }, "2025-04-01-preview", undefined).seed).toBe(3);
  });
});

describe("recognising a marked job", () => {
  const v1 = jobMarking(inputs, identity, "v1")!;
  const dated = jobMarking(inputs, identity, "2025-04-01-preview")!;

  it.each<[string, Partial<FineTuningJob>, typeof v1, boolean]>([
    ["its metadata marker", { metadata: { "pulumi-finetune": v1.marker } }, v1, true],
    [
      "another marker",
      { metadata: { "pulumi-finetune": jobMarking(inputs, sibling, "v1")!.marker } },
      v1,
      false,
    ],
    ["no metadata", {}, v1, false],
    [
      "the marker, but other files",
      { metadata: { "pulumi-finetune": v1.marker }, training_file: "file-x" },
      v1,
      false,
    ],
    ["its marked seed", { seed: markedSeed(dated) }, dated, true],
    ["its marked seed, another model", { seed: markedSeed(dated), model: "gpt-4.1" }, dated, false],
    ["another seed", { seed: markedSeed(dated) + 1 }, dated, false],
  ])("%s", (_, fields, marking, expected) => {
    expect(carriesMarking(job(fields), inputs, marking)).toBe(expected);
  });

  it.each<[string, Partial<FineTuningJob>, boolean]>([
    [
      "a sibling's metadata marker",
      { metadata: { "pulumi-finetune": jobMarking(inputs, sibling, "v1")!.marker } },
      true,
    ],
    [
      "another stack's metadata marker",
      { metadata: { "pulumi-finetune": jobMarking(inputs, foreign, "v1")!.marker } },
      false,
    ],
    [
      "a sibling's marked seed",
      { seed: markedSeed(jobMarking(inputs, sibling, "2025-04-01-preview")!) },
      true,
    ],
    [
      "another stack's marked seed",
      { seed: markedSeed(jobMarking(inputs, foreign, "2025-04-01-preview")!) },
      false,
    ],
  ])("as this stack's: %s", (_, fields, expected) => {
    expect(carriesStackMarker(job(fields), identity)).toBe(expected);
  });
});

describe("userMetadata", () => {
  it.each<[string, Record<string, string> | null, Record<string, string> | undefined]>([
    ["none", null, undefined],
    ["only the marker", { "pulumi-finetune": "m" }, undefined],
    ["the user's and the marker", { owner: "ml", "pulumi-finetune": "m" }, { owner: "ml" }],
    ["the user's only", { owner: "ml" }, { owner: "ml" }],
    ["empty", {}, {}],
  ])("%s", (_, metadata, expected) => {
    expect(userMetadata(metadata)).toEqual(expected);
  });
});
