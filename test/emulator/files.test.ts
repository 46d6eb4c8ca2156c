import { FILE_PURPOSES, type FileObject } from "../../emulator";
import {
  azureFetch,
  CHAT_LINE,
  readError,
  readFile,
  readFileList,
  START_MS,
  uploadFile,
  useEmulator,
} from "./helpers";

describe("Azure files routes", () => {
  const emulator = useEmulator();

  it("uploads, gets, lists, downloads and deletes a file, then answers 404", async () => {
    const content = `${CHAT_LINE}\n${CHAT_LINE}\n`;
    const created = await uploadFile(emulator(), { content, filename: "puppy.jsonl" });
    // Both dated specs answer the upload with 201 Created.
    expect(created.status).toBe(201);
    const file = await readFile(created);
    expect(file).toEqual({
      id: expect.stringMatching(/^file-[0-9a-f]{32}$/),
      object: "file",
      bytes: Buffer.byteLength(content),
      created_at: START_MS / 1000,
      filename: "puppy.jsonl",
      purpose: "fine-tune",
      status: "pending",
      status_details: null,
    });

    const got = await azureFetch(emulator(), `/openai/files/${file.id}`);
    expect(await readFile(got)).toEqual(file);

    const listed = await azureFetch(emulator(), "/openai/files");
    expect(await readFileList(listed)).toEqual({
      object: "list",
      data: [file],
      first_id: file.id,
      last_id: file.id,
      has_more: false,
    });

    const downloaded = await azureFetch(emulator(), `/openai/files/${file.id}/content`);
    expect(await downloaded.text()).toBe(content);

    const deleted = await azureFetch(emulator(), `/openai/files/${file.id}`, { method: "DELETE" });
    expect(await deleted.json()).toEqual({ object: "file", deleted: true, id: file.id });

    for (const path of [`/openai/files/${file.id}`, `/openai/files/${file.id}/content`]) {
      const gone = await azureFetch(emulator(), path);
      expect(gone.status).toBe(404);
      const error = await readError(gone);
      expect(error.code).toBe("notFound");
      expect(error.message).toContain(file.id);
    }
    const again = await azureFetch(emulator(), `/openai/files/${file.id}`, { method: "DELETE" });
    expect(again.status).toBe(404);
    expect(emulator().store.listFiles()).toEqual([]);
  });

  it("filters the list by purpose", async () => {
    await uploadFile(emulator(), { purpose: "fine-tune" });
    await uploadFile(emulator(), { purpose: "batch", content: "{}" });
    const listed = await azureFetch(emulator(), "/openai/files?purpose=batch");
    const { data } = await readFileList(listed);
    expect(data.map((f) => f.purpose)).toEqual(["batch"]);
  });

  it.each([
    ["purpose", "a missing purpose", { purpose: undefined }],
    ["purpose", "an unknown purpose", { purpose: "training" }],
    ["purpose", "an empty purpose", { purpose: "" }],
    ["file", "a missing file", { content: undefined }],
  ])("answers 400 invalidPayload naming %s for %s", async (target, _, fields) => {
    const res = await uploadFile(emulator(), fields);
    expect(res.status).toBe(400);
    expect(await readError(res)).toMatchObject({ code: "invalidPayload", target });
    expect(emulator().store.listFiles()).toEqual([]);
  });

  it("answers 400 naming file when the file part has no filename", async () => {
    const form = new FormData();
    form.set("purpose", "fine-tune");
    form.set("file", CHAT_LINE);
    const res = await azureFetch(emulator(), "/openai/files", { method: "POST", body: form });
    expect(res.status).toBe(400);
    expect(await readError(res)).toMatchObject({ code: "invalidPayload", target: "file" });
  });

  it.each([
    ["a body that is not multipart", "application/json", "{}"],
    ["a multipart body without a boundary", "multipart/form-data", "x"],
    ["a malformed multipart body", "multipart/form-data; boundary=XyZ", "--XyZ\r\ngarbage"],
  ])("answers 400 invalidPayload for %s", async (_, contentType, body) => {
    const res = await azureFetch(emulator(), "/openai/files", {
      method: "POST",
      headers: { "content-type": contentType },
      body,
    });
    expect(res.status).toBe(400);
    expect((await readError(res)).code).toBe("invalidPayload");
  });

  it.each(FILE_PURPOSES.filter((p) => p !== "fine-tune"))(
    "accepts purpose %s and processes it at once",
    async (purpose) => {
      const res = await uploadFile(emulator(), { purpose, content: "any bytes" });
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ purpose, status: "processed" });
    },
  );
});

describe("Azure files list paging (2025-04-01-preview and v1: limit, after, order)", () => {
  const emulator = useEmulator();

  async function uploadThree(): Promise<string[]> {
    const ids: string[] = [];
    for (const name of ["a", "b", "c"]) {
      const res = await uploadFile(emulator(), { purpose: "batch", content: name, filename: name });
      ids.push((await readFile(res)).id);
    }
    return ids;
  }

  const list = async (query: string) => {
    const res = await azureFetch(emulator(), `/openai/files?${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as {
      data: FileObject[];
      first_id: string | null;
      last_id: string | null;
      has_more: boolean;
    };
  };

  it("pages with limit and after, oldest first, with first_id, last_id and has_more", async () => {
    const [a, b, c] = await uploadThree();
    const first = await list("limit=2");
    expect(first.data.map((f) => f.id)).toEqual([a, b]);
    expect(first).toMatchObject({ first_id: a, last_id: b, has_more: true });
    const second = await list(`limit=2&after=${first.last_id}`);
    expect(second.data.map((f) => f.id)).toEqual([c]);
    expect(second).toMatchObject({ first_id: c, last_id: c, has_more: false });
  });

  it("orders newest first with order=desc", async () => {
    const [a, b, c] = await uploadThree();
    expect((await list("order=desc")).data.map((f) => f.id)).toEqual([c, b, a]);
    expect((await list(`order=desc&after=${c}&limit=1`)).data.map((f) => f.id)).toEqual([b]);
  });

  it("answers an empty list with null first_id and last_id", async () => {
    expect(await list("")).toEqual({
      object: "list",
      data: [],
      first_id: null,
      last_id: null,
      has_more: false,
    });
  });

  it("pages after the purpose filter", async () => {
    await uploadThree();
    const { id } = await readFile(await uploadFile(emulator()));
    expect((await list("purpose=fine-tune&limit=1")).data.map((f) => f.id)).toEqual([id]);
  });

  it.each([
    ["limit", "limit=0"],
    ["limit", "limit=10001"],
    ["limit", "limit=two"],
    ["after", "after=file-unknown"],
    ["order", "order=newest"],
  ])("answers 400 naming %s for %s", async (target, query) => {
    const res = await azureFetch(emulator(), `/openai/files?${query}`);
    expect(res.status).toBe(400);
    expect(await readError(res)).toMatchObject({ code: "invalidPayload", target });
  });

  it("accepts a limit of 10,000, the spec's largest", async () => {
    await uploadThree();
    expect((await list("limit=10000")).data).toHaveLength(3);
  });
});
