import { collectMultipart, parseMultipartStream } from "../../emulator/multipart";
import { HttpError } from "../../emulator";

const BOUNDARY = "----b0undary";
const CONTENT_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

function body(
  parts: { name: string; filename?: string; data: string | Buffer }[],
  epilogue = "",
): Buffer {
  const pieces: Buffer[] = [Buffer.from("preamble to ignore\r\n")];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? "" : `; filename="${part.filename}"`}`;
    pieces.push(
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n\r\n`),
      Buffer.from(part.data),
      Buffer.from("\r\n"),
    );
  }
  pieces.push(Buffer.from(`--${BOUNDARY}--\r\n${epilogue}`));
  return Buffer.concat(pieces);
}

/** The body cut into chunks of the given sizes, repeating the last size. */
async function* chunked(bytes: Buffer, sizes: number[]): AsyncGenerator<Buffer> {
  let offset = 0;
  for (let i = 0; offset < bytes.length; i++) {
    const size = sizes[Math.min(i, sizes.length - 1)]!;
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
}

// Content that looks like a boundary but is not one, and a delimiter split at every point of a chunk seam.
const tricky = Buffer.from(
  `a\r\n--${BOUNDARY.slice(0, -1)}x\r\n-${BOUNDARY}\r\n--${BOUNDARY.slice(0, 5)}` + "z".repeat(300),
);

describe("parseMultipartStream", () => {
  const chunkings: [string, number[]][] = [
    ["one chunk", [1 << 20]],
    ["1-byte chunks", [1]],
    ["7-byte chunks", [7]],
    ["the delimiter's length", [BOUNDARY.length + 4]],
    ["one byte short of it", [BOUNDARY.length + 3]],
    ["uneven", [3, 50, 1, 17, 64, 2, 9]],
  ];

  it.each(chunkings)(
    "reads fields and streams files the same way whatever the chunking (%s)",
    async (_, sizes) => {
      const form = body([
        { name: "purpose", data: "fine-tune" },
        { name: "file", filename: "train.jsonl", data: tricky },
        { name: "note", data: "" },
      ]);
      const received: Buffer[] = [];
      const parsed = await parseMultipartStream(chunked(form, sizes), CONTENT_TYPE, (file) => {
        expect(file).toMatchObject({ name: "file", filename: "train.jsonl" });
        return { write: (chunk) => void received.push(Buffer.from(chunk)) };
      });
      expect(Buffer.concat(received).equals(tricky)).toBe(true);
      expect(parsed.files.get("file")).toMatchObject({
        filename: "train.jsonl",
        bytes: tricky.length,
      });
      expect(Object.fromEntries(parsed.fields)).toEqual({ purpose: "fine-tune", note: "" });
    },
  );

  it("collects a whole form, files included", async () => {
    const form = await collectMultipart(
      chunked(body([{ name: "data", filename: "p", data: "bytes" }]), [4]),
      CONTENT_TYPE,
    );
    expect(form.file("data")?.data.toString()).toBe("bytes");
    expect(form.file("data")?.filename).toBe("p");
  });

  const malformed: [string, Buffer, string][] = [
    ["no closing delimiter", body([{ name: "a", data: "x" }]).subarray(0, -8), "malformed"],
    ["no delimiter at all", Buffer.from("just text"), "malformed"],
    [
      "a part without a name",
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--${BOUNDARY}--`),
      "malformed",
    ],
    ["garbage after a delimiter", Buffer.from(`--${BOUNDARY}XY`), "malformed"],
    ["headers that never end", Buffer.from(`--${BOUNDARY}\r\n${"h".repeat(20_000)}`), "malformed"],
  ];

  it.each(malformed)("answers 400 for %s", async (_, bytes, message) => {
    const parse = parseMultipartStream(chunked(bytes, [5]), CONTENT_TYPE, () => ({
      write: () => undefined,
    }));
    await expect(parse).rejects.toBeInstanceOf(HttpError);
    await expect(parse).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining(message),
    });
  });

  it.each([["text/plain"], ["multipart/form-data"]])(
    "answers 400 for content type %j",
    async (contentType) => {
      await expect(
        parseMultipartStream(chunked(Buffer.from("x"), [1]), contentType, () => ({
          write: () => undefined,
        })),
      ).rejects.toMatchObject({
        status: 400,
        message: "Expected a multipart/form-data body (with a boundary).",
      });
    },
  );
});
