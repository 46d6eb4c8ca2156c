import {
  apiVersionFor,
  apiVersionProblem,
  DATED_API_VERSION,
  familyOf,
  featureProblem,
  normalizeApiVersion,
  supports,
} from "../../provider/azure-openai/apiVersions";

describe("api-versions", () => {
  it.each<[string, string | undefined]>([
    ["v1", "v1"],
    ["V1", "v1"],
    [" v1 ", "v1"],
    ["2024-10-21", "2024-10-21"],
    ["2025-04-01-preview", "2025-04-01-preview"],
    ["preview", undefined],
    ["2025-04-01-beta", undefined],
    ["latest", undefined],
    ["", undefined],
  ])("normalizeApiVersion(%j) is %j", (value, want) => {
    expect(normalizeApiVersion(value)).toBe(want);
    expect(apiVersionProblem(value) === undefined).toBe(want !== undefined);
  });

  it.each<[string, "v1" | "dated", string, string]>([
    ["v1", "v1", DATED_API_VERSION, DATED_API_VERSION],
    ["2024-10-21", "dated", "2024-10-21", "2024-10-21"],
    ["2025-04-01-preview", "dated", "2025-04-01-preview", "2025-04-01-preview"],
  ])("%s: family %s; uploads on %s, job DELETE on %s", (version, family, uploads, jobDelete) => {
    expect(familyOf(version)).toBe(family);
    expect(apiVersionFor("uploads", version)).toBe(uploads);
    expect(apiVersionFor("jobDelete", version)).toBe(jobDelete);
  });

  it.each<[string, boolean, boolean, boolean]>([
    ["v1", true, true, true],
    ["2025-04-01-preview", false, false, true],
    ["2025-08-01-preview", false, false, true],
    ["2024-10-21", false, false, false],
    ["2024-08-01-preview", false, false, false],
  ])(
    "%s: metadata %s, reinforcement %s, pause/resume %s",
    (version, metadata, reinforcement, pause) => {
      expect(supports("metadata", version)).toBe(metadata);
      expect(supports("reinforcement", version)).toBe(reinforcement);
      expect(supports("pauseResume", version)).toBe(pause);
    },
  );

  it("names the api-version and the fix when a feature is missing", () => {
    expect(featureProblem("metadata", "2025-04-01-preview")).toBe(
      'api-version 2025-04-01-preview has no job metadata; set the resource\'s apiVersion (or stack config azure-openai:apiVersion) to "v1".',
    );
    expect(featureProblem("pauseResume", "2024-10-21")).toContain('to "v1" or 2025-04-01-preview.');
    expect(featureProblem("metadata", "v1")).toBeUndefined();
  });
});

describe("the job method", () => {
  it.each<[string, boolean]>([
    ["v1", true],
    ["2025-04-01-preview", true],
    ["2024-08-01-preview", true],
    ["2024-10-21", false],
  ])("%s has it: %s", (version, has) => expect(supports("method", version)).toBe(has));
});
