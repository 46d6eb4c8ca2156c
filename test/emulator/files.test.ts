import { FILE_PURPOSES } from "../../emulator";
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
    expect(created.status).toBe(200);
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
    expect(await readFileList(listed)).toEqual({ object: "list", data: [file] });

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
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ purpose, status: "processed" });
    },
  );
});
