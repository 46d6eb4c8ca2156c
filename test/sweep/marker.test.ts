import {
  trainingFileProvider,
  TrainingFileOutputs,
} from "../../provider/azure-openai/trainingFileProvider";
import { InputError } from "../../provider/core/errors";
import { resetStackConfig, setStackConfig } from "../../provider/core/stackConfig";
import { formatAge, parseAge } from "../../provider/sweep/age";
import {
  configuredSweepTag,
  markedFilename,
  markedFilenameProblem,
  markerOfFilename,
  sweepTagOf,
  unmarkedFilename,
} from "../../provider/azure-openai/sweepMarker";

describe("sweep marker", () => {
  const marker = "0123abcd_0123456789ab_89abcdef";
  it.each<[string, string | undefined, string | undefined, string]>([
    ["train.jsonl", "ci", undefined, "pulumi-finetune.ci.train.jsonl"],
    ["train.jsonl", undefined, undefined, "train.jsonl"],
    ["a.b.c", "pr-123", undefined, "pulumi-finetune.pr-123.a.b.c"],
    ["train.jsonl", undefined, marker, `pulumi-finetune.${marker}.train.jsonl`],
    ["train.jsonl", "ci", marker, `pulumi-finetune.ci.${marker}.train.jsonl`],
    ["a.b.c", "pr-123", marker, `pulumi-finetune.pr-123.${marker}.a.b.c`],
  ])("marks %j with tag %j and marker %j as %j, and reads it back", (name, tag, mark, marked) => {
    expect(markedFilename(name, tag, mark)).toBe(marked);
    expect(unmarkedFilename(marked)).toBe(name);
    expect(sweepTagOf(marked)).toBe(tag);
    expect(markerOfFilename(marked)).toBe(mark);
  });

  it.each([
    ["pulumi-finetune.ci"],
    ["pulumi-finetune..x"],
    ["Pulumi-finetune.ci.x"],
    ["pulumi-finetune.CI.x"],
    [`pulumi-finetune.${"0123abcd_0123456789ab_89abcdef"}`],
  ])("does not read %j as marked", (name) => {
    expect(sweepTagOf(name)).toBeUndefined();
    expect(markerOfFilename(name)).toBeUndefined();
    expect(unmarkedFilename(name)).toBe(name);
  });

  describe("configuredSweepTag", () => {
    afterEach(() => resetStackConfig());

    it.each<[string, Record<string, string>, Record<string, string>, string | undefined]>([
      ["none set", {}, {}, undefined],
      ["from stack config", { "azure-openai:sweepTag": "ci" }, {}, "ci"],
      ["from the environment", {}, { PULUMI_FINETUNE_SWEEP_TAG: "nightly" }, "nightly"],
      [
        "config before the environment",
        { "azure-openai:sweepTag": "ci" },
        { PULUMI_FINETUNE_SWEEP_TAG: "nightly" },
        "ci",
      ],
    ])("%s", (_, config, env, expected) => {
      setStackConfig({ get: (key) => config[key] });
      expect(configuredSweepTag(env)).toBe(expected);
    });

    it.each<[Record<string, string>, Record<string, string>, string]>([
      [{ "azure-openai:sweepTag": "CI" }, {}, "azure-openai:sweepTag"],
      [{}, { PULUMI_FINETUNE_SWEEP_TAG: "has space" }, "PULUMI_FINETUNE_SWEEP_TAG"],
      [{ "azure-openai:sweepTag": "x".repeat(33) }, {}, "azure-openai:sweepTag"],
    ])("names where a bad tag came from (%j %j)", (config, env, field) => {
      setStackConfig({ get: (key) => config[key] });
      let error: unknown;
      try {
        configuredSweepTag(env);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({
        field,
        message: expect.stringContaining("lowercase letters, digits and dashes"),
      });
    });
  });
});

describe("parseAge", () => {
  it.each<[string, number | undefined]>([
    ["45s", 45],
    ["90m", 5400],
    ["6h", 21_600],
    ["2d", 172_800],
    [" 6h ", 21_600],
    ["0h", undefined],
    ["6", undefined],
    ["6 h", undefined],
    ["-1h", undefined],
    ["1.5h", undefined],
    ["1w", undefined],
  ])("%j → %j", (text, seconds) => {
    expect(parseAge(text)).toBe(seconds);
  });

  it.each([
    [30, "30 s"],
    [120, "2 min"],
    [5400, "1.5 h"],
    [21_600, "6.0 h"],
    [172_800, "2.0 d"],
  ])("formats %d s as %j", (seconds, text) => {
    expect(formatAge(seconds)).toBe(text);
  });
});

describe("markedFilenameProblem", () => {
  it.each<[string, string | undefined, string | undefined]>([
    ["x".repeat(208), undefined, undefined],
    [
      "x".repeat(209),
      undefined,
      'the remote name is the filename after "pulumi-finetune.<marker>.", where the 30-character marker lets a run that follows an interrupted one find the file; it would be 256 characters, at most 255. Give a filename of at most 208 characters.',
    ],
    ["x".repeat(205), "ci", undefined],
    [
      "x".repeat(206),
      "ci",
      'the remote name is the filename after "pulumi-finetune.ci.<marker>." (with the sweep tag "ci"), where the 30-character marker lets a run that follows an interrupted one find the file; it would be 256 characters, at most 255. Give a filename of at most 205 characters.',
    ],
  ])("%#: a name of %s with tag %j", (name, tag, problem) => {
    expect(markedFilenameProblem(name, tag)).toBe(problem);
  });
});

describe("TrainingFile check with a sweep tag", () => {
  afterEach(() => resetStackConfig());

  it.each<[string, Record<string, string>, string[]]>([
    ["a name that fits with the marker", { "azure-openai:sweepTag": "ci" }, []],
    ["a name too long once marked", { "azure-openai:sweepTag": "nightly-builds" }, ["filename"]],
    [
      "a bad tag: reported once, the name not measured",
      { "azure-openai:sweepTag": "Bad Tag" },
      ["azure-openai:sweepTag"],
    ],
  ])("%s", async (_, config, properties) => {
    setStackConfig({
      get: (key) => ({ "azure-openai:endpoint": "https://x.openai.azure.com", ...config })[key],
    });
    const result = await trainingFileProvider.check(
      {},
      { content: '{"prompt":"p","completion":"c"}\n', filename: "f".repeat(200) },
    );
    expect(result.failures.map((f) => f.property)).toEqual(properties);
  });
});

describe("the file resources' diff with marked names", () => {
  const state: TrainingFileOutputs = {
    content: "{}",
    purpose: "fine-tune",
    filename: "chat.jsonl",
    validateContent: true,
    waitForProcessing: true,
    processingTimeoutSeconds: 1800,
    contentSha256: "abc",
    contentBytes: 2,
    fileId: "file-1",
    bytes: 2,
    status: "processed",
    createdAt: 1,
  };

  it.each<[string, string, string, string[]]>([
    [
      "a marked remote name, the same name given",
      "pulumi-finetune.ci.chat.jsonl",
      "chat.jsonl",
      [],
    ],
    ["a remote name from before the stack had a tag", "chat.jsonl", "chat.jsonl", []],
    [
      "a name with the resource's marker (new files have it), the same name given",
      "pulumi-finetune.0123abcd_0123456789ab_89abcdef.chat.jsonl",
      "chat.jsonl",
      [],
    ],
    [
      "a tag and a marker, the same name given",
      "pulumi-finetune.ci.0123abcd_0123456789ab_89abcdef.chat.jsonl",
      "chat.jsonl",
      [],
    ],
    [
      "a marked remote name, another name given",
      "pulumi-finetune.ci.chat.jsonl",
      "other.jsonl",
      ["filename"],
    ],
  ])("%s", async (_, remoteName, givenName, replaces) => {
    const diff = await trainingFileProvider.diff(
      "file-1",
      { ...state, filename: remoteName },
      { ...state, filename: givenName },
    );
    expect(diff.replaces).toEqual(replaces);
    expect(diff.changes).toBe(replaces.length > 0);
  });
});
