import {
  describedByStack,
  markedDescription,
  markerInDescription,
  REMOTE_DESCRIPTION_MAX,
  USER_DESCRIPTION_MAX,
} from "../../provider/qianfan/markedDescription";

const MARKER = "0a1b2c3d_0123456789ab_deadbeef";
const THIS_STACK = "0a1b2c3d_ffffffffffff";
const OTHER_STACK = "9f8e7d6c_0123456789ab";

describe("markedDescription", () => {
  it.each<[string, string | undefined, string | undefined, string | undefined]>([
    ["the user's, then the tag", "FAQ bot", MARKER, `FAQ bot [pulumi-finetune ${MARKER}]`],
    ["the tag alone without a description", undefined, MARKER, `[pulumi-finetune ${MARKER}]`],
    ["the tag alone for an empty description", "", MARKER, `[pulumi-finetune ${MARKER}]`],
    ["the user's alone without an identity", "FAQ bot", undefined, "FAQ bot"],
    ["nothing without either", undefined, undefined, undefined],
  ])("%s", (_, description, marker, want) => {
    expect(markedDescription(description, marker)).toBe(want);
  });

  it("fits Qianfan's 500 characters with the longest description the check lets through", () => {
    const longest = markedDescription("中".repeat(USER_DESCRIPTION_MAX), MARKER) ?? "";
    expect([...longest].length).toBe(REMOTE_DESCRIPTION_MAX);
  });
});

describe("markerInDescription", () => {
  it.each<[string, string | undefined, string | undefined]>([
    ["after the user's description", `FAQ bot [pulumi-finetune ${MARKER}]`, MARKER],
    ["alone", `[pulumi-finetune ${MARKER}]`, MARKER],
    ["not at the end", `[pulumi-finetune ${MARKER}] and more`, undefined],
    ["a malformed marker", "FAQ bot [pulumi-finetune 0a1b2c3d_0123]", undefined],
    ["another tool's tag", `FAQ bot [terraform ${MARKER}]`, undefined],
    ["a description made by hand", "FAQ bot", undefined],
    ["no description", undefined, undefined],
  ])("%s", (_, description, want) => {
    expect(markerInDescription(description)).toBe(want);
  });

  it("reads back what markedDescription wrote", () => {
    expect(markerInDescription(markedDescription("x", MARKER))).toBe(MARKER);
  });
});

describe("describedByStack", () => {
  it.each<[string, string | undefined, string, boolean]>([
    ["a marker of this stack", `FAQ bot [pulumi-finetune ${MARKER}]`, THIS_STACK, true],
    ["another stack's marker", `FAQ bot [pulumi-finetune ${MARKER}]`, OTHER_STACK, false],
    ["no marker (made by hand)", "FAQ bot", THIS_STACK, false],
    ["no description", undefined, THIS_STACK, false],
    ["a malformed identity", `[pulumi-finetune ${MARKER}]`, "0a1b2c3d", false],
  ])("%s: %s", (_, description, identity, want) => {
    expect(describedByStack(description, identity)).toBe(want);
  });
});
