import { requiredMetadata } from "../../policy/policies";
import { happyJob, happyQianfanJob, happyRftJob } from "./fixtures";
import { schemaDefaults, violations, withPath } from "./helpers";

const OWNER_AND_COST = { requiredKeys: ["owner", "cost-center"] };

describe("finetune-required-metadata", () => {
  it("requires nothing by default", () => {
    expect(schemaDefaults(requiredMetadata)).toEqual({ requiredKeys: [], allowEmptyValues: false });
  });

  it.each([
    ["a job without metadata", happyJob()],
    ["a job with metadata", happyRftJob()],
    ["a job with an empty value", withPath(happyRftJob(), "props.metadata.owner", "")],
  ])("passes %s by default", async (_, spec) => {
    expect(await violations(requiredMetadata, spec)).toEqual([]);
  });

  it.each([
    ["a job with both keys", happyRftJob()],
    ["a job with extra keys", withPath(happyRftJob(), "props.metadata.team", "support")],
    ["a computed metadata", withPath(happyRftJob(), "props.metadata", "[unknown]")],
    ["a numeric metadata", withPath(happyRftJob(), "props.metadata", 7)],
    ["an array metadata", withPath(happyRftJob(), "props.metadata", ["owner"])],
    ["a computed value", withPath(happyRftJob(), "props.metadata.owner", { unknown: true })],
    ["a Qianfan job", happyQianfanJob()],
  ])("passes %s when owner and cost-center are required", async (_, spec) => {
    expect(await violations(requiredMetadata, spec, OWNER_AND_COST)).toEqual([]);
  });

  it.each([
    [
      "a job without metadata",
      happyJob(),
      [
        'metadata is not set; add metadata with "owner", "cost-center", or remove them from requiredKeys in the policy config.',
      ],
    ],
    [
      "a null metadata",
      withPath(happyRftJob(), "props.metadata", null),
      [
        'metadata is not set; add metadata with "owner", "cost-center", or remove them from requiredKeys in the policy config.',
      ],
    ],
    [
      "a missing key",
      withPath(happyRftJob(), "props.metadata.cost-center", undefined),
      [
        'metadata is missing "cost-center"; add it to the job\'s metadata, or remove it from requiredKeys in the policy config.',
      ],
    ],
    [
      "both keys missing",
      withPath(happyRftJob(), "props.metadata", { team: "support" }),
      [
        'metadata is missing "owner", "cost-center"; add them to the job\'s metadata, or remove them from requiredKeys in the policy config.',
      ],
    ],
    [
      "an empty value",
      withPath(happyRftJob(), "props.metadata.owner", ""),
      [
        'metadata has an empty value for "owner"; give it a value, or set allowEmptyValues to true in the policy config.',
      ],
    ],
    [
      "a blank value",
      withPath(happyRftJob(), "props.metadata.owner", "   "),
      [
        'metadata has an empty value for "owner"; give it a value, or set allowEmptyValues to true in the policy config.',
      ],
    ],
    [
      "one missing and one empty",
      withPath(happyRftJob(), "props.metadata", { owner: "" }),
      [
        'metadata is missing "cost-center"; add it to the job\'s metadata, or remove it from requiredKeys in the policy config.',
        'metadata has an empty value for "owner"; give it a value, or set allowEmptyValues to true in the policy config.',
      ],
    ],
  ])("reports %s", async (_, spec, want) => {
    expect(await violations(requiredMetadata, spec, OWNER_AND_COST)).toEqual(want);
  });

  it("never shows a metadata value", async () => {
    const spec = withPath(happyRftJob(), "props.metadata", {
      owner: "",
      note: "0123456789abcdef0123456789abcdef",
    });
    const found = await violations(requiredMetadata, spec, OWNER_AND_COST);
    expect(found).toHaveLength(2);
    expect(found.join("\n")).not.toContain("0123456789abcdef");
  });

  it("follows requiredKeys and allowEmptyValues from the policy config", async () => {
    const empty = withPath(happyRftJob(), "props.metadata.owner", "");
    expect(await violations(requiredMetadata, empty, OWNER_AND_COST)).toHaveLength(1);
    expect(
      await violations(requiredMetadata, empty, { ...OWNER_AND_COST, allowEmptyValues: true }),
    ).toEqual([]);
    expect(await violations(requiredMetadata, happyRftJob(), { requiredKeys: ["owner"] })).toEqual(
      [],
    );
    expect(
      await violations(requiredMetadata, happyRftJob(), { requiredKeys: ["project"] }),
    ).toEqual([
      'metadata is missing "project"; add it to the job\'s metadata, or remove it from requiredKeys in the policy config.',
    ]);
  });
});
