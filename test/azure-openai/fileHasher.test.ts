import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashFileOnWorker, keptHashingWorkers } from "../../provider/azure-openai/fileHasher";
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
