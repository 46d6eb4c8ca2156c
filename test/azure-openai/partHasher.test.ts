import { createHash } from "node:crypto";
import { PartHasher } from "../../provider/azure-openai/partHasher";

const shared = (text: string) => {
  const buffer = Buffer.from(new SharedArrayBuffer(text.length + 4));
  buffer.write(`xx${text}yy`);
  return buffer.subarray(2, 2 + text.length);
};

describe("PartHasher", () => {
  it("hashes parts in the order given, reading views into shared memory", async () => {
    const hasher = new PartHasher();
    try {
      const parts = ["first part\n", "second\n", "", "third part, the last\n"];
      await Promise.all(parts.map((p) => hasher.update(shared(p))));
      const whole = parts.join("");
      expect(await hasher.digest()).toEqual({
        md5: createHash("md5").update(whole).digest("hex"),
        sha256: createHash("sha256").update(whole).digest("hex"),
      });
    } finally {
      await hasher.close();
    }
  });

  it("refuses buffers outside shared memory", async () => {
    const hasher = new PartHasher();
    try {
      expect(() => hasher.update(Buffer.from("x"))).toThrow("shared memory");
    } finally {
      await hasher.close();
    }
  });
});
