import { createOnce } from "../../provider/core/createOnce";
import { BadRequestError, NetworkError, ServerError } from "../../provider/core/errors";
import { setProgressSink } from "../../provider/core/progress";

const lost = () => new NetworkError("azure-openai", "create thing", "ECONNRESET");
const answer = (status: number) => ({ vendor: "azure-openai" as const, operation: "create thing", status, code: "x", vendorMessage: "no" });
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
    ["uses what a lost create made", ["lost"], ["found-1"], { value: "found-1" }, { creates: 1, lookups: 1 }],
    ["uses what a create answered 500 made", ["500"], ["found-1"], { value: "found-1" }, { creates: 1, lookups: 1 }],
    ["sends again when nothing was made", ["lost", "ok"], [undefined], { value: "made-2" }, { creates: 2, lookups: 1 }],
    ["looks even after the last attempt, so nothing it made is orphaned", ["lost", "lost", "lost"], [undefined, undefined, "found-3"], { value: "found-3" }, { creates: 3, lookups: 3 }],
    ["gives up after three attempts that made nothing", ["lost", "lost", "lost", "ok"], [undefined, undefined, undefined], { error: "NetworkError" }, { creates: 3, lookups: 3 }],
    ["never looks or retries after a refusal", ["400", "ok"], [], { error: "BadRequestError" }, { creates: 1, lookups: 0 }],
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
