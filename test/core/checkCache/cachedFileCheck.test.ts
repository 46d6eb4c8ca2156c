/** The cache's rules, with the file's stat and the clock in the test's hands. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  cachedFileCheck,
  EntryStore,
  FileCheckSpec,
  FingerprintStats,
} from "../../../provider/core/checkCache";

const HOUR = 3_600_000;
const changedAt = Date.UTC(2026, 0, 1);
const stats = (change: Partial<FingerprintStats> = {}): FingerprintStats => ({
  dev: 1n,
  ino: 42n,
  size: 5n,
  mtimeNs: BigInt(changedAt) * 1_000_000n,
  ctimeNs: BigInt(changedAt) * 1_000_000n,
  ...change,
});

interface Result {
  sha: string;
  ok: boolean;
}
const spec: FileCheckSpec<Result> = {
  key: { check: "test", version: "1.0.0", option: null },
  storable: (r) => r.ok,
  encode: (r) => ({ sha: r.sha }),
  decode: (stored) => {
    const sha = (stored as { sha?: unknown } | null)?.sha;
    return typeof sha === "string" ? { sha, ok: true } : undefined;
  },
};

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cached-check-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function setup(options: { result?: Result; now?: number } = {}) {
  const dir = fs.mkdtempSync(path.join(scratch, "case-"));
  const store = new EntryStore(dir);
  const stat = { next: [stats()], calls: 0 };
  let computed = 0;
  const check = (overrides: Partial<FileCheckSpec<Result>> = {}) =>
    cachedFileCheck(
      "/data/train.jsonl",
      async () => {
        computed++;
        return options.result ?? { sha: `sha-${computed}`, ok: true };
      },
      { ...spec, ...overrides },
      {
        store,
        now: () => options.now ?? changedAt + HOUR,
        stat: async () => {
          const s = stat.next[Math.min(stat.calls, stat.next.length - 1)]!;
          stat.calls++;
          return s;
        },
      },
    );
  return { dir, store, stat, check, computed: () => computed };
}

describe("cachedFileCheck", () => {
  it("computes once, then answers from the cache without computing", async () => {
    const t = setup();
    expect(await t.check()).toEqual({ value: { sha: "sha-1", ok: true }, source: "computed" });
    expect(await t.check()).toEqual({ value: { sha: "sha-1", ok: true }, source: "hit" });
    expect(t.computed()).toBe(1);
  });

  it.each<[string, Partial<FingerprintStats>]>([
    ["the size", { size: 6n }],
    ["the inode", { ino: 43n }],
    ["the mtime", { mtimeNs: BigInt(changedAt) * 1_000_000n + 1n }],
    ["the ctime", { ctimeNs: BigInt(changedAt) * 1_000_000n + 1n }],
  ])("computes again when %s differs", async (_name, change) => {
    const t = setup();
    await t.check();
    t.stat.next = [stats(change)];
    t.stat.calls = 0;
    expect((await t.check()).source).toBe("computed");
    expect(t.computed()).toBe(2);
  });

  it("neither answers from nor stores a fingerprint in doubt", async () => {
    const t = setup({ now: changedAt + 1000 });
    await t.check();
    await t.check();
    expect(t.computed()).toBe(2);
    expect(fs.readdirSync(t.dir)).toEqual([]);
  });

  it("does not answer from the cache while the fingerprint is in doubt (a clock set back)", async () => {
    let now = changedAt + HOUR;
    const t = setup();
    const check = () =>
      cachedFileCheck("/f", async () => ({ sha: "x", ok: true }), spec, {
        store: t.store,
        now: () => now,
        stat: async () => stats(),
      });
    expect((await check()).source).toBe("computed");
    expect((await check()).source).toBe("hit");
    now = changedAt + 1000;
    expect((await check()).source).toBe("computed");
  });

  it("stores nothing when the file changed while it was read", async () => {
    const t = setup();
    t.stat.next = [stats(), stats({ ctimeNs: BigInt(changedAt) * 1_000_000n + 5n })];
    await t.check();
    expect(fs.readdirSync(t.dir)).toEqual([]);
  });

  it("stores nothing that is not storable, and only what encode gives", async () => {
    const failed = setup({ result: { sha: "bad", ok: false } });
    await failed.check();
    expect(fs.readdirSync(failed.dir)).toEqual([]);

    const t = setup();
    await t.check();
    const [file] = fs.readdirSync(t.dir);
    expect(JSON.parse(fs.readFileSync(path.join(t.dir, file!), "utf8"))).toEqual({
      schema: 1,
      key: spec.key,
      file: {
        dev: "1",
        ino: "42",
        size: "5",
        mtimeNs: expect.any(String),
        ctimeNs: expect.any(String),
      },
      value: { sha: "sha-1" },
    });
  });

  it("computes when the file cannot be stat'ed, and keeps nothing", async () => {
    const t = setup();
    const result = await cachedFileCheck("/nope", async () => ({ sha: "x", ok: true }), spec, {
      store: t.store,
      stat: () => Promise.reject(new Error("ENOENT")),
    });
    expect(result.source).toBe("computed");
    expect(fs.readdirSync(t.dir)).toEqual([]);
  });

  it.each<[string, (entry: Record<string, unknown>) => unknown]>([
    ["of another schema", (e) => ({ ...e, schema: 2 })],
    ["of another key", (e) => ({ ...e, key: { ...spec.key, version: "2.0.0" } })],
    ["of another file", (e) => ({ ...e, file: { ...(e.file as object), size: "6" } })],
    ["without a file", (e) => ({ ...e, file: undefined })],
    ["with a value decode refuses", (e) => ({ ...e, value: { sha: 5 } })],
    ["not an object", () => [1, 2]],
  ])("takes an entry %s for a miss", async (_name, spoil) => {
    const t = setup();
    await t.check();
    const file = path.join(t.dir, fs.readdirSync(t.dir)[0]!);
    const entry = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    fs.writeFileSync(file, JSON.stringify(spoil(entry)));
    expect((await t.check()).source).toBe("computed");
  });

  it("keys entries by the key too: other options are other entries", async () => {
    const t = setup();
    await t.check();
    const other = { ...spec.key, option: "reinforcement" };
    expect((await t.check({ key: other })).source).toBe("computed");
    expect((await t.check({ key: other })).source).toBe("hit");
    expect((await t.check()).source).toBe("hit");
    expect(fs.readdirSync(t.dir)).toHaveLength(2);
  });

  it("computes every time without a store", async () => {
    let computed = 0;
    const compute = async () => ({ sha: String(++computed), ok: true });
    await cachedFileCheck("/x", compute, spec, { store: undefined });
    await cachedFileCheck("/x", compute, spec, { store: undefined });
    expect(computed).toBe(2);
  });
});
