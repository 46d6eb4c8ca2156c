import { AzureOpenAI, ConflictError, NotFoundError, toFile } from "openai";
import { DEFAULT_AZURE_API_KEY } from "../../emulator";
import { CHAT_LINE, manualClock, useEmulator } from "./helpers";
import { md5Hex, splitBytes, trainingJsonl } from "./uploadHelpers";

const PROCESSING_MS = 2000;
/** The default job timings, from create to the end of running. */
const JOB_MS = 15000;

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

  it("creates, follows, lists, cancels and deletes fine-tuning jobs", async () => {
    const file = await client().files.create({
      file: await toFile(trainingJsonl(12), "train.jsonl"),
      purpose: "fine-tune",
    });
    manualClock(emulator()).advance(PROCESSING_MS);
    const job = await client().fineTuning.jobs.create({
      model: "gpt-4o-mini-2024-07-18",
      training_file: file.id,
      suffix: "client",
      method: { type: "supervised", supervised: { hyperparameters: { n_epochs: 2 } } },
    });
    expect(job).toMatchObject({
      object: "fine_tuning.job",
      status: "pending",
      fine_tuned_model: null,
    });

    manualClock(emulator()).advance(JOB_MS);
    const done = await client().fineTuning.jobs.retrieve(job.id);
    expect(done).toMatchObject({
      status: "succeeded",
      fine_tuned_model: expect.stringMatching(/^gpt-4o-mini-2024-07-18\.ft-[0-9a-f]{32}-client$/),
      result_files: [expect.any(String)],
    });
    const listed = await client().fineTuning.jobs.list({ limit: 10 });
    expect(listed.data.map((j) => j.id)).toEqual([job.id]);

    const events = [];
    for await (const event of client().fineTuning.jobs.listEvents(job.id, { limit: 3 })) {
      events.push(event.message);
    }
    expect(events).toHaveLength(16);
    expect(events[0]).toBe("The job has successfully completed");
    expect(events.at(-1)).toBe(`Created fine-tuning job: ${job.id}`);
    const checkpoints = await client().fineTuning.jobs.checkpoints.list(job.id);
    expect(checkpoints.data.map((c) => c.step_number)).toEqual([24, 12]);
    await expect(client().fineTuning.jobs.cancel(job.id)).rejects.toBeInstanceOf(ConflictError);

    await client().delete(`/fine_tuning/jobs/${job.id}`);
    await expect(client().fineTuning.jobs.retrieve(job.id)).rejects.toBeInstanceOf(NotFoundError);

    const other = await client().fineTuning.jobs.create({
      model: "gpt-4o-mini-2024-07-18",
      training_file: file.id,
    });
    expect(await client().fineTuning.jobs.cancel(other.id)).toMatchObject({ status: "cancelled" });
  });
});
