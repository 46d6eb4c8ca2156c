/**
 * The fixture programs the engine benchmarks run (test/fixtures/programs), each with arguments that preview and
 * create cleanly against the emulator, and the resource types it declares. Together they cover every hooks module
 * the package exports; JobCompletion, which no program declares alone, goes through the catalogue program.
 */
import * as path from "node:path";
import { Emulator, EmulatorOptions } from "../emulator";
import { parseJobRequest } from "../emulator/azure/jobRequest";
import { generateChatJsonl } from "./data";
import { ResourceKind } from "./resourceKinds";

export interface FixtureProgram {
  /** Directory under test/fixtures/programs. */
  program: string;
  /** One resource of each kind, in declaration order. */
  kinds: ResourceKind[];
  emulator?: EmulatorOptions;
  /** The program's arguments (its environment); may create what the program refers to, without HTTP. */
  env(emulator: Emulator): Promise<Record<string, string>>;
}

/** A program with no resources that does not import the package: what a preview costs before any of it. */
export const EMPTY_PROGRAM: FixtureProgram = {
  program: "empty",
  kinds: [],
  env: async () => ({}),
};

const BASE_MODEL = "gpt-4o-mini-2024-07-18";
const chatLine = (i: number) =>
  JSON.stringify({
    messages: [
      { role: "user", content: `question ${i}` },
      { role: "assistant", content: `answer ${i}` },
    ],
  });
const chatJsonl = (lines: number) =>
  Array.from({ length: lines }, (_, i) => chatLine(i)).join("\n") + "\n";
/** Jobs that finish at once, so a JobCompletion's create returns without waiting. */
const INSTANT_JOBS: EmulatorOptions = {
  jobTimings: { pendingMs: 0, validatingMs: 0, queuedMs: 0, runningMs: 0 },
};

/** `dir` receives the Upload's source file (`uploadBytes` of chat JSONL). */
export async function fixturePrograms(
  dir: string,
  uploadBytes = 1024 * 1024,
): Promise<FixtureProgram[]> {
  const uploadSource = await generateChatJsonl(dir, uploadBytes);
  return [
    {
      program: "trainingFile",
      kinds: ["TrainingFile"],
      env: async () => ({
        TRAINING_FILE_ARGS: JSON.stringify({ content: chatJsonl(12), filename: "bench.jsonl" }),
      }),
    },
    {
      program: "upload",
      kinds: ["Upload"],
      env: async () => ({
        UPLOAD_ARGS: JSON.stringify({
          source: uploadSource,
          filename: path.basename(uploadSource),
          partSizeMb: 1,
        }),
      }),
    },
    {
      program: "fineTuneJob",
      kinds: ["TrainingFile", "FineTuneJob"],
      env: async () => ({ JOB_ARGS: JSON.stringify({ suffix: "bench" }) }),
    },
    {
      program: "catalogue",
      kinds: ["JobCompletion"],
      emulator: INSTANT_JOBS,
      env: async (emulator) => {
        const jobId = await succeededJobId(emulator);
        return {
          CATALOGUE: JSON.stringify([
            { kind: "JobCompletion", name: "completion", args: { jobId, pollIntervalSeconds: 1 } },
          ]),
        };
      },
    },
    {
      program: "qianfan",
      kinds: ["QianfanFineTuneJob", "QianfanFineTuneTask"],
      env: async () => ({}),
    },
    { program: "chained", kinds: ["TrainingFile", "TrainingFile"], env: async () => ({}) },
  ];
}

/** A fine-tuning job made in the emulator's store directly: no HTTP request is counted for it. */
async function succeededJobId(emulator: Emulator): Promise<string> {
  const file = await emulator.store.createFile({
    filename: "completion.jsonl",
    purpose: "fine-tune",
    content: Buffer.from(chatJsonl(12)),
  });
  await new Promise((resolve) => setTimeout(resolve, 20));
  const job = await emulator.store.jobs.create(
    await parseJobRequest(emulator.store, { model: BASE_MODEL, training_file: file.id }),
  );
  return job.id;
}
