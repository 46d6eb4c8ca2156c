import { modelNamePattern } from "../../policy/policies";
import { happyJob, happyQianfanJob, happyUpload } from "./fixtures";
import { schemaDefaults, violations, withPath } from "./helpers";

const SUFFIX = "^[a-z0-9][a-z0-9-]{1,39}$";
const NAME = "^[A-Za-z0-9_-]{2,20}$";

describe("finetune-model-name-pattern", () => {
  it("has the documented defaults in its config schema", () => {
    expect(schemaDefaults(modelNamePattern)).toEqual({
      suffixPattern: SUFFIX,
      requireSuffix: true,
      requireQianfanDescription: true,
      qianfanNamePattern: NAME,
    });
  });

  it.each([
    ["an Azure job with a conforming suffix", happyJob(), {}],
    [
      "an Azure job without suffix when not required",
      withPath(happyJob(), "props.suffix", undefined),
      { requireSuffix: false },
    ],
    [
      "a suffix matching a configured pattern",
      withPath(happyJob(), "props.suffix", "Support_Bot"),
      { suffixPattern: "^[A-Za-z_]+$" },
    ],
    ["a Qianfan job with name and description", happyQianfanJob(), {}],
    [
      "a Qianfan job without description when not required",
      withPath(happyQianfanJob(), "props.description", undefined),
      { requireQianfanDescription: false },
    ],
    ["another resource", withPath(happyUpload(), "props.suffix", "NOT OK"), {}],
  ])("passes %s", async (_, spec, config) => {
    expect(await violations(modelNamePattern, spec, config)).toEqual([]);
  });

  it.each([
    [
      "a missing suffix",
      withPath(happyJob(), "props.suffix", undefined),
      `suffix is missing; set a suffix matching ${SUFFIX}, or set requireSuffix to false in the policy config.`,
    ],
    [
      "an empty suffix",
      withPath(happyJob(), "props.suffix", ""),
      `suffix is missing; set a suffix matching ${SUFFIX}, or set requireSuffix to false in the policy config.`,
    ],
    [
      "an upper-case suffix",
      withPath(happyJob(), "props.suffix", "Support-Bot"),
      `suffix is "Support-Bot"; rename it to match ${SUFFIX}, or change suffixPattern in the policy config.`,
    ],
    [
      "a suffix starting with a dash",
      withPath(happyJob(), "props.suffix", "-bot"),
      `suffix is "-bot"; rename it to match ${SUFFIX}, or change suffixPattern in the policy config.`,
    ],
    [
      "a one-character suffix",
      withPath(happyJob(), "props.suffix", "a"),
      `suffix is "a"; rename it to match ${SUFFIX}, or change suffixPattern in the policy config.`,
    ],
    [
      "a 41-character suffix",
      withPath(happyJob(), "props.suffix", "a".repeat(41)),
      `suffix is "${"a".repeat(41)}"; rename it to match ${SUFFIX}, or change suffixPattern in the policy config.`,
    ],
    [
      "a Qianfan name with a space",
      withPath(happyQianfanJob(), "props.name", "support bot"),
      `name is "support bot"; rename it to match ${NAME}, or change qianfanNamePattern in the policy config.`,
    ],
    [
      "a Qianfan name too long",
      withPath(happyQianfanJob(), "props.name", "n".repeat(21)),
      `name is "${"n".repeat(21)}"; rename it to match ${NAME}, or change qianfanNamePattern in the policy config.`,
    ],
    [
      "a missing Qianfan description",
      withPath(happyQianfanJob(), "props.description", undefined),
      "description is missing; describe what the job trains, or set requireQianfanDescription to false in the policy config.",
    ],
    [
      "a blank Qianfan description",
      withPath(happyQianfanJob(), "props.description", "  "),
      "description is missing; describe what the job trains, or set requireQianfanDescription to false in the policy config.",
    ],
  ])("reports %s", async (_, spec, want) => {
    expect(await violations(modelNamePattern, spec)).toEqual([want]);
  });
});
