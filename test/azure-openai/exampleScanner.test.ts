/**
 * The scanner answers only for lines the slow path (JSON.parse and checkExample) passes, and with the same answer;
 * on everything else it stays undecided. Checked on a table of shapes, then on thousands of lines mutated from them.
 */
import {
  checkLine,
  ExampleFormat,
  ExampleScanner,
  hasSpecialByte,
  LineVerdict,
  ScanVerdict,
} from "../../provider/azure-openai/trainingData";

const scan = (line: string, declared?: ExampleFormat): ScanVerdict => {
  const scanner = new ExampleScanner();
  const bytes = Buffer.from(line + "\n");
  const verdict = scanner.scan(bytes, 0, declared);
  if (verdict !== undefined) expect(scanner.end).toBe(bytes.length - 1);
  return verdict;
};

/** The slow path's verdict in the scanner's terms: undefined for a line with any problem. */
const slow = (line: string, declared?: ExampleFormat): ScanVerdict => {
  const decoded = Buffer.from(line).toString("utf8");
  const text = decoded.endsWith("\r") ? decoded.slice(0, -1) : decoded;
  const verdict: LineVerdict = checkLine(text, declared);
  if (verdict.kind === "blank") return "blank";
  if (verdict.kind === "invalid" || verdict.check.problems.length > 0) return undefined;
  return verdict.check.format;
};

const user = { role: "user", content: "hi" };
const assistant = { role: "assistant", content: "hello" };
const j = (value: unknown) => JSON.stringify(value);

/** Lines the scanner must decide itself: the shapes training data is written in. */
const DECIDED: [string, string, ExampleFormat | undefined, ScanVerdict][] = [
  ["compact chat", j({ messages: [user, assistant] }), undefined, "chat"],
  [
    "python-style spacing",
    '{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "ok"}]}',
    undefined,
    "chat",
  ],
  [
    "tabs, CR and spaces around tokens",
    ' \t{ "messages" :[ {"role":"user" ,"content":"a"} , {"content":"b","role":"assistant"} ] }\r',
    undefined,
    "chat",
  ],
  [
    "system, developer, tool, function roles",
    j({
      messages: [
        { role: "system", content: "" },
        { role: "developer", content: "d" },
        user,
        { role: "tool", content: "t" },
        { role: "function", content: "f" },
        assistant,
      ],
    }),
    undefined,
    "chat",
  ],
  [
    "weights 0 and 1",
    j({ messages: [user, { ...assistant, weight: 0 }, { ...assistant, weight: 1 }] }),
    undefined,
    "chat",
  ],
  [
    "escapes and unicode in content",
    j({
      messages: [
        { role: "user", content: 'a "quote" \\ / \n\t\u0001 é 漢字 😀 \ud800' },
        assistant,
      ],
    }),
    undefined,
    "chat",
  ],
  [
    "tools and other keys skipped",
    j({
      messages: [
        user,
        { ...assistant, name: "x", tool_calls: [{ id: "1", function: { arguments: "{}" } }] },
      ],
      tools: [
        {
          type: "function",
          function: {
            parameters: {
              type: "object",
              properties: { a: { type: ["string", null], enum: [1, -2.5e3, true, false] } },
            },
          },
        },
      ],
      metadata: { a: [] },
    }),
    undefined,
    "chat",
  ],
  ["prompt/completion", j({ prompt: "p", completion: "c" }), undefined, "completion"],
  [
    "reinforcement",
    j({ messages: [{ role: "developer", content: "d" }, user], reference: "42" }),
    "reinforcement",
    "reinforcement",
  ],
  ["chat declared chat", j({ messages: [user, assistant] }), "chat", "chat"],
  ["blank", "", undefined, "blank"],
  ["blank with whitespace", " \t\r", undefined, "blank"],
];

/** Lines it must leave to the slow path: they have a problem, or a shape it does not read. */
const UNDECIDED: [string, string, ExampleFormat | undefined][] = [
  ["not JSON", "nope", undefined],
  ["trailing garbage", j({ messages: [user, assistant] }) + "x", undefined],
  ["two values", j({ messages: [user, assistant] }) + j({}), undefined],
  ["an array", "[1]", undefined],
  ["no assistant", j({ messages: [user] }), undefined],
  ["empty messages", j({ messages: [] }), undefined],
  ["messages not an array", j({ messages: "x" }), undefined],
  ["unknown role", j({ messages: [{ role: "bot", content: "x" }, assistant] }), undefined],
  ["role as a prefix", j({ messages: [{ role: "users", content: "x" }, assistant] }), undefined],
  [
    "role spelt with an escape",
    '{"messages":[{"role":"\\u0075ser","content":"a"},{"role":"assistant","content":"b"}]}',
    undefined,
  ],
  [
    "key spelt with an escape",
    '{"m\\u0065ssages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]}',
    undefined,
  ],
  [
    "content parts",
    j({ messages: [{ role: "user", content: [{ type: "text", text: "x" }] }, assistant] }),
    undefined,
  ],
  [
    "null content",
    j({ messages: [user, { role: "assistant", content: null, tool_calls: [] }] }),
    undefined,
  ],
  ["missing content", j({ messages: [{ role: "user" }, assistant] }), undefined],
  ["weight 2", j({ messages: [user, { ...assistant, weight: 2 }] }), undefined],
  [
    "weight 1.0",
    '{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b","weight":1.0}]}',
    undefined,
  ],
  [
    "duplicate role",
    '{"messages":[{"role":"user","role":"user","content":"a"},{"role":"assistant","content":"b"}]}',
    undefined,
  ],
  ["duplicate messages", `{"messages":[],"messages":${j([user, assistant])}}`, undefined],
  ["tools not an array", j({ messages: [user, assistant], tools: {} }), undefined],
  [
    "preference",
    j({
      input: { messages: [user] },
      preferred_output: [assistant],
      non_preferred_output: [assistant],
    }),
    undefined,
  ],
  ["completion without completion", j({ prompt: "p" }), undefined],
  ["completion not a string", j({ prompt: "p", completion: 1 }), undefined],
  ["unknown shape", j({ text: "x" }), undefined],
  [
    "raw tab in a string",
    '{"messages":[{"role":"user","content":"a\tb"},{"role":"assistant","content":"b"}]}',
    undefined,
  ],
  [
    "bad escape",
    '{"messages":[{"role":"user","content":"a\\x"},{"role":"assistant","content":"b"}]}',
    undefined,
  ],
  [
    "short unicode escape",
    '{"messages":[{"role":"user","content":"a\\u12"},{"role":"assistant","content":"b"}]}',
    undefined,
  ],
  ["leading zero", `{"messages":${j([user, assistant])},"n":01}`, undefined],
  ["trailing comma", `{"messages":${j([user, assistant])},}`, undefined],
  ["byte order mark inside", "\ufeff" + j({ messages: [user, assistant] }), undefined],
  ["no-break space", "\u00a0" + j({ messages: [user, assistant] }), undefined],
  ["reinforcement ending with the assistant", j({ messages: [user, assistant] }), "reinforcement"],
  [
    "nesting deeper than the scanner goes",
    `{"messages":${j([user, assistant])},"deep":${"[".repeat(80)}${"]".repeat(80)}}`,
    undefined,
  ],
];

describe("ExampleScanner", () => {
  it.each(DECIDED)("decides %s", (_name, line, declared, want) => {
    expect(scan(line, declared)).toBe(want);
    expect(slow(line, declared)).toBe(want);
  });

  it.each(UNDECIDED)("leaves %s to the slow path", (_name, line, declared) => {
    expect(scan(line, declared)).toBeUndefined();
  });

  it("reads lines where they lie in a block, one after another", () => {
    const block = Buffer.from(
      [j({ messages: [user, assistant] }), "", j({ prompt: "a", completion: "b" }), "x"].join(
        "\n",
      ) + "\n",
    );
    const scanner = new ExampleScanner();
    const verdicts: ScanVerdict[] = [];
    for (let start = 0; start < block.length;) {
      const verdict = scanner.scan(block, start);
      verdicts.push(verdict);
      start = (verdict === undefined ? block.indexOf(0x0a, start) : scanner.end) + 1;
    }
    expect(verdicts).toEqual(["chat", "blank", "completion", undefined]);
  });

  it("agrees with JSON.parse and checkExample on every line it decides, for thousands of mutated lines", () => {
    const random = seeded(17);
    const corpus = [...DECIDED, ...UNDECIDED].map(([, line]) => line);
    const alphabet = [...'{}[]":,\\ \t\rntfrueals0123456789.-+eEu/abc', "\u0001", "é", "\ufeff"];
    let decided = 0;
    for (let i = 0; i < 20_000; i++) {
      let line = corpus[Math.floor(random() * corpus.length)]!;
      for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
        const at = Math.floor(random() * (line.length + 1));
        const what = random();
        const char = alphabet[Math.floor(random() * alphabet.length)]!;
        if (what < 0.4) line = line.slice(0, at) + char + line.slice(at);
        else if (what < 0.7) line = line.slice(0, at) + line.slice(at + 1);
        else line = line.slice(0, at) + char + line.slice(at + 1);
      }
      for (const declared of [undefined, "reinforcement", "completion"] as const) {
        const verdict = scan(line, declared);
        if (verdict === undefined) continue;
        decided++;
        if (verdict !== slow(line, declared)) {
          throw new Error(`scanner says ${verdict} for ${JSON.stringify(line)} (${declared})`);
        }
      }
    }
    expect(decided).toBeGreaterThan(1000);
  });
});

describe("hasSpecialByte", () => {
  const word = (bytes: number[]) => Buffer.from(bytes).readInt32LE(0);
  it.each<[string, number[], boolean]>([
    ["plain letters", [0x61, 0x62, 0x63, 0x64], false],
    ["high bytes", [0x80, 0xff, 0xc3, 0xa9], false],
    ["space and tilde", [0x20, 0x7e, 0x21, 0x23], false],
    ["a quote", [0x61, 0x22, 0x61, 0x61], true],
    ["a backslash last", [0x61, 0x61, 0x61, 0x5c], true],
    ["a control character", [0x1f, 0x61, 0x61, 0x61], true],
    ["a zero byte", [0x61, 0x61, 0x00, 0x61], true],
    ["a line feed after a high byte", [0xff, 0x0a, 0x61, 0x61], true],
  ])("%s: %s", (_name, bytes, want) => expect(hasSpecialByte(word(bytes))).toBe(want));

  it("agrees with a byte-by-byte look at every word of random bytes", () => {
    const random = seeded(5);
    for (let i = 0; i < 50_000; i++) {
      const bytes = Array.from({ length: 4 }, () => Math.floor(random() * 256));
      const want = bytes.some((b) => b < 0x20 || b === 0x22 || b === 0x5c);
      if (hasSpecialByte(word(bytes)) !== want) throw new Error(`wrong for ${bytes.join(",")}`);
    }
  });
});

/** mulberry32: the same numbers every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
