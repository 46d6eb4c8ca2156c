// The pure rules behind the dataset, model and service actions: BOS paths, the `fail` rule,
// request checks, time formats and each state machine on the clock.
import { type EmulatorOptions, startEmulator } from "../../emulator";
import {
  bosBaseName,
  failsImport,
  importedSize,
  isBosDirectory,
  isBosPath,
} from "../../emulator/qianfan/bosPaths";
import { importFilesProblem, storagePathProblem } from "../../emulator/qianfan/datasetRequests";
import {
  type ImportPlan,
  importProgressAt,
  importStatusAt,
  publishStatusAt,
  versionImportStatusAt,
} from "../../emulator/qianfan/datasetTimeline";
import { bceDate, datasetDate, modelDate } from "../../emulator/qianfan/dates";
import { modelStateAt } from "../../emulator/qianfan/modelTimeline";
import { URL_SUFFIX } from "../../emulator/qianfan/serviceRequests";
import { isActiveService, serviceRunStatusAt } from "../../emulator/qianfan/serviceTimeline";

describe("BOS paths", () => {
  it.each<[string, boolean, boolean]>([
    ["bos:/bucket/", true, true],
    ["bos:/yourBucket/yourDir/text/", true, true],
    ["bos:/bucket/dir/a.jsonl", false, true],
    ["bos:/bucket/dir/sub/b.zip", false, true],
    ["bos:/bucket", false, false],
    ["bos://bucket/dir/", false, false],
    ["bos:/bucket//dir/", false, false],
    ["bos:/bucket/my dir/", false, false],
    ["s3://bucket/dir/", false, false],
    ["", false, false],
  ])("%j: directory %s, path %s", (path, directory, any) => {
    expect([isBosDirectory(path), isBosPath(path)]).toEqual([directory, any]);
  });

  it.each<[string, string, boolean]>([
    ["bos:/b/dir/fail.jsonl", "fail", true],
    ["bos:/b/dir/FAIL.JSONL", "FAIL", true],
    ["bos:/b/fail", "fail", true],
    ["bos:/b/fail/", "fail", true],
    ["bos:/b/fail.tar.gz", "fail", true],
    ["bos:/b/failure.jsonl", "failure", false],
    ["bos:/b/fail/train.jsonl", "train", false],
    ["bos:/fail/", "", false],
    ["bos:/fail/train.jsonl", "train", false],
  ])("%j has base name %j: fails %s", (path, base, fails) => {
    expect([bosBaseName(path), failsImport(path)]).toEqual([base, fails]);
  });

  it.each<[number, number, number]>([
    [1, 100, 0.1],
    [3, 300, 0.3],
    [7, 700, 0.7],
  ])("counts %i sources as %i samples and %s MB", (count, sampleCount, sizeMB) => {
    const files = Array.from({ length: count }, (_, i) => `bos:/b/${i}.jsonl`);
    expect(importedSize(files)).toEqual({ sampleCount, sizeMB });
  });

  it("takes no time on a long path that is not one", () => {
    const started = performance.now();
    expect(isBosPath(`bos:/b/${"a".repeat(50_000)} `)).toBe(false);
    expect(performance.now() - started).toBeLessThan(100);
  });
});

describe("dataset requests", () => {
  it.each<[string, string | undefined]>([
    ["bos:/b/dir/", undefined],
    ["bos:/b/dir", "must end with /"],
    ["bos://b/dir/", "one slash after bos:"],
    ["oss://b/dir/", "must be a BOS directory"],
  ])("storagePath %j: %s", (path, problem) => {
    const found = storagePathProblem(path);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });

  it.each<[string[], string | undefined]>([
    [["bos:/b/dir/"], undefined],
    [["bos:/b/a.jsonl", "bos:/c/b.jsonl"], undefined],
    [["bos:/b/dir/", "bos:/b/a.jsonl"], "files[0]"],
    [["bos:/b/a.jsonl", "http://x/a"], "files[1]"],
  ])("files %j: problem at %s", (files, path) => {
    expect(importFilesProblem(files)?.path).toBe(path);
  });
});

describe("urlSuffix", () => {
  it.each<[string, boolean]>([
    ["ab", true],
    ["a1", true],
    ["my_service-2", true],
    ["a".repeat(20), true],
    ["a", false],
    ["a".repeat(21), false],
    ["-ab", false],
    ["ab_", false],
    ["Ab", false],
    ["a.b", false],
    ["服务", false],
  ])("%j is %s", (suffix, ok) => expect(URL_SUFFIX.test(suffix)).toBe(ok));
});

describe("time formats per area", () => {
  const at = Date.UTC(2025, 0, 1, 17, 30, 5, 900);
  it.each<[string, (ms: number) => string, string]>([
    ["fine-tuning and services (UTC)", bceDate, "2025-01-01T17:30:05Z"],
    ["datasets (Beijing, no zone)", datasetDate, "2025-01-02 01:30:05"],
    ["models (Beijing, with offset)", modelDate, "2025-01-02T01:30:05+08:00"],
  ])("%s", (_, format, expected) => expect(format(at)).toBe(expected));
});

describe("an import on the clock", () => {
  const plan = (failed: boolean): ImportPlan => ({
    id: "task-x",
    versionId: "ds-x",
    files: ["bos:/b/a"],
    createdAtMs: 1000,
    importingMs: 4000,
    failed,
  });

  it.each<[number, boolean, string, string]>([
    [1000, false, "Importing", "0%"],
    [2000, false, "Importing", "25%"],
    [4999, false, "Importing", "99%"],
    [5000, false, "ImportFinished", "100%"],
    [4999, true, "Importing", "99%"],
    [5000, true, "ImportFailed", "0%"],
  ])("at %i (scripted to fail: %s) is %s at %s", (now, failed, status, progress) => {
    expect([importStatusAt(plan(failed), now), importProgressAt(plan(failed), now)]).toEqual([
      status,
      progress,
    ]);
  });

  it("gives a version its latest import's status, Created before any", () => {
    expect(versionImportStatusAt([], 0)).toBe("Created");
    const later = { ...plan(false), createdAtMs: 6000 };
    expect(versionImportStatusAt([plan(true), later], 6000)).toBe("Importing");
    expect(versionImportStatusAt([plan(true), later], 10_000)).toBe("ImportFinished");
  });
});

describe("a publish on the clock", () => {
  it.each<[boolean | undefined, number, string]>([
    [undefined, 0, "Unpublished"],
    [false, 1999, "Publishing"],
    [false, 2000, "Published"],
    [true, 2000, "PublishFailed"],
  ])("scripted to fail %s, at %i: %s", (failed, now, status) => {
    const plan = failed === undefined ? undefined : { startedAtMs: 0, publishingMs: 2000, failed };
    expect(publishStatusAt(plan, now)).toBe(status);
  });
});

describe("a model version on the clock", () => {
  it.each<[boolean, number, string]>([
    [false, 0, "Creating"],
    [false, 4999, "Creating"],
    [false, 5000, "Ready"],
    [true, 5000, "Fail"],
  ])("scripted to fail %s, at %i: %s", (failed, now, state) => {
    expect(modelStateAt({ createdAtMs: 0, creatingMs: 5000, failed }, now)).toBe(state);
  });
});

describe("a service on the clock", () => {
  const plan = { createdAtMs: 0, newMs: 2000, deployingMs: 10_000 };
  it.each<[boolean, number | undefined, number, string, boolean]>([
    [false, undefined, 0, "New", true],
    [false, undefined, 2000, "Deploying", true],
    [false, undefined, 12_000, "Serving", true],
    [true, undefined, 12_000, "Failed", false],
    [false, 1000, 12_000, "Stopped", false],
    [true, 13_000, 20_000, "Stopped", false],
  ])(
    "scripted to fail %s, stopped at %s, at %i: %s (active %s)",
    (failed, stoppedAtMs, now, status, active) => {
      const runStatus = serviceRunStatusAt({ ...plan, failed, stoppedAtMs }, now);
      expect([runStatus, isActiveService(runStatus)]).toEqual([status, active]);
    },
  );
});

describe("timing options", () => {
  it.each<[EmulatorOptions, string]>([
    [{ qianfanDatasetTimings: { importingMs: -1 } }, "qianfanDatasetTimings.importingMs"],
    [{ qianfanDatasetTimings: { publishingMs: NaN } }, "qianfanDatasetTimings.publishingMs"],
    [{ qianfanModelTimings: { creatingMs: -5 } }, "qianfanModelTimings.creatingMs"],
    [{ qianfanServiceTimings: { deployingMs: Infinity } }, "qianfanServiceTimings.deployingMs"],
  ])("refuses %j at start, naming %s", async (options, name) => {
    await expect(startEmulator(options)).rejects.toThrow(`${name} must be >= 0.`);
  });
});
