import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashFileOnWorker } from "../../provider/azure-openai/fileHasher";
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
    await expect(hashing.digests).rejects.toThrow(`${path} got shorter while it was being uploaded`);
    await hashing.stop();
  });

  it("fails with the reason when the file cannot be read", async () => {
    const hashing = hashFileOnWorker(join(dir, "missing"), 10);
    await expect(hashing.digests).rejects.toThrow(/Could not read .*missing to hash it: ENOENT/);
    await hashing.stop();
  });
});
