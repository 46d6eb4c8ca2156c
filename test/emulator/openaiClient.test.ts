import { AzureOpenAI, ConflictError, NotFoundError, toFile } from "openai";
import { DEFAULT_AZURE_API_KEY } from "../../emulator";
import { CHAT_LINE, manualClock, useEmulator } from "./helpers";
import { md5Hex, splitBytes, trainingJsonl } from "./uploadHelpers";

const PROCESSING_MS = 2000;

describe("the official openai package's AzureOpenAI client", () => {
  const emulator = useEmulator({ processingMs: PROCESSING_MS });
  const client = () =>
    new AzureOpenAI({
      endpoint: emulator().url,
      apiKey: DEFAULT_AZURE_API_KEY,
      apiVersion: "2025-04-01-preview",
      maxRetries: 0,
    });

  it("creates, retrieves, lists, downloads and deletes files", async () => {
    const content = `${CHAT_LINE}\n`;
    const file = await client().files.create({
      file: await toFile(Buffer.from(content), "train.jsonl"),
      purpose: "fine-tune",
    });
    expect(file).toMatchObject({ object: "file", filename: "train.jsonl", status: "pending" });
    manualClock(emulator()).advance(PROCESSING_MS);
    expect(await client().files.retrieve(file.id)).toMatchObject({ status: "processed" });
    const listed = await client().files.list();
    expect(listed.data.map((f) => f.id)).toEqual([file.id]);
    expect(listed.hasNextPage()).toBe(false);
    expect(await (await client().files.content(file.id)).text()).toBe(content);
    expect(await client().files.delete(file.id)).toEqual({
      object: "file",
      deleted: true,
      id: file.id,
    });
    await expect(client().files.retrieve(file.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("uploads in parts, completes with an md5, and cancels", async () => {
    const content = trainingJsonl(20);
    const upload = await client().uploads.create({
      filename: "big.jsonl",
      purpose: "fine-tune",
      bytes: content.length,
      mime_type: "application/jsonl",
    });
    expect(upload).toMatchObject({ object: "upload", status: "pending", file: null });
    const part_ids: string[] = [];
    for (const piece of splitBytes(content, 3)) {
      const part = await client().uploads.parts.create(upload.id, {
        data: await toFile(piece, "part"),
      });
      expect(part).toMatchObject({ object: "upload.part", upload_id: upload.id });
      part_ids.push(part.id);
    }
    const completed = await client().uploads.complete(upload.id, {
      part_ids,
      md5: md5Hex(content),
    });
    expect(completed).toMatchObject({ status: "completed", file: { bytes: content.length } });
    const fileId = completed.file?.id ?? "";
    expect(await client().files.retrieve(fileId)).toMatchObject({ filename: "big.jsonl" });
    expect(Buffer.from(await (await client().files.content(fileId)).arrayBuffer())).toEqual(
      content,
    );

    const other = await client().uploads.create({
      filename: "other.jsonl",
      purpose: "fine-tune",
      bytes: 10,
      mime_type: "text/jsonl",
    });
    expect(await client().uploads.cancel(other.id)).toMatchObject({ status: "cancelled" });
    const late = client().uploads.parts.create(other.id, { data: await toFile(content, "part") });
    await expect(late).rejects.toBeInstanceOf(ConflictError);
  });
});
