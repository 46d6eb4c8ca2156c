import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DiskContent } from "../../emulator";
import {
  azureFetch,
  manualClock,
  readFile,
  uploadedFile,
  uploadFile,
  useEmulator,
} from "./helpers";
import {
  addedPartId,
  cancelUpload,
  completeUpload,
  createdUpload,
  md5Hex,
  readUpload,
  splitBytes,
  trainingJsonl,
} from "./uploadHelpers";

const PROCESSING_MS = 2000;

describe("content on disk (dataDir)", () => {
  // A data directory per test: the next emulator on a directory restores what the last one held.
  const root = mkdtempSync(join(tmpdir(), "emulator-data-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let dataDir = "";
  let tests = 0;
  const emulator = useEmulator(() => {
    dataDir = join(root, String((tests += 1)));
    return { dataDir, processingMs: PROCESSING_MS };
  });
  const onDisk = (...segments: string[]) => join(dataDir, ...segments);
  const filesOnDisk = () => (existsSync(onDisk("files")) ? readdirSync(onDisk("files")) : []);

  it("keeps a file's bytes in files/<id>, not in memory, until the file is deleted", async () => {
    const content = trainingJsonl(3).toString();
    const { id } = await uploadedFile(uploadFile(emulator(), { content }));
    expect(emulator().store.content).toBeInstanceOf(DiskContent);
    expect(readFileSync(onDisk("files", id), "utf8")).toBe(content);
    const stored = emulator().store.getFile(id);
    expect(Object.values(stored ?? {}).some((value) => Buffer.isBuffer(value))).toBe(false);
    expect(emulator().store.readFileContent(id).toString()).toBe(content);
    const downloaded = await azureFetch(emulator(), `/openai/files/${id}/content`);
    expect(await downloaded.text()).toBe(content);

    await azureFetch(emulator(), `/openai/files/${id}`, { method: "DELETE" });
    expect(existsSync(onDisk("files", id))).toBe(false);
  });

  it("keeps parts in parts/<upload>/<part> and removes them on cancel", async () => {
    const upload = await createdUpload(emulator(), { bytes: 10 });
    const first = await addedPartId(emulator(), upload.id, "0123");
    const second = await addedPartId(emulator(), upload.id, "456789");
    expect(readFileSync(onDisk("parts", upload.id, first), "utf8")).toBe("0123");
    expect(readFileSync(onDisk("parts", upload.id, second), "utf8")).toBe("456789");

    expect((await cancelUpload(emulator(), upload.id)).status).toBe(200);
    expect(existsSync(onDisk("parts", upload.id))).toBe(false);
  });

  it("completes a multi-megabyte upload by moving its parts, never reading whole contents", async () => {
    // Non-ASCII padding, so part boundaries fall inside lines and UTF-8 sequences.
    const content = trainingJsonl(3000, 500);
    expect(content.length).toBeGreaterThan(3_000_000);
    const read = jest.spyOn(emulator().store.content, "read");
    const upload = await createdUpload(emulator(), { bytes: content.length });
    const part_ids: string[] = [];
    for (const piece of splitBytes(content, 4)) {
      part_ids.push(await addedPartId(emulator(), upload.id, piece));
    }
    const res = await completeUpload(emulator(), upload.id, { part_ids, md5: md5Hex(content) });
    expect(res.status).toBe(200);
    const fileId = (await readUpload(res)).file?.id ?? "";

    manualClock(emulator()).advance(PROCESSING_MS);
    const file = await readFile(await azureFetch(emulator(), `/openai/files/${fileId}`));
    expect(file).toMatchObject({ bytes: content.length, status: "processed" });
    expect(read).not.toHaveBeenCalled();
    // The file is its parts' files, moved in order into a directory of its own.
    const pieces = readdirSync(onDisk("files", fileId)).sort();
    expect(pieces).toEqual(["0", "1", "2", "3"]);
    const joined = Buffer.concat(
      pieces.map((piece) => readFileSync(onDisk("files", fileId, piece))),
    );
    expect(md5Hex(joined)).toBe(md5Hex(content));
    expect(md5Hex(emulator().store.readFileContent(fileId))).toBe(md5Hex(content));
    expect(existsSync(onDisk("parts", upload.id))).toBe(false);
  });

  it("completes once when two completes race", async () => {
    const content = trainingJsonl(1000, 500);
    const upload = await createdUpload(emulator(), { bytes: content.length });
    const part_ids: string[] = [];
    for (const piece of splitBytes(content, 2)) {
      part_ids.push(await addedPartId(emulator(), upload.id, piece));
    }
    const both = await Promise.all(
      [1, 2].map(() => completeUpload(emulator(), upload.id, { part_ids })),
    );
    expect(both.map((res) => res.status).sort()).toEqual([200, 409]);
    expect(emulator().store.listFiles()).toHaveLength(1);
  });

  it("leaves no file and keeps the parts when the md5 does not match", async () => {
    const filesBefore = filesOnDisk();
    const upload = await createdUpload(emulator(), { bytes: 10 });
    const partId = await addedPartId(emulator(), upload.id, "0123456789");
    const res = await completeUpload(emulator(), upload.id, {
      part_ids: [partId],
      md5: md5Hex(Buffer.from("something else")),
    });
    expect(res.status).toBe(400);
    expect(filesOnDisk()).toEqual(filesBefore);
    expect(existsSync(onDisk("parts", upload.id, partId))).toBe(true);
    expect(emulator().store.listFiles()).toEqual([]);
  });
});

describe("DiskContent writer", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "emulator-writer-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const content = new DiskContent(dataDir);
  const MiB = 1024 * 1024;
  const bytes = (length: number, seed: number) => {
    const buffer = Buffer.allocUnsafe(length);
    for (let i = 0; i < length; i++) buffer[i] = (i * 31 + seed) % 251;
    return buffer;
  };

  it.each<[string, number[]]>([
    ["nothing", []],
    ["one small chunk", [10]],
    ["64 KiB chunks across several 1 MiB blocks", Array<number>(40).fill(64 * 1024)],
    ["chunks that straddle block edges", [MiB - 1, 2, MiB + 5, 3 * MiB + 7, 1]],
    ["exactly one block", [MiB]],
  ])("writes %s byte for byte", async (name, sizes) => {
    const chunks = sizes.map((size, index) => bytes(size, index));
    const key = `parts/writer/${name.replace(/\W+/g, "-")}`;
    const writer = content.writer(key);
    for (const chunk of chunks) await writer.write(chunk);
    await writer.finish();
    expect(readFileSync(content.pathOf(key)).equals(Buffer.concat(chunks))).toBe(true);
  });

  it("leaves no file when aborted, even before its file was opened", async () => {
    const early = content.writer("parts/writer/aborted-at-once");
    early.abort();
    const late = content.writer("parts/writer/aborted-later");
    await late.write(bytes(3 * MiB, 1));
    late.abort();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(content.pathOf("parts/writer/aborted-at-once"))).toBe(false);
    expect(existsSync(content.pathOf("parts/writer/aborted-later"))).toBe(false);
  });

  it("closes its file once when a finished part is aborted (refused after it was stored)", async () => {
    const writer = content.writer("parts/writer/refused-after-store");
    await writer.write(bytes(10, 3));
    await writer.finish();
    // Opened now, this file takes the descriptor the writer just closed; a second close would close it.
    const other = openSync(join(dataDir, "other"), "w");
    try {
      writer.abort();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(() => writeSync(other, "still open")).not.toThrow();
      expect(existsSync(content.pathOf("parts/writer/refused-after-store"))).toBe(false);
    } finally {
      closeSync(other);
    }
  });

  it("recreates nothing when the part's directory is removed under it (the upload was cancelled)", async () => {
    const key = "parts/writer-gone/part";
    const writer = content.writer(key);
    rmSync(join(dataDir, "parts", "writer-gone"), { recursive: true, force: true });
    await writer.write(bytes(2 * MiB + 3, 2));
    await writer.finish();
    expect(existsSync(join(dataDir, "parts", "writer-gone"))).toBe(false);
  });
});
