import type { AzureOpenAIClient } from "../../provider/azure-openai/client";
import { listEvery } from "../../provider/azure-openai/listing";

/** A client whose `call` runs the request with no SDK: the page function here ignores it. */
const client = { call: (_operation: string, request: (openai: never) => unknown) => request(undefined as never) } as unknown as AzureOpenAIClient;

describe("listEvery", () => {
  it("follows `after` (the last id of each page) until a page says there is no more", async () => {
    const pages: Record<string, { data: { id: string }[]; has_more: boolean }> = {
      first: { data: [{ id: "a" }, { id: "b" }], has_more: true },
      b: { data: [{ id: "c" }], has_more: true },
      c: { data: [{ id: "d" }], has_more: false },
    };
    const asked: (string | undefined)[] = [];
    const items = await listEvery(client, "list things", async (_openai, after) => {
      asked.push(after);
      return pages[after ?? "first"]!;
    });
    expect(items.map((item) => item.id)).toEqual(["a", "b", "c", "d"]);
    expect(asked).toEqual([undefined, "b", "c"]);
  });

  it("takes a list without has_more (older api-versions) as one page", async () => {
    const items = await listEvery(client, "list things", async () => ({ data: [{ id: "a" }] }));
    expect(items).toEqual([{ id: "a" }]);
  });

  it("stops with an error naming the listing instead of paging forever", async () => {
    const endless = listEvery(client, "list things", async (_openai, after) => ({ data: [{ id: `${after ?? ""}x` }], has_more: true }));
    await expect(endless).rejects.toThrow("list things: more than 200 pages; narrow the listing.");
  });
});
