import { allowedTrainingTypes } from "../../policy/policies";
import { trainingKind } from "../../policy/rules/allowedTrainingTypes";
import { happyJob, happyRftJob, happyTrainingFile } from "./fixtures";
import { schemaDefaults, violations, withPath } from "./helpers";

const NO_DEVELOPER = { allowedTrainingTypes: ["standard", "globalStandard"] };
const SPELLINGS =
  '"standard", "globalStandard", "global standard", "developer", "developerTier" (any letter case).';
const DEVELOPER_WHY = "(developer training has no data residency and may be paused by the service)";

describe("finetune-allowed-training-types", () => {
  it("allows every training type by default", () => {
    expect(schemaDefaults(allowedTrainingTypes)).toEqual({
      allowedTrainingTypes: ["standard", "globalStandard", "developer"],
    });
  });

  it.each([
    ["standard", "standard"],
    ["Standard", "standard"],
    ["STANDARD", "standard"],
    ["globalStandard", "globalStandard"],
    ["globalstandard", "globalStandard"],
    ["global standard", "globalStandard"],
    ["Global Standard", "globalStandard"],
    ["global_standard", "globalStandard"],
    ["global-standard", "globalStandard"],
    ["developer", "developer"],
    ["Developer", "developer"],
    ["developerTier", "developer"],
    ["developertier", "developer"],
    ["DeveloperTier", "developer"],
    ["developer tier", "developer"],
  ])("reads %s as %s", (spelling, kind) => {
    expect(trainingKind(spelling)).toBe(kind);
  });

  it.each(["", "global", "provisioned", "dev", "toString", "__proto__"])(
    "does not recognise %j",
    (spelling) => {
      expect(trainingKind(spelling)).toBeUndefined();
    },
  );

  it.each([
    ["a job without a trainingType", happyJob()],
    ["a globalStandard job", happyRftJob()],
    ["a developerTier job", withPath(happyJob(), "props.trainingType", "developerTier")],
    ["a Global Standard job", withPath(happyJob(), "props.trainingType", "Global Standard")],
    ["a computed trainingType", withPath(happyJob(), "props.trainingType", { unknown: true })],
    ["a numeric trainingType", withPath(happyJob(), "props.trainingType", 3)],
    ["another resource", withPath(happyTrainingFile(), "props.trainingType", "nonsense")],
  ])("passes %s by default", async (_, spec) => {
    expect(await violations(allowedTrainingTypes, spec)).toEqual([]);
  });

  it.each([
    [
      "an unrecognised spelling",
      withPath(happyJob(), "props.trainingType", "provisioned"),
      {},
      `trainingType is "provisioned", which is not a training type this policy recognises; use one of ${SPELLINGS}`,
    ],
    [
      "an empty trainingType",
      withPath(happyJob(), "props.trainingType", ""),
      {},
      `trainingType (the value is not shown) is not a training type this policy recognises; use one of ${SPELLINGS}`,
    ],
    [
      "an unrecognised value that could be a secret, without quoting it",
      withPath(happyJob(), "props.trainingType", "0123456789abcdef0123456789abcdef"),
      {},
      `trainingType (the value is not shown) is not a training type this policy recognises; use one of ${SPELLINGS}`,
    ],
    [
      "developerTier where developer is refused",
      withPath(happyJob(), "props.trainingType", "developerTier"),
      NO_DEVELOPER,
      `trainingType is "developerTier" (developer), and allowedTrainingTypes does not allow developer ${DEVELOPER_WHY}; set trainingType to one of standard, globalStandard, or add developer to allowedTrainingTypes in the policy config.`,
    ],
    [
      "Developer where developer is refused",
      withPath(happyJob(), "props.trainingType", "Developer"),
      NO_DEVELOPER,
      `trainingType is "Developer" (developer), and allowedTrainingTypes does not allow developer ${DEVELOPER_WHY}; set trainingType to one of standard, globalStandard, or add developer to allowedTrainingTypes in the policy config.`,
    ],
    [
      "global standard where only standard is allowed",
      withPath(happyJob(), "props.trainingType", "global standard"),
      { allowedTrainingTypes: ["standard"] },
      'trainingType is "global standard" (globalStandard), and allowedTrainingTypes does not allow globalStandard; set trainingType to one of standard, or add globalStandard to allowedTrainingTypes in the policy config.',
    ],
    [
      "an absent trainingType where standard is refused",
      happyJob(),
      { allowedTrainingTypes: ["globalStandard", "developer"] },
      "trainingType is not set, which means the service default (standard), and allowedTrainingTypes does not allow standard; set trainingType to one of globalStandard, developer, or add standard to allowedTrainingTypes in the policy config.",
    ],
    [
      "any job when allowedTrainingTypes is empty",
      happyRftJob(),
      { allowedTrainingTypes: [] },
      'trainingType is "globalStandard" (globalStandard), and allowedTrainingTypes does not allow globalStandard; allowedTrainingTypes in the policy config is empty; add globalStandard to it.',
    ],
  ])("reports %s", async (_, spec, config, want) => {
    expect(await violations(allowedTrainingTypes, spec, config)).toEqual([want]);
  });

  it("follows allowedTrainingTypes from the policy config", async () => {
    const developer = withPath(happyJob(), "props.trainingType", "developertier");
    expect(await violations(allowedTrainingTypes, developer, NO_DEVELOPER)).toHaveLength(1);
    expect(await violations(allowedTrainingTypes, happyJob(), NO_DEVELOPER)).toEqual([]);
    expect(await violations(allowedTrainingTypes, happyRftJob(), NO_DEVELOPER)).toEqual([]);
    expect(
      await violations(allowedTrainingTypes, developer, { allowedTrainingTypes: ["developer"] }),
    ).toEqual([]);
    // The config is read with the same spellings as the input.
    expect(
      await violations(allowedTrainingTypes, developer, {
        allowedTrainingTypes: ["DeveloperTier"],
      }),
    ).toEqual([]);
  });

  it("still reports an unrecognised spelling when every type is allowed", async () => {
    const spec = withPath(happyJob(), "props.trainingType", "premium");
    expect(await violations(allowedTrainingTypes, spec)).toEqual([
      `trainingType is "premium", which is not a training type this policy recognises; use one of ${SPELLINGS}`,
    ]);
  });
});
