import { AzureOpenAI, BadRequestError, ConflictError, NotFoundError, toFile } from "openai";
import type { JobCreateParams } from "openai/resources/fine-tuning/jobs/jobs";
import { DEFAULT_AZURE_API_KEY } from "../../emulator";
import { manualClock, useEmulator } from "./helpers";
import { atOffset } from "./jobHelpers";
import { RFT_MODEL, rftJsonl, STRING_CHECK } from "./jobV1Helpers";
import { trainingJsonl } from "./uploadHelpers";

describe("the official openai package: pause, resume, metadata and reinforcement jobs", () => {
  const emulator = useEmulator({ processingMs: 0 });
  const at = (offsetMs: number) => manualClock(emulator()).set(atOffset(offsetMs));
  const options = { apiKey: DEFAULT_AZURE_API_KEY, maxRetries: 0 };
  const dated = (apiVersion = "2025-04-01-preview") =>
    new AzureOpenAI({ endpoint: emulator().url, apiVersion, ...options });
  const v1 = () =>
    new AzureOpenAI({ baseURL: `${emulator().url}/openai/v1`, apiVersion: "v1", ...options });

  async function upload(client: AzureOpenAI, content: Buffer | string) {
    const file = await client.files.create({
      file: await toFile(Buffer.from(content), "train.jsonl"),
      purpose: "fine-tune",
    });
    return file.id;
  }

  it.each([
    ["dated 2025-04-01-preview", () => dated()],
    ["v1", () => v1()],
  ])("pauses and resumes a job (%s)", async (_, client) => {
    const training = await upload(dated(), trainingJsonl(12));
    const job = await client().fineTuning.jobs.create({
      model: "gpt-4o-mini-2024-07-18",
      training_file: training,
    });
    at(7500);
    expect(await client().fineTuning.jobs.pause(job.id)).toMatchObject({ status: "pausing" });
    at(9000);
    expect(await client().fineTuning.jobs.retrieve(job.id)).toMatchObject({ status: "paused" });
    const checkpoints = await client().fineTuning.jobs.checkpoints.list(job.id);
    expect(checkpoints.data.map((c) => c.step_number)).toEqual([9]);
    expect(await client().fineTuning.jobs.resume(job.id)).toMatchObject({ status: "resuming" });
    at(10000);
    expect(await client().fineTuning.jobs.retrieve(job.id)).toMatchObject({ status: "running" });
    at(15000 + 2500);
    expect(await client().fineTuning.jobs.retrieve(job.id)).toMatchObject({ status: "succeeded" });
    await expect(client().fineTuning.jobs.pause(job.id)).rejects.toBeInstanceOf(ConflictError);
  });

  it("finds no pause route with api-version 2024-10-21", async () => {
    const training = await upload(dated(), trainingJsonl(12));
    const job = await dated().fineTuning.jobs.create({
      model: "gpt-4o-mini-2024-07-18",
      training_file: training,
    });
    at(7500);
    const old = dated("2024-10-21");
    await expect(old.fineTuning.jobs.pause(job.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(old.fineTuning.jobs.resume(job.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("creates a job with metadata on v1, and is refused it on a dated version", async () => {
    const training = await upload(v1(), trainingJsonl(12));
    const body = {
      model: "gpt-4o-mini-2024-07-18",
      training_file: training,
      metadata: { team: "search", run: "42" },
    };
    const job = await v1().fineTuning.jobs.create(body);
    expect(job.metadata).toEqual({ team: "search", run: "42" });
    expect((await v1().fineTuning.jobs.retrieve(job.id)).metadata).toEqual(body.metadata);
    const listed = await v1().fineTuning.jobs.list();
    expect(listed.data.map((j) => j.id)).toContain(job.id);
    await expect(dated().fineTuning.jobs.create(body)).rejects.toBeInstanceOf(BadRequestError);
  });

  it("creates a reinforcement job on v1, with trainingType as an extra body field", async () => {
    const training = await upload(v1(), rftJsonl(12));
    const validation = await upload(v1(), rftJsonl(4));
    const params: JobCreateParams = {
      model: RFT_MODEL,
      training_file: training,
      validation_file: validation,
      method: {
        type: "reinforcement",
        reinforcement: {
          grader: { ...STRING_CHECK, type: "string_check", operation: "eq" },
          hyperparameters: { reasoning_effort: "low", eval_samples: 2 },
        },
      },
    };
    // o4-mini is offered only with global training: without trainingType it is refused.
    const refused = v1().fineTuning.jobs.create(params);
    await expect(refused).rejects.toBeInstanceOf(BadRequestError);
    await expect(refused).rejects.toThrow("The specified base model does not support fine-tuning.");

    const global: JobCreateParams & { trainingType: string } = {
      ...params,
      trainingType: "globalStandard",
    };
    const job = await v1().fineTuning.jobs.create(global);
    expect(job).toMatchObject({
      status: "pending",
      trainingType: "globalStandard",
      metadata: null,
      method: {
        type: "reinforcement",
        reinforcement: {
          grader: STRING_CHECK,
          hyperparameters: { reasoning_effort: "low", eval_samples: 2 },
        },
      },
    });
    const onDated = dated().fineTuning.jobs.create(global);
    await expect(onDated).rejects.toThrow("has no reinforcement fine-tuning");
  });
});
