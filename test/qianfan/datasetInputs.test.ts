import { checkQianfanDataset, normaliseBosUri } from "../../provider/qianfan/datasetInputs";
import { checkQianfanTask } from "../../provider/qianfan/inputs";
import { UNKNOWN } from "../../provider/core/unknown";

const dataset = {
  datasetName: "faq-train",
  dataFormat: "PromptResponse",
  sources: ["bos:/my-bucket/faq/train.jsonl"],
};
const reasons = (news: Record<string, unknown>) =>
  checkQianfanDataset(news)
    .failures.map((f) => f.reason)
    .join("\n");

describe("checkQianfanDataset", () => {
  it("accepts a sysStorage dataset and fills the defaults", () => {
    expect(checkQianfanDataset(dataset)).toEqual({
      inputs: {
        ...dataset,
        storageType: "sysStorage",
        importTimeoutSeconds: 3600,
        publishTimeoutSeconds: 1800,
        pollIntervalSeconds: 5,
      },
      failures: [],
    });
  });

  it.each<[string, unknown, unknown]>([
    ["bos://bucket/key is read as bos:/bucket/key", "bos://b/k.jsonl", "bos:/b/k.jsonl"],
    ["bos:/ is left as it is", "bos:/b/k.jsonl", "bos:/b/k.jsonl"],
    ["BOS:// in capitals too", "BOS://b/dir/", "bos:/b/dir/"],
  ])("normalises sources: %s", (_name, source, want) => {
    const { inputs, failures } = checkQianfanDataset({ ...dataset, sources: [source] });
    expect(failures).toEqual([]);
    expect(inputs.sources).toEqual([want]);
    expect(typeof source === "string" && normaliseBosUri(source)).toBe(want);
  });

  it("normalises a BOS storage path: one slash, and the trailing slash Baidu requires", () => {
    const { inputs, failures } = checkQianfanDataset({
      ...dataset,
      storageType: "BOS",
      storagePath: "bos://my-bucket/datasets",
    });
    expect(failures).toEqual([]);
    expect(inputs.storagePath).toBe("bos:/my-bucket/datasets/");
  });

  it("takes one directory alone, or several files", () => {
    expect(reasons({ ...dataset, sources: ["bos:/b/dir/"] })).toBe("");
    expect(reasons({ ...dataset, sources: ["bos:/b/a.jsonl", "bos:/c/d/b.jsonl"] })).toBe("");
  });

  it("fails nothing on values not known yet (preview)", () => {
    expect(
      reasons({
        datasetName: UNKNOWN,
        dataFormat: UNKNOWN,
        storageType: UNKNOWN,
        storagePath: UNKNOWN,
        sources: [UNKNOWN, "bos:/b/a.jsonl"],
      }),
    ).toBe("");
    expect(reasons({ ...dataset, sources: UNKNOWN })).toBe("");
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["no name", { ...dataset, datasetName: undefined }, "datasetName: is required"],
    ["an empty name", { ...dataset, datasetName: " " }, "datasetName: must be a non-empty string"],
    [
      "no data format",
      { ...dataset, dataFormat: undefined },
      "dataFormat: is required; use one of PromptResponse, Role, SFT_FIM",
    ],
    [
      "an unknown data format",
      { ...dataset, dataFormat: "jsonl" },
      'dataFormat: "jsonl" is not a Qianfan data format; use one of PromptResponse',
    ],
    [
      "a v1 storage type",
      { ...dataset, storageType: "usrBos" },
      'storageType: "usrBos" is not a storage type; use one of BOS, sysStorage',
    ],
    [
      "BOS without a storage path",
      { ...dataset, storageType: "BOS" },
      "storagePath: is required when storageType is BOS",
    ],
    [
      "a storage path with sysStorage",
      { ...dataset, storagePath: "bos:/b/d/" },
      'storagePath: is only for storageType "BOS"',
    ],
    [
      "a storage path that is no BOS URI",
      { ...dataset, storageType: "BOS", storagePath: "s3://b/d/" },
      'storagePath: "s3://b/d/" is not a BOS directory; write bos:/bucket/dir/',
    ],
    ["no sources", { ...dataset, sources: undefined }, "sources: is required: the BOS objects"],
    ["an empty list", { ...dataset, sources: [] }, "sources: must be a non-empty list of BOS URIs"],
    ["a string", { ...dataset, sources: "bos:/b/a" }, "sources: must be a non-empty list"],
    [
      "an S3 URI",
      { ...dataset, sources: ["s3://b/a.jsonl"] },
      'sources[0]: "s3://b/a.jsonl" is not a BOS URI; write bos:/bucket/path/file.jsonl',
    ],
    [
      "a bucket without key slash",
      { ...dataset, sources: ["bos:/bucket"] },
      'sources[0]: "bos:/bucket" is not a BOS URI',
    ],
    ["a path with a space", { ...dataset, sources: ["bos:/b/my file.jsonl"] }, "sources[0]: "],
    [
      "a directory among files",
      { ...dataset, sources: ["bos:/b/a.jsonl", "bos:/b/dir/"] },
      'sources[1]: "bos:/b/dir/" is a directory: import one directory alone',
    ],
    [
      "an import timeout of 0",
      { ...dataset, importTimeoutSeconds: 0 },
      "importTimeoutSeconds: must be a number from 1 to 604800 (got 0)",
    ],
    [
      "a publish timeout as text",
      { ...dataset, publishTimeoutSeconds: "60" },
      "publishTimeoutSeconds: must be a number",
    ],
    [
      "a poll interval of an hour and more",
      { ...dataset, pollIntervalSeconds: 4000 },
      "pollIntervalSeconds: must be a number from 1 to 3600",
    ],
  ])("reports %s", (_name, news, message) => expect(reasons(news)).toContain(message));
});

describe("QianfanFineTuneTask.datasetConfig.dataset", () => {
  it("reports a dataset that is not a QianfanDataset resource (the class converts the resource itself)", () => {
    const task = {
      jobId: "job-1xzycis4jm3b",
      hyperParameterConfig: { epoch: 1 },
      datasetConfig: { dataset: "ds-1" },
    };
    expect(checkQianfanTask(task).failures.map((f) => f.reason)).toEqual([
      'datasetConfig.dataset: "ds-1" is not a QianfanDataset resource; pass the resource itself ' +
        '(datasetConfig: { dataset: myDataset }), or give { sourceType: "Platform", versions: [{ versionId }] }.',
    ]);
  });
});
