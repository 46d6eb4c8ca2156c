import { Faults, ROUTE_KEYS } from "../../emulator";
import { azureFetch, readError, uploadedFile, uploadFile, useEmulator } from "./helpers";
import { cancelJob, createdJob, createJob, deleteJob, JOBS, trainingFileId } from "./jobHelpers";
import {
  addedPartId,
  addPart,
  cancelUpload,
  completeUpload,
  createdUpload,
  createUpload,
} from "./uploadHelpers";

describe("fault injection", () => {
  const sleeps: number[] = [];
  const emulator = useEmulator({
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  beforeEach(() => {
    sleeps.length = 0;
  });

  it("serves 429 with retry headers `times` times, then the real answer", async () => {
    emulator().faults.add({
      route: "GET /openai/files",
      status: 429,
      retryAfterMs: 250,
      retryAfterSeconds: 1,
      times: 2,
    });
    for (let i = 0; i < 2; i++) {
      const res = await azureFetch(emulator(), "/openai/files");
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after-ms")).toBe("250");
      expect(res.headers.get("retry-after")).toBe("1");
      expect(res.headers.get("x-request-id")).toBeTruthy();
      expect((await readError(res)).code).toBe("tooManyRequests");
    }
    const res = await azureFetch(emulator(), "/openai/files");
    expect(res.status).toBe(200);
    expect(res.headers.get("retry-after-ms")).toBeNull();
    expect(emulator().faults.served).toBe(2);
    expect(emulator().faults.pending).toEqual([]);
  });

  it.each([
    [429, "tooManyRequests"],
    [500, "internalFailure"],
    [503, "serviceUnavailable"],
    [409, "conflict"],
  ])("answers an injected %i with code %s and no retry headers", async (status, code) => {
    emulator().faults.add({ route: "*", status });
    const res = await azureFetch(emulator(), "/openai/files/file-1");
    expect(res.status).toBe(status);
    expect(res.headers.get("retry-after")).toBeNull();
    expect((await readError(res)).code).toBe(code);
  });

  it.each([
    ["a 503", { status: 503 }],
    ["a 429", { status: 429, retryAfterMs: 10 }],
    ["a drop", { drop: true }],
  ])("does not perform a faulted upload (%s)", async (_, rule) => {
    emulator().faults.add({ route: "POST /openai/files", ...rule });
    await uploadFile(emulator()).catch(() => undefined);
    expect(emulator().store.listFiles()).toEqual([]);
    const retried = await uploadFile(emulator());
    expect(retried.status).toBe(201);
    expect(emulator().store.listFiles()).toHaveLength(1);
  });

  it("does not perform a faulted delete", async () => {
    const { id } = await uploadedFile(uploadFile(emulator()));
    emulator().faults.add({ route: "DELETE /openai/files/{id}", status: 500 });
    const res = await azureFetch(emulator(), `/openai/files/${id}`, { method: "DELETE" });
    expect(res.status).toBe(500);
    expect(emulator().store.getFile(id)).toBeDefined();
  });

  it("drops the connection so fetch rejects", async () => {
    emulator().faults.add({ route: "GET /openai/files", drop: true });
    await expect(azureFetch(emulator(), "/openai/files")).rejects.toThrow("fetch failed");
    expect(emulator().requests).toEqual([
      { method: "GET", route: "GET /openai/files", status: 0, apiVersion: "2024-10-21" },
    ]);
    expect((await azureFetch(emulator(), "/openai/files")).status).toBe(200);
  });

  it("matches only its route", async () => {
    emulator().faults.add({ route: "GET /openai/files/{id}", status: 503, times: Infinity });
    expect((await azureFetch(emulator(), "/openai/files")).status).toBe(200);
    expect((await azureFetch(emulator(), "/openai/files/file-1")).status).toBe(503);
    expect((await azureFetch(emulator(), "/openai/files/file-2")).status).toBe(503);
    expect(emulator().faults.pending).toHaveLength(1);
    emulator().faults.clear();
    expect((await azureFetch(emulator(), "/openai/files/file-2")).status).toBe(404);
  });

  it("delays a faulted answer and a real one by latencyMs", async () => {
    emulator().faults.add({ route: "GET /openai/files", status: 503, latencyMs: 40 });
    emulator().faults.add({ route: "GET /openai/files", latencyMs: 70 });
    expect((await azureFetch(emulator(), "/openai/files")).status).toBe(503);
    expect((await azureFetch(emulator(), "/openai/files")).status).toBe(200);
    expect((await azureFetch(emulator(), "/openai/files")).status).toBe(200);
    expect(sleeps).toEqual([40, 70]);
  });

  it("does not serve faults to requests refused for their credentials", async () => {
    emulator().faults.add({ route: "*", status: 503 });
    const res = await azureFetch(emulator(), "/openai/files", { headers: { "api-key": "nope" } });
    expect(res.status).toBe(401);
    expect(emulator().faults.served).toBe(0);
  });
});

describe("fault rules given at start, with route latency", () => {
  const sleeps: number[] = [];
  const emulator = useEmulator({
    faults: [{ route: "POST /openai/files", status: 500 }],
    routeLatencyMs: { "GET /openai/files": 25, "*": 5 },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });

  it("applies them", async () => {
    expect((await uploadFile(emulator())).status).toBe(500);
    expect((await uploadFile(emulator())).status).toBe(201);
    await azureFetch(emulator(), "/openai/files");
    expect(sleeps).toEqual([5, 5, 25]);
  });
});

describe("Faults", () => {
  it.each([
    [{ route: "GET /openai/file", status: 500 }, 'Unknown route key "GET /openai/file"'],
    [{ route: "*", status: 200 }, "status must be an HTTP error status"],
    [{ route: "*", status: 500, times: 0 }, "times must be a positive integer or Infinity"],
    [{ route: "*", status: 500, drop: true }, "choose status or drop"],
    [{ route: "*" }, "set status, drop or latencyMs"],
    [{ route: "*", after: true }, "after needs status or drop"],
    [{ route: "*", after: true, latencyMs: 5 }, "after needs status or drop"],
  ])("refuses %j", (rule, message) => {
    const faults = new Faults({ knownRoutes: ROUTE_KEYS });
    expect(() => faults.add(rule)).toThrow(message);
  });

  it("knows the files, uploads, jobs and Qianfan console routes, dated then v1", () => {
    expect(ROUTE_KEYS).toEqual([
      "POST /openai/files",
      "POST /openai/files/import",
      "GET /openai/files",
      "GET /openai/files/{id}",
      "GET /openai/files/{id}/content",
      "DELETE /openai/files/{id}",
      "POST /openai/uploads",
      "POST /openai/uploads/{id}/parts",
      "POST /openai/uploads/{id}/complete",
      "POST /openai/uploads/{id}/cancel",
      "POST /openai/fine_tuning/jobs",
      "GET /openai/fine_tuning/jobs",
      "GET /openai/fine_tuning/jobs/{id}",
      "DELETE /openai/fine_tuning/jobs/{id}",
      "POST /openai/fine_tuning/jobs/{id}/cancel",
      "GET /openai/fine_tuning/jobs/{id}/events",
      "GET /openai/fine_tuning/jobs/{id}/checkpoints",
      "POST /openai/fine_tuning/jobs/{id}/pause",
      "POST /openai/fine_tuning/jobs/{id}/resume",
      "POST /openai/v1/files",
      "GET /openai/v1/files",
      "GET /openai/v1/files/{id}",
      "GET /openai/v1/files/{id}/content",
      "DELETE /openai/v1/files/{id}",
      "POST /openai/v1/fine_tuning/jobs",
      "GET /openai/v1/fine_tuning/jobs",
      "GET /openai/v1/fine_tuning/jobs/{id}",
      "POST /openai/v1/fine_tuning/jobs/{id}/cancel",
      "GET /openai/v1/fine_tuning/jobs/{id}/events",
      "GET /openai/v1/fine_tuning/jobs/{id}/checkpoints",
      "POST /openai/v1/fine_tuning/jobs/{id}/pause",
      "POST /openai/v1/fine_tuning/jobs/{id}/resume",
      "POST /v2/finetuning?Action=CreateFineTuningJob",
      "POST /v2/finetuning?Action=CreateFineTuningTask",
      "POST /v2/finetuning?Action=DescribeFineTuningTask",
      "POST /v2/finetuning?Action=DescribeFineTuningJobs",
      "POST /v2/finetuning?Action=DescribeFineTuningTasks",
      "POST /v2/finetuning?Action=StopFineTuningTask",
      "POST /v2/finetuning?Action=DeleteFineTuningTask",
      "POST /v2/finetuning?Action=DeleteFineTuningJob",
      "POST /v2/dataset?Action=CreateDataset",
      "POST /v2/dataset?Action=DescribeDatasets",
      "POST /v2/dataset?Action=DeleteDataset",
      "POST /v2/dataset?Action=CreateDatasetVersion",
      "POST /v2/dataset?Action=DescribeDatasetVersion",
      "POST /v2/dataset?Action=DeleteDatasetVersion",
      "POST /v2/dataset?Action=PublishDatasetVersion",
      "POST /v2/dataset?Action=DescribeDatasetVersions",
      "POST /v2/dataset?Action=CreateImportTask",
      "POST /v2/dataset?Action=DescribeImportTask",
      "POST /v2/model?Action=CreateCustomModelSet",
      "POST /v2/model?Action=DescribeCustomModelSets",
      "POST /v2/model?Action=DescribeModelSet",
      "POST /v2/model?Action=DeleteModelSet",
      "POST /v2/model?Action=CreateCustomModel",
      "POST /v2/model?Action=DescribeModel",
      "POST /v2/model?Action=DeleteModel",
      "POST /v2/service?Action=CreateService",
      "POST /v2/service?Action=DescribeService",
      "POST /v2/service?Action=DescribeServices",
      "POST /v2/service?Action=ModifyService",
      "POST /v2/service?Action=DeactivateService",
    ]);
  });
});

describe("faults on the uploads routes", () => {
  const emulator = useEmulator();

  // A pending 10-byte upload holding one complete part.
  async function uploadWithPart() {
    const upload = await createdUpload(emulator(), { bytes: 10 });
    const partId = await addedPartId(emulator(), upload.id, "0123456789");
    return { uploadId: upload.id, partId };
  }

  it.each<[string, (u: { uploadId: string; partId: string }) => Promise<Response>]>([
    ["POST /openai/uploads", () => createUpload(emulator())],
    ["POST /openai/uploads/{id}/parts", ({ uploadId }) => addPart(emulator(), uploadId, "x")],
    [
      "POST /openai/uploads/{id}/complete",
      ({ uploadId, partId }) => completeUpload(emulator(), uploadId, { part_ids: [partId] }),
    ],
    ["POST /openai/uploads/{id}/cancel", ({ uploadId }) => cancelUpload(emulator(), uploadId)],
  ])("answers a fault on %s without performing it", async (route, send) => {
    const upload = await uploadWithPart();
    const before = emulator().store.listUploads();
    emulator().faults.add({ route, status: 503, retryAfterSeconds: 2 });
    const res = await send(upload);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("2");
    expect((await readError(res)).code).toBe("serviceUnavailable");
    expect(emulator().store.listUploads()).toEqual(before);
    expect(emulator().store.listFiles()).toEqual([]);
  });
});

describe("faults served after the operation (after: true)", () => {
  const emulator = useEmulator();

  it.each([
    ["a 500", { status: 500, retryAfterMs: 100 }],
    ["a drop", { drop: true }],
  ])("creates the file once, then answers %s", async (_, rule) => {
    emulator().faults.add({ route: "POST /openai/files", after: true, ...rule });
    const sent = uploadFile(emulator());
    if ("drop" in rule) {
      await expect(sent).rejects.toThrow("fetch failed");
    } else {
      const res = await sent;
      expect(res.status).toBe(500);
      expect(res.headers.get("retry-after-ms")).toBe("100");
      expect((await readError(res)).code).toBe("internalFailure");
    }
    expect(emulator().store.listFiles()).toHaveLength(1);
    expect(emulator().faults.pending).toEqual([]);
  });

  it.each([
    ["a 500", { status: 500 }],
    ["a drop", { drop: true }],
  ])("completes the upload, then answers %s; a retry learns it completed", async (_, rule) => {
    const upload = await createdUpload(emulator(), { bytes: 10 });
    const partId = await addedPartId(emulator(), upload.id, "0123456789");
    emulator().faults.add({ route: "POST /openai/uploads/{id}/complete", after: true, ...rule });
    const sent = completeUpload(emulator(), upload.id, { part_ids: [partId] });
    if ("drop" in rule) await expect(sent).rejects.toThrow("fetch failed");
    else expect((await sent).status).toBe(500);
    expect(emulator().store.getUpload(upload.id)?.status).toBe("completed");
    expect(emulator().store.listFiles()).toHaveLength(1);

    const retried = await completeUpload(emulator(), upload.id, { part_ids: [partId] });
    expect(retried.status).toBe(409);
    expect(emulator().store.listFiles()).toHaveLength(1);
  });

  it("answers the fault even when the operation itself was refused", async () => {
    emulator().faults.add({ route: "GET /openai/files/{id}", after: true, status: 503 });
    const res = await azureFetch(emulator(), "/openai/files/file-missing");
    expect(res.status).toBe(503);
  });
});

describe("faults on the jobs routes", () => {
  const emulator = useEmulator({ processingMs: 0 });

  it.each<[string, (jobId: string, fileId: string) => Promise<Response>]>([
    [
      "POST /openai/fine_tuning/jobs",
      (_, fileId) => createJob(emulator(), { training_file: fileId }),
    ],
    ["GET /openai/fine_tuning/jobs", () => azureFetch(emulator(), JOBS)],
    ["GET /openai/fine_tuning/jobs/{id}", (id) => azureFetch(emulator(), `${JOBS}/${id}`)],
    ["DELETE /openai/fine_tuning/jobs/{id}", (id) => deleteJob(emulator(), id)],
    ["POST /openai/fine_tuning/jobs/{id}/cancel", (id) => cancelJob(emulator(), id)],
    [
      "GET /openai/fine_tuning/jobs/{id}/events",
      (id) => azureFetch(emulator(), `${JOBS}/${id}/events`),
    ],
    [
      "GET /openai/fine_tuning/jobs/{id}/checkpoints",
      (id) => azureFetch(emulator(), `${JOBS}/${id}/checkpoints`),
    ],
  ])("answers a fault on %s without performing it", async (route, send) => {
    const fileId = await trainingFileId(emulator());
    const job = await createdJob(emulator(), { training_file: fileId });
    const before = emulator().store.jobs.list();
    emulator().faults.add({ route, status: 503 });
    const res = await send(job.id, fileId);
    expect(res.status).toBe(503);
    expect((await readError(res)).code).toBe("serviceUnavailable");
    expect(emulator().store.jobs.list()).toEqual(before);
  });

  it("creates the job once when the create's answer is lost", async () => {
    const fileId = await trainingFileId(emulator());
    emulator().faults.add({ route: "POST /openai/fine_tuning/jobs", after: true, status: 500 });
    expect((await createJob(emulator(), { training_file: fileId })).status).toBe(500);
    expect(emulator().store.jobs.list()).toHaveLength(1);
  });
});
