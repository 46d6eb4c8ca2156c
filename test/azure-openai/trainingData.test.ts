import { createHash } from "node:crypto";
import {
  checkExample,
  readLines,
  validateTrainingData,
  describeProblems,
} from "../../provider/azure-openai/trainingData";

const chat = (...messages: object[]) => ({ messages });
const user = { role: "user", content: "hi" };
const assistant = { role: "assistant", content: "hello" };
const jsonl = (...rows: unknown[]) =>
  rows.map((r) => (typeof r === "string" ? r : JSON.stringify(r))).join("\n") + "\n";

async function* chunks(text: string | Buffer, size = 7) {
  const buffer = Buffer.from(text);
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
}

describe("readLines", () => {
  it.each([
    ["a\nb\n", ["a", "b"]],
    ["a\r\nb", ["a", "b"]],
    ["\ufeff{}\n", ["{}"]],
    ["a\n\nb\n", ["a", "", "b"]],
    ["", []],
    ["é".repeat(20) + "\n", ["é".repeat(20)]],
  ])("splits %j across chunk boundaries", async (text, want) => {
    const lines: string[] = [];
    for await (const line of readLines(chunks(text, 3))) lines.push(line.text);
    expect(lines).toEqual(want);
  });
});

describe("checkExample", () => {
  it.each<[string, unknown, string | undefined, string[]]>([
    ["chat", chat(user, assistant), "chat", []],
    [
      "chat with system and parts",
      chat(
        { role: "system", content: "s" },
        { role: "user", content: [{ type: "text", text: "x" }] },
        assistant,
      ),
      "chat",
      [],
    ],
    [
      "tool call without content",
      chat(
        user,
        { role: "assistant", tool_calls: [{ id: "1" }] },
        { role: "tool", content: "r" },
        assistant,
      ),
      "chat",
      [],
    ],
    [
      "no assistant",
      chat(user),
      "chat",
      ["messages has no assistant message: each chat example needs at least one to learn from"],
    ],
    [
      "wrong role",
      chat({ role: "bot", content: "x" }, assistant),
      "chat",
      ['messages[0].role "bot" is not one of system, developer, user, assistant, tool, function'],
    ],
    [
      "numeric content",
      chat({ role: "user", content: 5 }, assistant),
      "chat",
      ["messages[0].content must be a string or an array of content parts (it is a number)"],
    ],
    [
      "missing content",
      chat({ role: "user" }, assistant),
      "chat",
      ["messages[0].content is missing"],
    ],
    [
      "bad weight",
      chat(user, { ...assistant, weight: 2 }),
      "chat",
      ["messages[1].weight must be 0 or 1"],
    ],
    [
      "messages not an array",
      { messages: "x" },
      "chat",
      ["messages must be an array (it is a string)"],
    ],
    ["empty messages", { messages: [] }, "chat", ["messages is empty"]],
    ["completion", { prompt: "p", completion: "c" }, "completion", []],
    [
      "completion without completion",
      { prompt: "p" },
      "completion",
      ["completion must be a string (it is missing)"],
    ],
    [
      "preference",
      {
        input: { messages: [user] },
        preferred_output: [assistant],
        non_preferred_output: [assistant],
      },
      "preference",
      [],
    ],
    [
      "preference with a user output",
      { input: { messages: [user] }, preferred_output: [user], non_preferred_output: [assistant] },
      "preference",
      ['preferred_output[0].role must be "assistant"'],
    ],
    [
      "preference without rejected output",
      { input: { messages: [user] }, preferred_output: [assistant] },
      "preference",
      ["non_preferred_output must be a non-empty array of assistant messages"],
    ],
    [
      "unknown shape",
      { text: "x" },
      undefined,
      [
        'has none of "messages" (chat), "prompt"/"completion", or "input"/"preferred_output"/"non_preferred_output" (preference)',
      ],
    ],
    ["array", [1], undefined, ["is an array, not a JSON object"]],
  ])("%s", (_name, example, format, problems) => {
    const check = checkExample(example);
    expect(check.format).toBe(format);
    expect(check.problems).toEqual(problems);
  });
});

describe("validateTrainingData", () => {
  it("counts examples and hashes the exact bytes in the same pass", async () => {
    const text = "\ufeff" + jsonl(chat(user, assistant), chat(user, assistant));
    const report = await validateTrainingData(chunks(text));
    expect(report).toMatchObject({ examples: 2, format: "chat", problems: [], truncated: false });
    expect(report.bytes).toBe(Buffer.byteLength(text));
    expect(report.sha256).toBe(createHash("sha256").update(text).digest("hex"));
  });

  it.each<[string, string, { line: number; message: RegExp }[]]>([
    [
      "bad JSON on line 2",
      jsonl(chat(user, assistant), "{oops"),
      [{ line: 2, message: /^is not valid JSON/ }],
    ],
    [
      "an empty line inside",
      jsonl(chat(user, assistant), "", chat(user, assistant)),
      [{ line: 2, message: /^is empty/ }],
    ],
    ["an empty file", "", [{ line: 0, message: /no examples/ }]],
    [
      "mixed formats",
      jsonl(chat(user, assistant), { prompt: "p", completion: "c" }),
      [{ line: 2, message: /completion example, but earlier lines are chat/ }],
    ],
    [
      "wrong role on line 3",
      jsonl(
        chat(user, assistant),
        chat(user, assistant),
        chat({ role: "x", content: "" }, assistant),
      ),
      [{ line: 3, message: /role "x"/ }],
    ],
  ])("reports %s by line number", async (_name, text, want) => {
    const report = await validateTrainingData(chunks(text));
    expect(report.problems).toHaveLength(want.length);
    want.forEach((w, i) => {
      expect(report.problems[i]!.line).toBe(w.line);
      expect(report.problems[i]!.message).toMatch(w.message);
    });
  });

  it("stops after a handful of problems and says there are more", async () => {
    const text = jsonl(...Array.from({ length: 20 }, () => "nope"));
    const report = await validateTrainingData(chunks(text, 64));
    expect(report.problems.map((p) => p.line)).toEqual([1, 2, 3, 4, 5]);
    expect(report.truncated).toBe(true);
    expect(describeProblems("data/train.jsonl", report)).toMatch(
      /^data\/train\.jsonl line 1: is not valid JSON.*\n[\s\S]*more problems not shown/,
    );
  });

  it("only hashes when validation is off", async () => {
    const report = await validateTrainingData(chunks("not json\n"), { validate: false });
    expect(report.problems).toEqual([]);
    expect(report.bytes).toBe(9);
  });
});

describe("reinforcement examples (dataFormat: reinforcement)", () => {
  it.each<[string, object, string[]]>([
    ["ends with the user's turn", chat({ role: "system", content: "s" }, user), []],
    ["extra fields for the grader are kept", { ...chat(user), answer: "42" }, []],
    [
      "ends with an assistant answer",
      chat(user, assistant),
      [
        'messages[1].role is "assistant": a reinforcement example ends with a "user" message, which the model answers and the grader scores',
      ],
    ],
    ["a bad message is reported first", chat({ role: "user" }), ["messages[0].content is missing"]],
  ])("%s", (_name, example, problems) => {
    const check = checkExample(example, "reinforcement");
    expect(check.format).toBe("reinforcement");
    expect(check.problems).toEqual(problems);
  });

  it("the same line without the declaration is a chat example that lacks an answer", () => {
    expect(checkExample(chat(user)).problems).toEqual([
      "messages has no assistant message: each chat example needs at least one to learn from",
    ]);
  });

  it("a file declared for one format refuses lines of another, naming the line", async () => {
    const text =
      [JSON.stringify(chat(user)), JSON.stringify({ prompt: "p", completion: "c" })].join("\n") +
      "\n";
    const report = await validateTrainingData(chunks(text), { declaredFormat: "reinforcement" });
    expect(report.format).toBe("reinforcement");
    expect(report.problems).toEqual([
      { line: 2, message: "is a completion example, but dataFormat is reinforcement" },
    ]);
  });
});
