/**
 * The check cache on real files: an unchanged file is answered without being read, and a changed one is never
 * answered from the cache, however it was changed. The reader is counted; the cache's clock runs an hour ahead, so
 * that files written by the test are beyond the doubt window unless a case says otherwise.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkFileInputs } from "../../provider/azure-openai/fileInputs";
import {
  checkTrainingFile,
  TrainingFileCheckDeps,
  TrainingFileCheckOptions,
} from "../../provider/azure-openai/trainingData";
import {
  trainingFileProvider,
  TrainingFileOutputs,
} from "../../provider/azure-openai/trainingFileProvider";
import { uploadProvider, UploadOutputs } from "../../provider/azure-openai/uploadProvider";
import { EntryStore } from "../../provider/core/checkCache";
import { readFileChunks } from "../../provider/core/fileChunks";
import { chatJsonl } from "../helpers/trainingData";

const HOUR = 3_600_000;
const MARKER = "zebra-crossing-7f3a";
const SECRET = "sk-not-a-real-key-4b9c";
const sha256 = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "check-training-file-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function setup(options: { now?: () => number } = {}) {
  const root = fs.mkdtempSync(path.join(scratch, "case-"));
  const cacheDir = path.join(root, "cache");
  const file = path.join(root, "train.jsonl");
  fs.writeFileSync(file, chatJsonl(20, MARKER));
  let reads = 0;
  const deps = (more: Partial<TrainingFileCheckDeps> = {}): TrainingFileCheckDeps => ({
    env: { AZURE_OPENAI_API_KEY: SECRET },
    packageVersion: "1.2.3",
    cache: { store: new EntryStore(cacheDir), now: options.now ?? (() => Date.now() + HOUR) },
    read: (f) => {
      reads++;
      return readFileChunks(f);
    },
    ...more,
  });
  const check = (opts: TrainingFileCheckOptions = {}, more: Partial<TrainingFileCheckDeps> = {}) =>
    checkTrainingFile(file, opts, deps(more));
  const entries = () => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : []);
  return { root, cacheDir, file, check, entries, reads: () => reads };
}

/** Rewrites one byte in place (a digit of the marker), keeping the size; restores the mtime if asked. */
function touchOneByte(file: string, restoreMtime: boolean) {
  const before = fs.statSync(file);
  const bytes = fs.readFileSync(file);
  const at = bytes.indexOf(MARKER) + MARKER.length + 1;
  bytes[at] = bytes[at] === 0x31 ? 0x32 : 0x31;
  fs.writeFileSync(file, bytes);
  if (restoreMtime) fs.utimesSync(file, before.atime, before.mtime);
}

describe("checkTrainingFile with the check cache", () => {
  it("answers an unchanged file without reading it, with the report it computed", async () => {
    const t = setup();
    const first = await t.check();
    const second = await t.check();
    expect(t.reads()).toBe(1);
    expect(second).toEqual(first);
    expect(second).toMatchObject({ sha256: sha256(t.file), format: "chat", examples: 20 });
    expect(t.entries()).toHaveLength(1);
  });

  it.each<[string, (file: string) => void]>([
    [
      "one byte changed, size and mtime kept (utimes): the ctime tells",
      (f) => touchOneByte(f, true),
    ],
    [
      "replaced by a rename, same size and mtime: the inode tells",
      (f) => {
        const before = fs.statSync(f);
        const next = `${f}.next`;
        fs.writeFileSync(next, chatJsonl(20, MARKER.replace("7", "8")));
        fs.utimesSync(next, before.atime, before.mtime);
        fs.renameSync(next, f);
      },
    ],
    ["appended to", (f) => fs.appendFileSync(f, chatJsonl(1, "more"))],
    ["truncated", (f) => fs.truncateSync(f, fs.statSync(f).size - 100)],
  ])("reads the file again when it was %s", async (_name, change) => {
    const t = setup();
    await t.check();
    change(t.file);
    const report = await t.check();
    expect(t.reads()).toBe(2);
    expect(report.sha256).toBe(sha256(t.file));
    expect(report.bytes).toBe(fs.statSync(t.file).size);
  });

  it("reads a file whose mtime is in the future every time, and keeps nothing for it", async () => {
    const t = setup();
    const future = new Date(Date.now() + 2 * HOUR);
    fs.utimesSync(t.file, future, future);
    await t.check();
    await t.check();
    expect(t.reads()).toBe(2);
    expect(t.entries()).toEqual([]);
  });

  it("reads a file changed within the doubt window every time, and keeps nothing for it", async () => {
    const t = setup({ now: () => Date.now() });
    await t.check();
    await t.check();
    expect(t.reads()).toBe(2);
    expect(t.entries()).toEqual([]);
  });

  it("reads a fresh change even after the old content was cached", async () => {
    let now = Date.now() + HOUR;
    const t = setup({ now: () => now });
    await t.check();
    touchOneByte(t.file, true);
    now = Date.now();
    const report = await t.check();
    expect(t.reads()).toBe(2);
    expect(report.sha256).toBe(sha256(t.file));
  });

  it.each<[string, TrainingFileCheckOptions, Partial<TrainingFileCheckDeps>]>([
    ["without validation", { validate: false }, {}],
    ["with a declared format", { declaredFormat: "chat" }, {}],
    ["with another problem limit", { maxProblems: 1 }, {}],
    ["by another package version", {}, { packageVersion: "1.2.4" }],
  ])("keeps a result apart %s", async (_name, options, deps) => {
    const t = setup();
    const plain = await t.check();
    const other = await t.check(options, deps);
    expect(t.reads()).toBe(2);
    await t.check(options, deps);
    await t.check();
    expect(t.reads()).toBe(2);
    expect(t.entries()).toHaveLength(2);
    if (options.validate === false) expect(other).toMatchObject({ examples: 0, format: undefined });
    else expect(other).toEqual(plain);
  });

  it.each<[string, string]>([
    ["bad JSON", "{ this is not json"],
    ["another schema", JSON.stringify({ schema: 99 })],
    ["a value of another shape", "VALUE"],
  ])("takes a damaged entry (%s) for a miss, and mends it", async (_name, damage) => {
    const t = setup();
    const want = await t.check();
    const [entry] = t.entries();
    const file = path.join(t.cacheDir, entry!);
    const stored = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    fs.writeFileSync(
      file,
      damage === "VALUE" ? JSON.stringify({ ...stored, value: { sha256: 42 } }) : damage,
    );
    expect(await t.check()).toEqual(want);
    expect(t.reads()).toBe(2);
    expect(await t.check()).toEqual(want);
    expect(t.reads()).toBe(2);
  });

  it("works on when the cache directory cannot be written", async () => {
    const t = setup();
    fs.writeFileSync(t.cacheDir, "a file where the directory should be");
    const report = await t.check();
    expect(report.sha256).toBe(sha256(t.file));
    await t.check();
    expect(t.reads()).toBe(2);
  });

  it("keeps nothing for a file with problems: their messages quote it", async () => {
    const t = setup();
    fs.appendFileSync(t.file, `{"messages": "${MARKER}"}\n`);
    const first = await t.check();
    await t.check();
    expect(first.problems).toHaveLength(1);
    expect(t.reads()).toBe(2);
    expect(t.entries()).toEqual([]);
  });

  it("stores neither the file's contents nor anything of the environment", async () => {
    const t = setup();
    await t.check();
    const stored = t.entries().map((e) => fs.readFileSync(path.join(t.cacheDir, e), "utf8"));
    expect(stored).toHaveLength(1);
    expect(stored[0]).not.toContain(MARKER);
    expect(stored[0]).not.toContain(SECRET);
    expect(stored[0]).not.toContain(t.root);
    expect(Object.keys(JSON.parse(stored[0]!) as object)).toEqual([
      "schema",
      "key",
      "file",
      "value",
    ]);
  });

  it.each<[string, TrainingFileCheckOptions, Record<string, string>]>([
    ["the input checkCache: false", { cache: false }, {}],
    ["PULUMI_FINETUNE_CHECK_CACHE=off", {}, { PULUMI_FINETUNE_CHECK_CACHE: "off" }],
  ])("reads every time and keeps nothing with %s", async (_name, options, env) => {
    const t = setup();
    await t.check(options, { env });
    await t.check(options, { env });
    expect(t.reads()).toBe(2);
    expect(t.entries()).toEqual([]);
  });

  it("reports the same whether the hash is computed here or on a worker thread", async () => {
    const t = setup();
    fs.appendFileSync(t.file, chatJsonl(3000, "bulk"));
    const here = await checkTrainingFile(
      t.file,
      {},
      { env: { PULUMI_FINETUNE_CHECK_CACHE: "off" } },
    );
    const onWorker = await checkTrainingFile(
      t.file,
      {},
      { env: { PULUMI_FINETUNE_CHECK_CACHE: "off" }, hashOnWorkerFromBytes: 0 },
    );
    expect(onWorker).toEqual(here);
    expect(here).toMatchObject({ sha256: sha256(t.file), examples: 3020, problems: [] });
  });

  it("goes where PULUMI_FINETUNE_CHECK_CACHE_DIR says", async () => {
    // A file of the repository: its times are those of the checkout, beyond the doubt window.
    const source = path.join(__dirname, "../../examples/quickstart/data/training.jsonl");
    const dir = fs.mkdtempSync(path.join(scratch, "cache-dir-"));
    const env = { PULUMI_FINETUNE_CHECK_CACHE_DIR: dir };
    const first = await checkTrainingFile(source, {}, { env });
    expect(fs.readdirSync(dir)).toHaveLength(1);
    let reads = 0;
    const read = (f: string) => {
      reads++;
      return readFileChunks(f);
    };
    expect(await checkTrainingFile(source, {}, { env, read })).toEqual(first);
    expect(reads).toBe(0);
  });
});

describe("the checkCache input", () => {
  const file = path.join(fs.mkdtempSync(path.join(scratch, "input-")), "a.jsonl");
  fs.writeFileSync(file, chatJsonl(2));

  it.each<[unknown, string[]]>([
    [true, []],
    [false, []],
    [undefined, []],
    ["yes", ["checkCache: must be true or false."]],
    [0, ["checkCache: must be true or false."]],
  ])("checkCache: %j", async (checkCache, want) => {
    for (const kind of ["TrainingFile", "Upload"] as const) {
      const { failures, inputs } = await checkFileInputs({ source: file, checkCache }, kind);
      expect(failures.map((f) => f.reason)).toEqual(want);
      if (want.length === 0) expect(inputs.contentSha256).toBe(sha256(file));
    }
  });

  const state: TrainingFileOutputs = {
    source: file,
    purpose: "fine-tune",
    filename: "a.jsonl",
    validateContent: true,
    waitForProcessing: true,
    processingTimeoutSeconds: 1800,
    contentSha256: sha256(file),
    contentBytes: fs.statSync(file).size,
    fileId: "file-1",
    bytes: fs.statSync(file).size,
    status: "processed",
    createdAt: 0,
  };
  const { status: _status, ...fields } = state;
  const upload: UploadOutputs = {
    ...fields,
    mimeType: "text/jsonl",
    partSizeMb: 64,
    concurrency: 4,
    fileStatus: "processed",
  };

  it.each([undefined, false, true])("is no change to a TrainingFile when set to %s", async (to) => {
    for (const from of [undefined, false, true]) {
      const diff = await trainingFileProvider.diff(
        "file-1",
        { ...state, checkCache: from },
        { ...state, checkCache: to },
      );
      expect(diff).toMatchObject({ changes: false, replaces: [] });
    }
  });

  it.each([undefined, false, true])("is no change to an Upload when set to %s", async (to) => {
    for (const from of [undefined, false, true]) {
      const diff = await uploadProvider.diff(
        "file-1",
        { ...upload, checkCache: from },
        { ...upload, checkCache: to },
      );
      expect(diff).toMatchObject({ changes: false, replaces: [] });
    }
  });
});
