import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createManualClock,
  DATA_DIR_REMEDY,
  DataDirError,
  DEFAULT_AZURE_API_KEY,
  startEmulator,
} from "../../emulator";
import { main } from "../../emulator/cli";
import { filesUnder, stateOf, type StateFileJson, useEmulatorProcesses } from "./dataDirHelpers";
import { readFile, START_MS, uploadFile } from "./helpers";
import { createdJob, createdTask } from "./qianfanHelpers";
import { addedPartId, createdUpload, trainingJsonl } from "./uploadHelpers";

const TRAINING = trainingJsonl(12).toString();

/** The ids of what `madeBy` made, so expectations can name them. */
interface Made {
  fileId: string;
  uploadId: string;
  partId: string;
  taskId: string;
  jobId: string;
}

/** A data directory an emulator wrote: a file, a pending upload with a part, a Qianfan task. */
async function madeBy(dir: string): Promise<Made> {
  const emulator = await startEmulator({
    clock: createManualClock(START_MS),
    processingMs: 0,
    dataDir: dir,
  });
  try {
    const fileId = (await readFile(await uploadFile(emulator, { content: TRAINING }))).id;
    const uploadId = (await createdUpload(emulator, { bytes: 10 })).id;
    const partId = await addedPartId(emulator, uploadId, "01234");
    const jobId = await createdJob(emulator);
    const taskId = await createdTask(emulator, jobId);
    return { fileId, uploadId, partId, taskId, jobId };
  } finally {
    await emulator.close();
  }
}

/** Rewrites the state file through `edit`. */
function editState(dir: string, edit: (state: StateFileJson) => void): void {
  const state = stateOf(dir);
  edit(state);
  writeFileSync(join(dir, "state.json"), JSON.stringify(state));
}

/** The Azure file at `i` in the state, to edit. */
const azureFile = (state: StateFileJson, i = 0) => {
  const file = state.stores.azure?.files?.[i];
  if (!file) throw new Error("The state holds no such file.");
  return file;
};

/**
 * Each directory the emulator must refuse: `prepare` makes it at `dir` and returns what the
 * message must say (besides the remedy, which every refusal ends with).
 */
const REFUSED: [string, (dir: string) => Promise<string[]> | string[]][] = [
  [
    "a file where the directory should be",
    (dir) => {
      writeFileSync(dir, "not a directory");
      return [`The data directory ${dir} is not a directory.`];
    },
  ],
  [
    "a non-empty directory without a state file",
    (dir) => {
      mkdirSync(dir);
      writeFileSync(join(dir, "notes.txt"), "mine");
      return [
        `The data directory ${dir} is not empty but holds no state.json (it has 'notes.txt')`,
      ];
    },
  ],
  [
    "the contents an emulator that kept only contents left",
    (dir) => {
      mkdirSync(join(dir, "files"), { recursive: true });
      writeFileSync(join(dir, "files", "file-0123"), TRAINING);
      return [`${dir} is not empty but holds no state.json (it has 'files')`, "kept only contents"];
    },
  ],
  [
    "a state file that is not JSON (cut short)",
    async (dir) => {
      await madeBy(dir);
      const text = readFileSync(join(dir, "state.json"), "utf8");
      writeFileSync(join(dir, "state.json"), text.slice(0, text.length / 2));
      return [`The state file ${join(dir, "state.json")} is not valid JSON (`];
    },
  ],
  [
    "a JSON file of another kind",
    (dir) => {
      mkdirSync(dir);
      writeFileSync(join(dir, "state.json"), JSON.stringify({ name: "my-app", version: 1 }));
      return [
        `${join(dir, "state.json")} is not an emulator state file: its "format" is not ` +
          '"pulumi-finetune-emulator-state".',
      ];
    },
  ],
  [
    "JSON that is not an object",
    (dir) => {
      mkdirSync(dir);
      writeFileSync(join(dir, "state.json"), "[]");
      return [`${join(dir, "state.json")} cannot be read back: the state must be an object`];
    },
  ],
  [
    "another format version",
    async (dir) => {
      await madeBy(dir);
      editState(dir, (state) => (state.version = 2));
      return ["has state format version 2; this emulator reads version 1."];
    },
  ],
  [
    "a state naming a file whose content is missing",
    async (dir) => {
      const { fileId } = await madeBy(dir);
      rmSync(join(dir, "files", fileId));
      return [
        `${join(dir, "state.json")} names content that is not on disk as it was written: ` +
          `${join(dir, "files", fileId)} is missing.`,
      ];
    },
  ],
  [
    "a state naming a file whose content was cut short",
    async (dir) => {
      const { fileId } = await madeBy(dir);
      truncateSync(join(dir, "files", fileId), 3);
      return [`${join(dir, "files", fileId)} holds 3 bytes, not ${TRAINING.length}.`];
    },
  ],
  [
    "a state naming an upload part that is missing",
    async (dir) => {
      const { uploadId, partId } = await madeBy(dir);
      rmSync(join(dir, "parts", uploadId, partId));
      return [`${join(dir, "parts", uploadId, partId)} is missing.`];
    },
  ],
  [
    "a field that is not what the emulator writes",
    async (dir) => {
      await madeBy(dir);
      editState(dir, (state) => (azureFile(state).bytes = "12"));
      return [
        "cannot be read back: stores.azure.files[0].bytes must be a number (found a string).",
      ];
    },
  ],
  [
    "a field that is missing",
    async (dir) => {
      await madeBy(dir);
      editState(dir, (state) => delete azureFile(state).filename);
      return ["stores.azure.files[0].filename must be a string (found nothing)."];
    },
  ],
  [
    "a status the emulator does not write",
    async (dir) => {
      await madeBy(dir);
      editState(dir, (state) => {
        const upload = state.stores.azure?.uploads?.[0];
        if (upload) upload.state = "paused";
      });
      return ["stores.azure.uploads[0].state must be one of pending, completed, cancelled"];
    },
  ],
  [
    "a task whose job the state lacks",
    async (dir) => {
      const { jobId } = await madeBy(dir);
      editState(dir, (state) => {
        if (state.stores.qianfan) state.stores.qianfan.jobs = [];
      });
      return [`stores.qianfan.tasks[0].jobId names job '${jobId}', which the state lacks.`];
    },
  ],
  [
    "a kind of object this emulator does not know (a newer one wrote it)",
    async (dir) => {
      await madeBy(dir);
      editState(dir, (state) => {
        if (state.stores.qianfan) state.stores.qianfan.evaluations = [{ id: "eval-1" }];
      });
      return ["stores.qianfan holds 'evaluations', which this emulator does not know"];
    },
  ],
  [
    "a store this emulator does not know",
    async (dir) => {
      await madeBy(dir);
      editState(dir, (state) => (state.stores.bedrock = {}));
      return ["holds stores this emulator does not know: 'bedrock'."];
    },
  ],
];

/** What is at `path`: every file under a directory, or the bytes of a file. */
const contentsAt = (path: string) => {
  try {
    return filesUnder(path);
  } catch {
    return readFileSync(path, "base64");
  }
};

describe("a data directory the emulator cannot use is refused at start, never reset", () => {
  const root = mkdtempSync(join(tmpdir(), "emulator-refused-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let tests = 0;
  const freshPath = () => join(root, String((tests += 1)));

  it.each(REFUSED)("refuses %s, naming the path and what to do", async (_, prepare) => {
    const dir = freshPath();
    const says = await prepare(dir);
    const before = contentsAt(dir);
    const started = startEmulator({ dataDir: dir });
    await expect(started).rejects.toThrow(DataDirError);
    const message = await started.then(
      () => "",
      (error: unknown) => (error as Error).message,
    );
    for (const part of says) expect(message).toContain(part);
    expect(message).toMatch(/remove the directory \(or move it aside\) or point --data-dir/);
    expect(message.endsWith(DATA_DIR_REMEDY)).toBe(true);
    expect(contentsAt(dir)).toEqual(before);
  });

  it("starts on a directory that does not exist yet (creating it) or is empty", async () => {
    const missing = join(freshPath(), "nested", "data");
    const empty = freshPath();
    mkdirSync(empty);
    for (const dir of [missing, empty]) {
      const emulator = await startEmulator({ dataDir: dir });
      await emulator.close();
      expect(stateOf(dir)).toMatchObject({ format: "pulumi-finetune-emulator-state", version: 1 });
    }
  });

  it("the CLI prints the refusal and exits 1", async () => {
    const dir = freshPath();
    mkdirSync(dir);
    writeFileSync(join(dir, "notes.txt"), "mine");
    const stdout: string[] = [];
    const stderr: string[] = [];
    const io = { stdout: (l: string) => stdout.push(l), stderr: (l: string) => stderr.push(l) };
    expect(await main(["--data-dir", dir], { ...io, env: {} })).toEqual({ exitCode: 1 });
    expect(stdout).toEqual([]);
    expect(stderr.join("\n")).toBe(
      `Could not start the emulator: The data directory ${dir} is not empty but holds no ` +
        "state.json (it has 'notes.txt'), so it is not an emulator data directory, or one from a " +
        `version that kept only contents. ${DATA_DIR_REMEDY}`,
    );
  });
});

describe("the emulator process on a data directory", () => {
  const root = mkdtempSync(join(tmpdir(), "emulator-process-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const launch = useEmulatorProcesses();

  it("exits non-zero with the refusal on stderr, printing no URL", async () => {
    const dir = join(root, "refused");
    mkdirSync(dir);
    writeFileSync(join(dir, "state.json"), "{ not json");
    const emulator = launch(["--port", "0", "--data-dir", dir]);
    expect(await emulator.exited).toEqual({ code: 1, signal: null });
    expect(emulator.stdout).toBe("");
    expect(emulator.stderr).toContain(
      `Could not start the emulator: The state file ${join(dir, "state.json")} is not valid JSON`,
    );
    expect(emulator.stderr).toContain(DATA_DIR_REMEDY);
  });

  it("keeps every answered change when killed without warning (SIGKILL)", async () => {
    const dir = join(root, "killed");
    const args = ["--port", "0", "--processing-ms", "0", "--data-dir", dir];
    const azure = (url: string, path: string, init: RequestInit = {}) =>
      fetch(`${url}${path}?api-version=2024-10-21`, {
        ...init,
        headers: { "api-key": DEFAULT_AZURE_API_KEY, ...init.headers },
      });
    const first = launch(args);
    try {
      const url = await first.url();
      const form = new FormData();
      form.set("purpose", "fine-tune");
      form.set("file", new Blob([TRAINING]), "train.jsonl");
      const file = (await (
        await azure(url, "/openai/files", { method: "POST", body: form })
      ).json()) as {
        id: string;
      };
      const deleted = (await (
        await azure(url, "/openai/files", { method: "POST", body: form })
      ).json()) as {
        id: string;
      };
      expect((await azure(url, `/openai/files/${deleted.id}`, { method: "DELETE" })).status).toBe(
        200,
      );
      await first.kill();
      expect(await first.exited).toEqual({ code: null, signal: "SIGKILL" });

      const second = launch(args);
      try {
        const again = await second.url();
        const content = await azure(again, `/openai/files/${file.id}/content`);
        expect({ status: content.status, text: await content.text() }).toEqual({
          status: 200,
          text: TRAINING,
        });
        expect((await azure(again, `/openai/files/${deleted.id}`)).status).toBe(404);
        expect(existsSync(join(dir, "files", deleted.id))).toBe(false);
      } finally {
        await second.stop();
      }
    } finally {
      await first.kill();
    }
  });
});
