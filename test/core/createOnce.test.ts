import { createOnce } from "../../provider/core/createOnce";
import {
  BadRequestError,
  ConflictError,
  NetworkError,
  ServerError,
} from "../../provider/core/errors";
import { setProgressSink } from "../../provider/core/progress";

const lost = () => new NetworkError("azure-openai", "create thing", "ECONNRESET");
const answer = (status: number) => ({
  vendor: "azure-openai" as const,
  operation: "create thing",
  status,
  code: "x",
  vendorMessage: "no",
});
const server = () => new ServerError(answer(500), "");
const refused = () => new BadRequestError(answer(400), "");

type Step = "ok" | "lost" | "500" | "400";

async function run(creates: Step[], lookups: (string | undefined)[]) {
  const calls = { creates: 0, lookups: 0 };
  const lines: string[] = [];
  const restore = setProgressSink((line) => void lines.push(line));
  try {
    const result = await createOnce({
      label: "Thing",
      request: "create",
      makes: "thing",
      create: async () => {
        const step = creates[calls.creates++];
        if (step === "ok") return `made-${calls.creates}`;
        throw step === "lost" ? lost() : step === "500" ? server() : refused();
      },
      findCreated: async () => lookups[calls.lookups++],
      idOf: (id) => id,
    }).then(
      (value) => ({ value }),
      (error: Error) => ({ error: error.constructor.name }),
    );
    return { result, calls, lines };
  } finally {
    restore();
  }
}

describe("createOnce", () => {
  it.each<[string, Step[], (string | undefined)[], object, { creates: number; lookups: number }]>([
    ["succeeds at once", ["ok"], [], { value: "made-1" }, { creates: 1, lookups: 0 }],
    [
      "uses what a lost create made",
      ["lost"],
      ["found-1"],
      { value: "found-1" },
      { creates: 1, lookups: 1 },
    ],
    [
      "uses what a create answered 500 made",
      ["500"],
      ["found-1"],
      { value: "found-1" },
      { creates: 1, lookups: 1 },
    ],
    [
      "sends again when nothing was made",
      ["lost", "ok"],
      [undefined],
      { value: "made-2" },
      { creates: 2, lookups: 1 },
    ],
    [
      "looks even after the last attempt, so nothing it made is orphaned",
      ["lost", "lost", "lost"],
      [undefined, undefined, "found-3"],
      { value: "found-3" },
      { creates: 3, lookups: 3 },
    ],
    [
      "gives up after three attempts that made nothing",
      ["lost", "lost", "lost", "ok"],
      [undefined, undefined, undefined],
      { error: "NetworkError" },
      { creates: 3, lookups: 3 },
    ],
    [
      "never looks or retries after a refusal",
      ["400", "ok"],
      [],
      { error: "BadRequestError" },
      { creates: 1, lookups: 0 },
    ],
  ])("%s", async (_, creates, lookups, result, calls) => {
    const outcome = await run(creates, lookups);
    expect(outcome.result).toEqual(result);
    expect(outcome.calls).toEqual(calls);
  });

  it("says what happened in progress lines", async () => {
    const { lines } = await run(["lost", "lost"], [undefined, "found-2"]);
    expect(lines).toEqual([
      "Thing: the create failed before creating anything (create thing: could not reach the Azure OpenAI endpoint (ECONNRESET).); sending again",
      "Thing: the create's answer was lost, but it created found-2; using that thing",
    ]);
  });
});

describe("createOnce for objects that cannot be looked up, and refusals that mean done", () => {
  const conflict = () => new ConflictError(answer(409), "");

  async function attempt(
    steps: ("ok" | "lost" | "409")[],
    spec: { findable: boolean; found?: string[] },
  ) {
    let creates = 0;
    let lookups = 0;
    const lines: string[] = [];
    const restore = setProgressSink((line) => void lines.push(line));
    try {
      const value = await createOnce<string>({
        label: "Upload",
        request: "complete",
        makes: "file",
        create: async () => {
          const step = steps[creates++];
          if (step === "ok") return `made-${creates}`;
          throw step === "409" ? conflict() : lost();
        },
        ...(spec.findable
          ? { findCreated: async () => spec.found?.[lookups++] }
          : { unfindable: "an unused one expires by itself" }),
        refusedAsDone: (error) => error instanceof ConflictError,
        idOf: (id) => id,
      }).catch((error: Error) => error.constructor.name);
      return { value, creates, lookups, lines };
    } finally {
      restore();
    }
  }

  it.each<
    [string, ("ok" | "lost" | "409")[], { findable: boolean; found?: string[] }, string, number]
  >([
    ["unfindable: a lost answer is sent again", ["lost", "ok"], { findable: false }, "made-2", 2],
    [
      "unfindable: gives up after three lost answers",
      ["lost", "lost", "lost"],
      { findable: false },
      "NetworkError",
      3,
    ],
    [
      "a refusal meaning done: what the earlier attempt made is used",
      ["409"],
      { findable: true, found: ["file-1"] },
      "file-1",
      1,
    ],
    [
      "a refusal meaning done, but nothing found: the refusal is reported, not sent again",
      ["409", "ok"],
      { findable: true, found: [] },
      "ConflictError",
      1,
    ],
    [
      "lost, nothing found, then refused as done: found on the second look",
      ["lost", "409"],
      { findable: true, found: [undefined as never, "file-2"] },
      "file-2",
      2,
    ],
  ])("%s", async (_name, steps, spec, value, creates) => {
    const outcome = await attempt(steps, spec);
    expect(outcome.value).toBe(value);
    expect(outcome.creates).toBe(creates);
  });

  it("says why sending again is safe when the object cannot be looked up", async () => {
    const { lines } = await attempt(["lost", "ok"], { findable: false });
    expect(lines).toEqual([
      "Upload: the complete's answer was lost (create thing: could not reach the Azure OpenAI endpoint (ECONNRESET).); an unused one expires by itself, so it is sent again",
    ]);
  });
});

describe("createOnce takes over what an interrupted earlier run made", () => {
  async function withEarlier(earlier: string | undefined, steps: ("ok" | "lost")[]) {
    let creates = 0;
    let earlierLookups = 0;
    const lines: string[] = [];
    const restore = setProgressSink((line) => void lines.push(line));
    try {
      const value = await createOnce<string>({
        label: "Thing",
        request: "create",
        makes: "thing",
        create: async () => {
          if (steps[creates++] === "ok") return `made-${creates}`;
          throw lost();
        },
        findCreated: async () => undefined,
        findInterrupted: async () => {
          earlierLookups++;
          return earlier;
        },
        statusOf: (id) => `status of ${id}`,
        idOf: (id) => id,
      });
      return { value, creates, earlierLookups, lines };
    } finally {
      restore();
    }
  }

  it.each<[string, string | undefined, ("ok" | "lost")[], string, number]>([
    ["found: taken over, nothing sent", "thing-0", ["ok"], "thing-0", 0],
    ["none: created as usual", undefined, ["ok"], "made-1", 1],
    ["none, then a lost answer: the usual retry", undefined, ["lost", "ok"], "made-2", 2],
  ])("%s", async (_name, earlier, steps, value, creates) => {
    const outcome = await withEarlier(earlier, steps);
    expect(outcome.value).toBe(value);
    expect(outcome.creates).toBe(creates);
    expect(outcome.earlierLookups).toBe(1);
  });

  it("says it took the object over, with its status now", async () => {
    const { lines } = await withEarlier("thing-0", ["ok"]);
    expect(lines).toEqual([
      "Thing: taking over thing-0 (status of thing-0), which an earlier run made for this resource but was interrupted before recording it; no second thing is created",
    ]);
  });
});
