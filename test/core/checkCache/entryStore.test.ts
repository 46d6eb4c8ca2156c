/** The store on disk: whole entries or none, bounded, and never fatal whatever the directory does. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EntryStore, StoreFs } from "../../../provider/core/checkCache";

const name = (i: number) => i.toString(16).padStart(64, "0");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "entry-store-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
const tempDir = () => fs.mkdtempSync(path.join(scratch, "case-"));

const nodeFs = (): StoreFs => {
  const real = fs.promises;
  return {
    readFile: (f, e) => real.readFile(f, e),
    writeFile: (f, d, o) => real.writeFile(f, d, o),
    rename: (a, b) => real.rename(a, b),
    mkdir: (d, o) => real.mkdir(d, o),
    readdir: (d) => real.readdir(d),
    stat: (f) => real.stat(f),
    unlink: (f) => real.unlink(f),
    utimes: (f, a, m) => real.utimes(f, a, m),
  };
};

/** node:fs/promises with some calls failing as a filesystem would. */
function failing(code: string, calls: (keyof StoreFs)[]): StoreFs {
  const fail = async () => {
    throw Object.assign(new Error(`${code}: operation not permitted`), { code });
  };
  const store = nodeFs();
  for (const call of calls) store[call] = fail;
  return store;
}

describe("EntryStore", () => {
  it("reads back what it wrote, from a directory it makes private to the user", async () => {
    const dir = path.join(tempDir(), "nested", "check");
    const store = new EntryStore(dir);
    await store.put(name(1), { a: 1 });
    expect(await store.get(name(1))).toEqual({ a: 1 });
    expect(await store.get(name(2))).toBeUndefined();
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(dir, `${name(1)}.json`)).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual([`${name(1)}.json`]);
  });

  it("writes through a temporary file renamed into place", async () => {
    const dir = tempDir();
    const seen: string[] = [];
    const real = nodeFs();
    const store = new EntryStore(dir, {
      fs: {
        ...real,
        writeFile: async (f, d, o) => {
          seen.push(`write ${path.basename(f)}`);
          await real.writeFile(f, d, o);
        },
        rename: async (a, b) => {
          seen.push(`rename ${path.basename(a)} -> ${path.basename(b)}`);
          await real.rename(a, b);
        },
      },
    });
    await store.put(name(7), { v: 1 });
    expect(seen).toEqual([
      expect.stringMatching(new RegExp(`^write ${name(7)}\\.json\\.\\d+\\.[0-9a-f]+\\.tmp$`)),
      expect.stringMatching(new RegExp(`-> ${name(7)}\\.json$`)),
    ]);
  });

  it("keeps at most maxEntries, deleting those used longest ago", async () => {
    const dir = tempDir();
    let clock = Date.UTC(2026, 0, 1);
    const store = new EntryStore(dir, { maxEntries: 3, now: () => clock });
    for (let i = 0; i < 3; i++) {
      await store.put(name(i), { i });
      fs.utimesSync(path.join(dir, `${name(i)}.json`), new Date(clock), new Date(clock));
      clock += 1000;
    }
    expect(await store.get(name(0))).toEqual({ i: 0 }); // a use: now the newest
    clock += 1000;
    await store.put(name(3), { i: 3 });
    const kept = fs.readdirSync(dir).sort();
    expect(kept).toEqual([name(0), name(2), name(3)].map((n) => `${n}.json`));
  });

  it("deletes temporary files a dead process left", async () => {
    const dir = tempDir();
    const stale = path.join(dir, `${name(9)}.json.123.abc.tmp`);
    fs.writeFileSync(stale, "{");
    fs.utimesSync(stale, new Date(0), new Date(0));
    await new EntryStore(dir).put(name(1), {});
    expect(fs.readdirSync(dir)).toEqual([`${name(1)}.json`]);
  });

  it.each([
    ["bad JSON", "{not json"],
    ["an empty file", ""],
    ["half an entry", '{"schema":1,"key":'],
  ])("takes %s for a miss", async (_name, text) => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, `${name(1)}.json`), text);
    expect(await new EntryStore(dir).get(name(1))).toBeUndefined();
  });

  it.each<[string, string, (keyof StoreFs)[]]>([
    ["a read-only directory", "EROFS", ["writeFile", "mkdir"]],
    ["permission denied on write", "EACCES", ["writeFile"]],
    ["a full disk on rename", "ENOSPC", ["rename"]],
    ["a directory that cannot be listed", "EACCES", ["readdir"]],
  ])("is never fatal on %s, and leaves no temporary file", async (_name, code, calls) => {
    const dir = tempDir();
    const store = new EntryStore(dir, { fs: failing(code, calls) });
    await expect(store.put(name(1), { a: 1 })).resolves.toBeUndefined();
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("is never fatal when the entry cannot be read (permission denied)", async () => {
    const dir = tempDir();
    await new EntryStore(dir).put(name(1), { a: 1 });
    const store = new EntryStore(dir, { fs: failing("EACCES", ["readFile", "utimes"]) });
    expect(await store.get(name(1))).toBeUndefined();
  });

  it("takes a name that is not a digest for no entry at all", async () => {
    const dir = tempDir();
    const store = new EntryStore(path.join(dir, "check"));
    await store.put("../../escape", { a: 1 });
    expect(await store.get("../../escape")).toBeUndefined();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("is never fatal when its directory is a file", async () => {
    const file = path.join(tempDir(), "not-a-dir");
    fs.writeFileSync(file, "x");
    const store = new EntryStore(file);
    await expect(store.put(name(1), {})).resolves.toBeUndefined();
    expect(await store.get(name(1))).toBeUndefined();
  });
});
