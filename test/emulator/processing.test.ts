import {
  createManualClock,
  findTrainingDataError,
  findTrainingDataErrorIn,
  Store,
} from "../../emulator";
import {
  azureFetch,
  CHAT_LINE,
  manualClock,
  readFile,
  START_MS,
  uploadedFile,
  uploadFile,
  useEmulator,
} from "./helpers";

const PROCESSING_MS = 2000;

describe("fine-tune file processing", () => {
  const emulator = useEmulator({ processingMs: PROCESSING_MS });

  async function statusAfter(fileId: string, ms: number) {
    manualClock(emulator()).set(START_MS + ms);
    const res = await azureFetch(emulator(), `/openai/files/${fileId}`);
    const { status, status_details } = await readFile(res);
    return { status, status_details };
  }

  it("goes pending -> running -> processed on the clock", async () => {
    const { id } = await uploadedFile(uploadFile(emulator()));
    expect(await statusAfter(id, 0)).toEqual({ status: "pending", status_details: null });
    expect(await statusAfter(id, 999)).toEqual({ status: "pending", status_details: null });
    expect(await statusAfter(id, 1000)).toEqual({ status: "running", status_details: null });
    expect(await statusAfter(id, 1999)).toEqual({ status: "running", status_details: null });
    expect(await statusAfter(id, 2000)).toEqual({ status: "processed", status_details: null });
  });

  it("ends in error naming the first bad line", async () => {
    const content = [CHAT_LINE, "", '{"messages": [{"role": "user", "content": "no answer"}]}'];
    const { id } = await uploadedFile(uploadFile(emulator(), { content: content.join("\n") }));
    expect(await statusAfter(id, 1000)).toEqual({ status: "running", status_details: null });
    const { status, status_details } = await statusAfter(id, PROCESSING_MS);
    expect(status).toBe("error");
    expect(status_details).toMatch(/^Line 3: .*assistant/);
  });
});

describe("Store.fileState", () => {
  it("derives status from the clock it was given, without timers", async () => {
    const clock = createManualClock(START_MS);
    const store = new Store({ clock, processingMs: 10 });
    const file = await store.createFile({
      filename: "t.jsonl",
      purpose: "fine-tune",
      content: Buffer.from(CHAT_LINE),
    });
    clock.advance(10);
    expect((await store.fileState(file)).status).toBe("processed");
  });

  it("settles at once when processingMs is 0", async () => {
    const store = new Store({ clock: createManualClock(START_MS), processingMs: 0 });
    const file = await store.createFile({
      filename: "t",
      purpose: "fine-tune",
      content: Buffer.from("x"),
    });
    const want = { status: "error", statusDetails: "Line 1: not valid JSON." };
    expect(await store.fileState(file)).toEqual(want);
  });
});

const msg = (role: string, content: unknown = "text") => ({ role, content });
const line = (example: unknown) => JSON.stringify(example);

describe("findTrainingDataError", () => {
  it.each([
    ["chat", line({ messages: [msg("system"), msg("user"), msg("assistant")] })],
    [
      "chat with content parts",
      line({ messages: [msg("user", [{ type: "text", text: "x" }]), msg("assistant")] }),
    ],
    [
      "chat with a tool call",
      line({ messages: [msg("user"), { role: "assistant", tool_calls: [] }, msg("tool")] }),
    ],
    ["prompt/completion", line({ prompt: "p", completion: "c" })],
    [
      "preference (DPO)",
      line({
        input: { messages: [msg("user")] },
        preferred_output: [msg("assistant")],
        non_preferred_output: [msg("assistant")],
      }),
    ],
    ["blank and CRLF lines", `\r\n${line({ prompt: "p", completion: "c" })}\r\n\n`],
  ])("accepts %s", async (_, content) => {
    expect(findTrainingDataError(Buffer.from(content))).toBeUndefined();
    expect(await findTrainingDataErrorIn(byteByByte(Buffer.from(content)))).toBeUndefined();
  });

  it.each([
    ["an empty file", "", "The file contains no training examples."],
    ["invalid UTF-8", Buffer.from([0xff, 0xfe]), "Line 1: not valid UTF-8."],
    ["a line that is not JSON", `${CHAT_LINE}\n{oops`, "Line 2: not valid JSON."],
    ["a JSON array", "[1]", "Line 1: each line must be a JSON object."],
    ["an unknown shape", line({ text: "x" }), "Line 1: expected messages"],
    [
      "messages not an array",
      line({ messages: "x" }),
      "Line 1: messages must be a non-empty array",
    ],
    ["a bad role", line({ messages: [msg("bot")] }), "Line 1: messages[0].role must be one of"],
    ["missing content", line({ messages: [{ role: "user" }] }), "Line 1: messages[0].content"],
    ["no assistant message", line({ messages: [msg("user")] }), "at least one assistant message"],
    ["a prompt without completion", line({ prompt: "p" }), "Line 1: prompt and completion"],
    [
      "a preference example without non_preferred_output",
      line({ input: { messages: [msg("user")] }, preferred_output: [msg("assistant")] }),
      "Line 1: non_preferred_output must be a non-empty array",
    ],
    [
      "a preference example whose input is not an object",
      line({ input: [], preferred_output: [], non_preferred_output: [] }),
      "Line 1: input must be an object",
    ],
  ])("rejects %s", async (_, content, want) => {
    const bytes = typeof content === "string" ? Buffer.from(content) : content;
    expect(findTrainingDataError(bytes)).toContain(want);
    expect(await findTrainingDataErrorIn(byteByByte(bytes))).toBe(findTrainingDataError(bytes));
  });

  it("reads chunks split inside a UTF-8 sequence, naming lines as in one piece", async () => {
    const content = Buffer.from(`${line({ prompt: "café", completion: "ü" })}\n{oops}\n`);
    expect(await findTrainingDataErrorIn(byteByByte(content))).toBe("Line 2: not valid JSON.");
  });

  it("stops reading at the first bad line", async () => {
    let chunksRead = 0;
    async function* chunks() {
      for (const chunk of ["{oops}\n", CHAT_LINE, "\n"]) {
        chunksRead += 1;
        yield Buffer.from(chunk);
      }
    }
    expect(await findTrainingDataErrorIn(chunks())).toBe("Line 1: not valid JSON.");
    expect(chunksRead).toBe(1);
  });
});

async function* byteByByte(bytes: Buffer) {
  for (const byte of bytes) yield Uint8Array.of(byte);
}
