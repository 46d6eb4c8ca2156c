import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readFileChunks } from "../../provider/core/fileChunks";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "file-chunks-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, bytes: Buffer) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
};
const bytes = Buffer.from(Array.from({ length: 10_000 }, (_, i) => (i * 7) % 256));

describe("readFileChunks", () => {
  it.each([1, 7, 4096, 10_000, 1 << 20])(
    "reads the whole file in order, %i bytes at a time",
    async (size) => {
      const file = write(`f${size}`, bytes);
      const seen: Buffer[] = [];
      for await (const chunk of readFileChunks(file, size)) seen.push(Buffer.from(chunk));
      expect(Buffer.concat(seen).equals(bytes)).toBe(true);
      expect(seen.every((c) => c.length <= size)).toBe(true);
    },
  );

  it("takes turns between two buffers instead of allocating one per chunk", async () => {
    const file = write("turns", bytes);
    const memory = new Set<ArrayBufferLike>();
    let chunks = 0;
    for await (const chunk of readFileChunks(file, 1000)) {
      memory.add(chunk.buffer);
      chunks++;
    }
    expect(chunks).toBe(10);
    expect(memory.size).toBeLessThanOrEqual(2);
  });

  it("yields nothing for an empty file", async () => {
    const file = write("empty", Buffer.alloc(0));
    const seen: Buffer[] = [];
    for await (const chunk of readFileChunks(file)) seen.push(chunk);
    expect(seen).toEqual([]);
  });

  it("fails with the file's error", async () => {
    const read = async () => {
      for await (const _chunk of readFileChunks(path.join(dir, "missing")));
    };
    await expect(read()).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("closes the file when the reader stops early", async () => {
    const file = write("early", bytes);
    const chunks = readFileChunks(file, 100);
    await chunks.next();
    await expect(chunks.return(undefined)).resolves.toEqual({ done: true, value: undefined });
  });
});
