import { FINE_TUNE_MIME_TYPES } from "../../emulator";
import {
  azureFetch,
  manualClock,
  readError,
  readFile,
  readFileList,
  START_MS,
  useEmulator,
} from "./helpers";
import {
  addedPartId,
  addPart,
  cancelUpload,
  completeUpload,
  createdUpload,
  createUpload,
  md5Hex,
  postJson,
  readUpload,
  splitBytes,
  trainingJsonl,
} from "./uploadHelpers";

const PROCESSING_MS = 2000;
const START_S = START_MS / 1000;

describe("Azure uploads routes", () => {
  const emulator = useEmulator({ processingMs: PROCESSING_MS });

  it("creates a pending upload that expires two hours later", async () => {
    const res = await createUpload(emulator(), { bytes: 2048, filename: "big.jsonl" });
    expect(res.status).toBe(200);
    const upload = await readUpload(res);
    expect(upload).toEqual({
      id: expect.stringMatching(/^upload-[0-9a-f]{32}$/),
      object: "upload",
      bytes: 2048,
      created_at: START_S,
      expires_at: START_S + 7200,
      filename: "big.jsonl",
      purpose: "fine-tune",
      status: "pending",
      file: null,
    });
    expect(emulator().store.getUpload(upload.id)).toMatchObject({
      status: "pending",
      mimeType: "application/jsonl",
      partCount: 0,
      receivedBytes: 0,
      fileId: null,
    });
  });

  it("joins parts in part_ids order into a file that lists and processes", async () => {
    const content = trainingJsonl(6);
    const pieces = splitBytes(content, 3);
    const upload = await createdUpload(emulator(), { bytes: content.length });
    // Sent last-first, so the order of arrival differs from the order of part_ids.
    const partIds = new Map<number, string>();
    for (const i of [2, 0, 1]) {
      const res = await addPart(emulator(), upload.id, pieces[i] ?? Buffer.alloc(0));
      expect(res.status).toBe(200);
      const part = (await res.json()) as { id: string };
      expect(part).toEqual({
        id: expect.stringMatching(/^part_[0-9a-f]{32}$/),
        object: "upload.part",
        created_at: START_S,
        upload_id: upload.id,
      });
      partIds.set(i, part.id);
    }
    expect(emulator().store.getUpload(upload.id)).toMatchObject({ partCount: 3 });

    const part_ids = [0, 1, 2].map((i) => partIds.get(i));
    const res = await completeUpload(emulator(), upload.id, { part_ids, md5: md5Hex(content) });
    expect(res.status).toBe(200);
    const completed = await readUpload(res);
    expect(completed).toEqual({
      ...upload,
      status: "completed",
      file: {
        id: expect.stringMatching(/^file-[0-9a-f]{32}$/),
        object: "file",
        bytes: content.length,
        created_at: START_S,
        filename: "train.jsonl",
        purpose: "fine-tune",
        status: "pending",
        status_details: null,
      },
    });
    const fileId = completed.file?.id ?? "";
    expect(emulator().store.readFileContent(fileId)).toEqual(content);
    expect(emulator().store.getUpload(upload.id)).toMatchObject({
      status: "completed",
      partCount: 0,
      fileId,
    });

    const listed = await readFileList(await azureFetch(emulator(), "/openai/files"));
    expect(listed.data.map((f) => f.id)).toEqual([fileId]);
    manualClock(emulator()).advance(PROCESSING_MS);
    const processed = await readFile(await azureFetch(emulator(), `/openai/files/${fileId}`));
    expect(processed).toMatchObject({ status: "processed", status_details: null });
  });

  it("accepts an md5 in upper case, and no md5", async () => {
    for (const md5 of [md5Hex(Buffer.from("0123456789")).toUpperCase(), undefined]) {
      const upload = await createdUpload(emulator(), { purpose: "batch" });
      const partId = await addedPartId(emulator(), upload.id, "0123456789");
      const res = await completeUpload(emulator(), upload.id, { part_ids: [partId], md5 });
      expect(res.status).toBe(200);
    }
  });

  it("processes a completed upload of bad training data to error", async () => {
    const upload = await createdUpload(emulator(), { bytes: 6 });
    const partId = await addedPartId(emulator(), upload.id, "{oops}");
    const { file } = await readUpload(
      await completeUpload(emulator(), upload.id, { part_ids: [partId] }),
    );
    manualClock(emulator()).advance(PROCESSING_MS);
    const got = await readFile(await azureFetch(emulator(), `/openai/files/${file?.id ?? ""}`));
    expect(got).toMatchObject({ status: "error", status_details: "Line 1: not valid JSON." });
  });

  it.each([
    ["a missing filename", { filename: undefined }, "filename"],
    ["an empty filename", { filename: " " }, "filename"],
    ["a filename with a path", { filename: "dir/train.jsonl" }, "filename"],
    ["a filename that is not a string", { filename: 7 }, "filename"],
    ["a missing purpose", { purpose: undefined }, "purpose"],
    ["an unknown purpose", { purpose: "training" }, "purpose"],
    ["missing bytes", { bytes: undefined }, "bytes"],
    ["zero bytes", { bytes: 0 }, "bytes"],
    ["negative bytes", { bytes: -5 }, "bytes"],
    ["fractional bytes", { bytes: 1.5 }, "bytes"],
    ["bytes as a string", { bytes: "10" }, "bytes"],
    ["bytes above 9 GiB", { bytes: 9 * 1024 ** 3 + 1 }, "bytes"],
    ["a missing mime_type", { mime_type: undefined }, "mime_type"],
    ["an empty mime_type", { mime_type: "" }, "mime_type"],
    ["a fine-tune upload of images", { mime_type: "image/png" }, "mime_type"],
  ])("refuses to create an upload with %s", async (_, fields, target) => {
    const res = await createUpload(emulator(), fields);
    expect(res.status).toBe(400);
    expect(await readError(res)).toMatchObject({ code: "invalidPayload", target });
    expect(emulator().store.listUploads()).toEqual([]);
  });

  it.each([
    ...FINE_TUNE_MIME_TYPES.map((mime_type) => ({ mime_type })),
    { mime_type: "Application/JSONL; charset=utf-8" },
    { purpose: "batch", mime_type: "image/png" },
    { bytes: 9 * 1024 ** 3 },
  ])("creates an upload with %j", async (fields) => {
    expect((await createUpload(emulator(), fields)).status).toBe(200);
  });

  it("refuses a body that is not a JSON object", async () => {
    const res = await postJson(emulator(), "/openai/uploads", ["train.jsonl"]);
    expect(res.status).toBe(400);
    expect(await readError(res)).toEqual({
      code: "invalidPayload",
      message: "The request body must be a JSON object.",
    });
  });

  describe("parts", () => {
    const partForm = (fill: (form: FormData) => void) => {
      const form = new FormData();
      fill(form);
      return form;
    };

    it.each([
      ["no data field", partForm((f) => f.set("other", new Blob(["x"]), "part"))],
      ["data as a plain field", partForm((f) => f.set("data", "0123"))],
      ["an empty data part", partForm((f) => f.set("data", new Blob([]), "part"))],
    ])("refuses %s", async (_, body) => {
      const upload = await createdUpload(emulator());
      const path = `/openai/uploads/${upload.id}/parts`;
      const res = await azureFetch(emulator(), path, { method: "POST", body });
      expect(res.status).toBe(400);
      expect(await readError(res)).toMatchObject({ code: "invalidPayload", target: "data" });
      expect(emulator().store.getUpload(upload.id)?.partCount).toBe(0);
    });

    it("refuses a part that would take the upload past its declared bytes", async () => {
      const upload = await createdUpload(emulator(), { bytes: 10 });
      await addedPartId(emulator(), upload.id, "012345");
      const res = await addPart(emulator(), upload.id, "01234");
      expect(res.status).toBe(400);
      const error = await readError(res);
      expect(error).toMatchObject({ code: "invalidPayload", target: "data" });
      expect(error.message).toContain("declared 10");
      expect(emulator().store.getUpload(upload.id)).toMatchObject({
        partCount: 1,
        receivedBytes: 6,
      });
    });

    it("takes parts in parallel, but never past the declared bytes", async () => {
      const upload = await createdUpload(emulator(), { bytes: 10 });
      const sent = await Promise.all([1, 2, 3].map(() => addPart(emulator(), upload.id, "0123")));
      expect(sent.map((res) => res.status).sort()).toEqual([200, 200, 400]);
      expect(emulator().store.getUpload(upload.id)).toMatchObject({
        partCount: 2,
        receivedBytes: 8,
      });
    });

    it("answers 404 for an unknown upload", async () => {
      const res = await addPart(emulator(), "upload-missing", "x");
      expect(res.status).toBe(404);
      expect(await readError(res)).toMatchObject({ code: "notFound", target: "upload-id" });
    });

    it("refuses a body that is not multipart", async () => {
      const upload = await createdUpload(emulator());
      const res = await postJson(emulator(), `/openai/uploads/${upload.id}/parts`, { data: "x" });
      expect(res.status).toBe(400);
      expect((await readError(res)).code).toBe("invalidPayload");
    });
  });

  describe("complete refusals", () => {
    // Upload of 10 bytes holding parts "0123" and "456789", and another upload with a part.
    async function twoParts() {
      const upload = await createdUpload(emulator(), { bytes: 10 });
      const first = await addedPartId(emulator(), upload.id, "0123");
      const second = await addedPartId(emulator(), upload.id, "456789");
      const other = await createdUpload(emulator(), { bytes: 10 });
      const foreign = await addedPartId(emulator(), other.id, "x");
      return { upload, first, second, foreign };
    }
    type Parts = Awaited<ReturnType<typeof twoParts>>;

    it.each<[string, (p: Parts) => unknown, string, string]>([
      ["no part_ids", () => ({}), "part_ids", "non-empty array"],
      ["empty part_ids", () => ({ part_ids: [] }), "part_ids", "non-empty array"],
      ["part_ids that are not strings", () => ({ part_ids: [1] }), "part_ids", "array"],
      [
        "an unknown part",
        (p) => ({ part_ids: [p.first, "part_unknown"] }),
        "part_ids",
        "was not uploaded",
      ],
      [
        "another upload's part",
        (p) => ({ part_ids: [p.first, p.second, p.foreign] }),
        "part_ids",
        "belongs to upload",
      ],
      [
        "a repeated part",
        (p) => ({ part_ids: [p.first, p.first, p.second] }),
        "part_ids",
        "listed twice",
      ],
      ["too few bytes", (p) => ({ part_ids: [p.second] }), "bytes", "hold 6 bytes"],
      [
        "an md5 that does not match",
        (p) => ({ part_ids: [p.second, p.first], md5: md5Hex(Buffer.from("0123456789")) }),
        "md5",
        "does not match",
      ],
      [
        "an md5 that is not hex",
        (p) => ({ part_ids: [p.first, p.second], md5: "not-an-md5" }),
        "md5",
        "32 hex digits",
      ],
    ])("answers 400 for %s", async (_, body, target, message) => {
      const parts = await twoParts();
      const res = await completeUpload(emulator(), parts.upload.id, body(parts));
      expect(res.status).toBe(400);
      const error = await readError(res);
      expect(error).toMatchObject({ code: "invalidPayload", target });
      expect(error.message).toContain(message);
      expect(emulator().store.getUpload(parts.upload.id)).toMatchObject({
        status: "pending",
        partCount: 2,
      });
      expect(emulator().store.listFiles()).toEqual([]);
    });

    it("keeps the parts after a refused complete, so a corrected one succeeds", async () => {
      const { upload, first, second } = await twoParts();
      const whole = md5Hex(Buffer.from("0123456789"));
      expect(
        (await completeUpload(emulator(), upload.id, { part_ids: [second, first], md5: whole }))
          .status,
      ).toBe(400);
      const res = await completeUpload(emulator(), upload.id, {
        part_ids: [first, second],
        md5: whole,
      });
      expect(res.status).toBe(200);
      const fileId = (await readUpload(res)).file?.id ?? "";
      expect(emulator().store.readFileContent(fileId).toString()).toBe("0123456789");
    });

    it("answers 404 for an unknown upload", async () => {
      const res = await completeUpload(emulator(), "upload-missing", { part_ids: ["part_x"] });
      expect(res.status).toBe(404);
      expect(await readError(res)).toMatchObject({ code: "notFound", target: "upload-id" });
    });

    it("answers 409 for parts and complete once completed", async () => {
      const { upload, first, second } = await twoParts();
      const body = { part_ids: [first, second] };
      expect((await completeUpload(emulator(), upload.id, body)).status).toBe(200);
      for (const res of [
        await addPart(emulator(), upload.id, "x"),
        await completeUpload(emulator(), upload.id, body),
      ]) {
        expect(res.status).toBe(409);
        const error = await readError(res);
        expect(error.code).toBe("unexpectedEntityState");
        expect(error.target).toBeUndefined();
        expect(error.message).toContain("is completed");
      }
      expect(emulator().store.listFiles()).toHaveLength(1);
    });
  });

  describe("cancel", () => {
    async function expectConflict(res: Response, status: string) {
      expect(res.status).toBe(409);
      const error = await readError(res);
      expect(error.code).toBe("unexpectedEntityState");
      expect(error.target).toBeUndefined();
      expect(error.message).toContain(`is ${status}`);
    }

    it("cancels a pending upload and its parts; cancelling again answers the same", async () => {
      const upload = await createdUpload(emulator());
      const partId = await addedPartId(emulator(), upload.id, "0123456789");
      const res = await cancelUpload(emulator(), upload.id);
      expect(res.status).toBe(200);
      const cancelled = await readUpload(res);
      expect(cancelled).toEqual({ ...upload, status: "cancelled", file: null });
      expect(emulator().store.getUpload(upload.id)).toMatchObject({
        status: "cancelled",
        partCount: 0,
      });

      await expectConflict(await addPart(emulator(), upload.id, "x"), "cancelled");
      const complete = await completeUpload(emulator(), upload.id, { part_ids: [partId] });
      await expectConflict(complete, "cancelled");
      const again = await cancelUpload(emulator(), upload.id);
      expect(again.status).toBe(200);
      expect(await readUpload(again)).toEqual(cancelled);
    });

    it("answers 409 once completed, and 404 for an unknown upload", async () => {
      const upload = await createdUpload(emulator());
      const partId = await addedPartId(emulator(), upload.id, "0123456789");
      await completeUpload(emulator(), upload.id, { part_ids: [partId] });
      await expectConflict(await cancelUpload(emulator(), upload.id), "completed");
      expect(emulator().store.getUpload(upload.id)?.status).toBe("completed");

      const missing = await cancelUpload(emulator(), "upload-missing");
      expect(missing.status).toBe(404);
      expect(await readError(missing)).toMatchObject({ code: "notFound", target: "upload-id" });
    });
  });
});

describe("upload limits and expiry", () => {
  const emulator = useEmulator({ uploadExpirySeconds: 60, maxPartBytes: 8, maxUploadBytes: 100 });

  it.each<[string, (uploadId: string, partId: string) => Promise<Response>]>([
    ["parts", (uploadId) => addPart(emulator(), uploadId, "x")],
    [
      "complete",
      (uploadId, partId) => completeUpload(emulator(), uploadId, { part_ids: [partId] }),
    ],
    ["cancel", (uploadId) => cancelUpload(emulator(), uploadId)],
  ])("refuses %s once the upload expires", async (_, send) => {
    const upload = await createdUpload(emulator(), { bytes: 5 });
    expect(upload.expires_at).toBe(START_S + 60);
    manualClock(emulator()).set(START_MS + 60_000 - 1);
    const partId = await addedPartId(emulator(), upload.id, "01234");
    expect(emulator().store.getUpload(upload.id)?.status).toBe("pending");

    manualClock(emulator()).set(START_MS + 60_000);
    expect(emulator().store.getUpload(upload.id)?.status).toBe("expired");
    const res = await send(upload.id, partId);
    expect(res.status).toBe(409);
    const error = await readError(res);
    expect(error).toMatchObject({ code: "unexpectedEntityState" });
    expect(error.message).toContain("is expired");
    expect(emulator().store.listFiles()).toEqual([]);
  });

  it("refuses a part above maxPartBytes", async () => {
    const upload = await createdUpload(emulator(), { bytes: 20 });
    const res = await addPart(emulator(), upload.id, "012345678");
    expect(res.status).toBe(400);
    const error = await readError(res);
    expect(error).toMatchObject({ code: "invalidPayload", target: "data" });
    expect(error.message).toContain("at most 8");
  });

  it("refuses to create an upload above maxUploadBytes", async () => {
    const res = await createUpload(emulator(), { bytes: 101 });
    expect(await readError(res)).toMatchObject({ code: "invalidPayload", target: "bytes" });
    expect((await createUpload(emulator(), { bytes: 100 })).status).toBe(200);
  });
});
