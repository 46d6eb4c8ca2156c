import { AzureOpenAIClient } from "../../provider/azure-openai/client";
import { listAllFiles, listAllJobs } from "../../provider/azure-openai/listing";
import type { Fetch } from "../../provider/core/fetch";

/**
 * The Azure listings go through the openai package's own cursor pages: these tests run the real SDK against a fake
 * fetch that serves pages keyed by the `after` query it is sent.
 */
function serving(pages: Record<string, object>) {
  const asked: (string | null)[] = [];
  const fetch: Fetch = async (input) => {
    const after = new URL(input instanceof Request ? input.url : input.toString()).searchParams.get(
      "after",
    );
    asked.push(after);
    const page = pages[after ?? "first"];
    if (!page) throw new Error(`no page after ${after}`);
    return new Response(JSON.stringify({ object: "list", ...page }), {
      headers: { "content-type": "application/json" },
    });
  };
  const client = new AzureOpenAIClient(
    {
      endpoint: "http://127.0.0.1:9",
      apiVersion: "2025-04-01-preview",
      auth: { kind: "apiKey", apiKey: "k-123456789" },
    },
    { fetch, sleep: async () => undefined },
  );
  return { client, asked };
}

const item = (id: string) => ({ id, object: "fine_tuning.job", created_at: 1 });

describe("Azure listings", () => {
  it("follow `after` (the last id of each page) until a page says there is no more", async () => {
    const { client, asked } = serving({
      first: { data: [item("a"), item("b")], has_more: true },
      b: { data: [item("c")], has_more: true },
      c: { data: [item("d")], has_more: false },
    });
    expect((await listAllJobs(client)).map((job) => job.id)).toEqual(["a", "b", "c", "d"]);
    expect(asked).toEqual([null, "b", "c"]);
  });

  it("take a list without has_more (older api-versions) as one page", async () => {
    const { client, asked } = serving({ first: { data: [item("file-1")] } });
    expect((await listAllFiles(client)).map((file) => file.id)).toEqual(["file-1"]);
    expect(asked).toEqual([null]);
  });

  it("stop with an error naming the listing instead of paging forever", async () => {
    const endless: Record<string, object> = { first: { data: [item("p0")], has_more: true } };
    for (let i = 0; i < 250; i++) endless[`p${i}`] = { data: [item(`p${i + 1}`)], has_more: true };
    const { client, asked } = serving(endless);
    await expect(listAllJobs(client)).rejects.toThrow(
      "list fine-tuning jobs: the listing has more than 200 pages",
    );
    expect(asked).toHaveLength(200);
  });
});
