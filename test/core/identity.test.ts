import {
  computeIdentity,
  identityIn,
  isIdentity,
  isMarker,
  markedByStack,
  markerNumber,
  markerOf,
  numberMarkedByStack,
  sameStack,
  stackPartOf,
} from "../../provider/core/identity";

const base = { organization: "acme", project: "ml", stack: "dev" };
const urn = (
  name: string,
  type = "pulumi-nodejs:dynamic/azure-openai:FineTuneJob",
  stack = "dev",
) => `urn:pulumi:${stack}::ml::${type}::${name}`;

describe("computeIdentity", () => {
  const job = computeIdentity({ ...base, urn: urn("job") });

  it("is the same for the same resource in every run", () => {
    expect(computeIdentity({ ...base, urn: urn("job") })).toBe(job);
    expect(isIdentity(job)).toBe(true);
  });

  it.each<[string, Parameters<typeof computeIdentity>[0], boolean]>([
    ["another name, same stack", { ...base, urn: urn("job2") }, true],
    [
      "another type, same name",
      { ...base, urn: urn("job", "pulumi-nodejs:dynamic/azure-openai:Upload") },
      true,
    ],
    [
      "under a parent",
      {
        ...base,
        urn: urn("job", "my:component:Pipeline$pulumi-nodejs:dynamic/azure-openai:FineTuneJob"),
      },
      true,
    ],
    ["another stack", { ...base, stack: "prod", urn: urn("job", undefined, "prod") }, false],
    ["another project", { ...base, project: "ml2", urn: urn("job") }, false],
    ["another organization", { ...base, organization: "other", urn: urn("job") }, false],
  ])("differs for %s (same stack part: %s)", (_, source, stackShared) => {
    const other = computeIdentity(source);
    expect(other).not.toBe(job);
    expect(sameStack(other, job)).toBe(stackShared);
  });
});

describe("markers", () => {
  const identity = computeIdentity({ ...base, urn: urn("training") });
  const keys = ["contentSha256", "purpose", "filename"];
  const inputs = { contentSha256: "abc", purpose: "fine-tune", filename: "t.jsonl", other: 1 };

  it("carry the identity and a fingerprint of the keys named, in any key order", () => {
    const marker = markerOf(identity, inputs, keys);
    expect(isMarker(marker)).toBe(true);
    expect(marker.startsWith(`${identity}_`)).toBe(true);
    expect(
      markerOf(identity, { filename: "t.jsonl", purpose: "fine-tune", contentSha256: "abc" }, keys),
    ).toBe(marker);
    expect(markerOf(identity, { ...inputs, other: 2 }, keys)).toBe(marker);
  });

  it.each([
    ["content", { contentSha256: "abd" }],
    ["name", { filename: "u.jsonl" }],
    ["a key that was absent", { purpose: undefined }],
  ])("change with the %s (a replacement never matches its predecessor)", (_, change) => {
    expect(markerOf(identity, { ...inputs, ...change }, keys)).not.toBe(
      markerOf(identity, inputs, keys),
    );
  });

  it.each<[string, string, boolean]>([
    ["this stack's", computeIdentity({ ...base, urn: urn("other") }), true],
    [
      "another stack's",
      computeIdentity({ ...base, stack: "prod", urn: urn("training", undefined, "prod") }),
      false,
    ],
    ["not an identity", "nonsense", false],
  ])("tell %s resources", (_, other, expected) => {
    expect(markedByStack(markerOf(identity, inputs, keys), other)).toBe(expected);
  });

  it("fit a number that keeps the stack's share, within the bits given", () => {
    const marker = markerOf(identity, inputs, keys);
    const seed = markerNumber(marker, 16, 15);
    expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31).toBe(true);
    expect(markerNumber(marker, 16, 15)).toBe(seed);
    expect(numberMarkedByStack(seed, identity, 16, 15)).toBe(true);
    const elsewhere = computeIdentity({
      ...base,
      stack: "prod",
      urn: urn("training", undefined, "prod"),
    });
    expect(numberMarkedByStack(seed, elsewhere, 16, 15)).toBe(false);
    expect(markerNumber(markerOf(identity, { ...inputs, purpose: "x" }, keys), 16, 15)).not.toBe(
      seed,
    );
  });

  it("are read from props only when well formed", () => {
    expect(identityIn({ __identity: identity })).toBe(identity);
    expect(identityIn({ __identity: "x" })).toBeUndefined();
    expect(identityIn({})).toBeUndefined();
    expect(stackPartOf(identity)).toHaveLength(8);
  });
});
