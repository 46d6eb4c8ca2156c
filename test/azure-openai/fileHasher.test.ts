import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  hashFileOnWorker,
  keptHashingWorkers,
  readFileHashingOnWorker,
} from "../../provider/azure-openai/fileHasher";
import { FinetuneError } from "../../provider/core/errors";

describe("hashFileOnWorker", () => {
  const dir = mkdtempSync(join(tmpdir(), "file-hasher-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ["an empty file", 0],
    ["a file smaller than one read", 1000],
    ["a file of several reads, not a multiple of their size", 9 * 1024 * 1024 + 7],
  ])("hashes %s like node:crypto does on the whole", async (_, size) => {
    const bytes = Buffer.alloc(size);
    for (let i = 0; i < size; i += 997) bytes[i] = i % 251;
    const path = join(dir, `f-${size}`);
    writeFileSync(path, bytes);
    const hashing = hashFileOnWorker(path, size);
    try {
      expect(await hashing.digests).toEqual({
        md5: createHash("md5").update(bytes).digest("hex"),
        sha256: createHash("sha256").update(bytes).digest("hex"),
      });
    } finally {
      await hashing.stop();
    }
  });

  it("fails, naming the file, when it holds fewer bytes than expected", async () => {
    const path = join(dir, "short");
    writeFileSync(path, "12345");
    const hashing = hashFileOnWorker(path, 10);
    await expect(hashing.digests).rejects.toThrow(FinetuneError);
    await expect(hashing.digests).rejects.toThrow(
      `${path} got shorter while it was being uploaded`,
    );
    await hashing.stop();
  });

  it("fails with the reason when the file cannot be read", async () => {
    const hashing = hashFileOnWorker(join(dir, "missing"), 10);
    await expect(hashing.digests).rejects.toThrow(/Could not read .*missing to hash it: ENOENT/);
    await hashing.stop();
  });

  describe("its workers", () => {
    const digestsOf = (bytes: Buffer) => ({
      md5: createHash("md5").update(bytes).digest("hex"),
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
    const fileOf = (name: string, size: number, fill: number) => {
      const bytes = Buffer.alloc(size, fill);
      writeFileSync(join(dir, name), bytes);
      return { path: join(dir, name), bytes };
    };

    it("hash several files at once, each right, and keep at most two for later", async () => {
      const files = [1, 2, 3, 4].map((n) => fileOf(`parallel-${n}`, 3 * 1024 * 1024 + n, n));
      const hashings = files.map((file) => hashFileOnWorker(file.path, file.bytes.length));
      expect(await Promise.all(hashings.map((hashing) => hashing.digests))).toEqual(
        files.map((file) => digestsOf(file.bytes)),
      );
      expect(keptHashingWorkers()).toBe(2);
    });

    it("are not spoiled by a hash that was stopped or failed", async () => {
      const big = fileOf("stopped", 64 * 1024 * 1024, 7);
      const stopped = hashFileOnWorker(big.path, big.bytes.length);
      await stopped.stop();
      const pending = Symbol("pending");
      const afterStop = await Promise.race([
        stopped.digests,
        new Promise((resolve) => setTimeout(() => resolve(pending), 50)),
      ]);
      expect(afterStop).toBe(pending);
      await expect(hashFileOnWorker(join(dir, "missing"), 5).digests).rejects.toThrow(/ENOENT/);
      const small = fileOf("after", 1000, 9);
      expect(await hashFileOnWorker(small.path, 1000).digests).toEqual(digestsOf(small.bytes));
    });
  });
});

describe("readFileHashingOnWorker", () => {
  const dir = mkdtempSync(join(tmpdir(), "shared-hasher-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fileOf = (name: string, size: number) => {
    const bytes = Buffer.alloc(size);
    for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 10)) % 256;
    writeFileSync(join(dir, name), bytes);
    return { path: join(dir, name), bytes };
  };
  const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

  it.each([
    ["an empty file", 0, 1000],
    ["a file of one chunk", 999, 1000],
    ["a file of many chunks, more than the shared slots", 25_123, 1000],
    ["a file of a few full chunks", 4096, 1024],
  ])(
    "hands out %s in order, each chunk intact while held, and hashes the same bytes",
    async (name, size, chunkBytes) => {
      const file = fileOf(name, size);
      const read = readFileHashingOnWorker(file.path, chunkBytes);
      let offset = 0;
      for await (const chunk of read.chunks) {
        // Held across a turn of the event loop, while the worker hashes and the next read lands elsewhere.
        await new Promise((resolve) => setImmediate(resolve));
        expect(chunk.equals(file.bytes.subarray(offset, offset + chunk.length))).toBe(true);
        offset += chunk.length;
      }
      expect(offset).toBe(size);
      expect(await read.sha256).toBe(sha256(file.bytes));
    },
  );

  it("fails with the file's error when it cannot be opened", async () => {
    const read = readFileHashingOnWorker(join(dir, "missing"));
    await expect(read.chunks.next()).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("gives no digest for a read stopped early, and its worker does not serve again", async () => {
    const file = fileOf("early", 10_000);
    const read = readFileHashingOnWorker(file.path, 1000);
    await read.chunks.next();
    await read.chunks.return(undefined);
    await expect(read.sha256).rejects.toThrow(/stopped before its end/);
    const again = readFileHashingOnWorker(file.path, 1000);
    for await (const _chunk of again.chunks);
    expect(await again.sha256).toBe(sha256(file.bytes));
  });

  it("leaves its worker for the next hash", async () => {
    const file = fileOf("kept", 3000);
    const read = readFileHashingOnWorker(file.path, 1000);
    for await (const _chunk of read.chunks);
    await read.sha256;
    expect(keptHashingWorkers()).toBeGreaterThanOrEqual(1);
    const hashing = hashFileOnWorker(file.path, 3000);
    expect((await hashing.digests).sha256).toBe(sha256(file.bytes));
  });
});
