/**
 * The two Azure route families over one state: dated (`/openai/...`, api-version required) and v1
 * (`/openai/v1/...`, api-version optional: v1 or preview). Dated-only operations answer 404 under
 * /openai/v1/; creates answer 201 dated and 200 on v1.
 */
import {
  AZURE_V1_ABSENT_KEYS,
  DEFAULT_AZURE_API_KEY,
  type Emulator,
  MAX_RECORDED_BODY_BYTES,
  ROUTE_KEYS,
} from "../../emulator";
import type { AzureStore } from "../../emulator/azure/azureStore";
import { type AzureContext, CREATED, expandFamilies } from "../../emulator/azure/families";
import type { RequestContext } from "../../emulator/routing";
import {
  azureFetch,
  CHAT_LINE,
  fileForm,
  manualClock,
  readError,
  readFile,
  uploadFile,
  useEmulator,
} from "./helpers";
import { BASE_MODEL, JOBS } from "./jobHelpers";
import { trainingJsonl } from "./uploadHelpers";

const KEY = { "api-key": DEFAULT_AZURE_API_KEY };

/** A request under /openai/v1/, with `?api-version=` only when given. */
function v1Fetch(emulator: Emulator, path: string, init: RequestInit = {}, apiVersion?: string) {
  const url = new URL(`/openai/v1${path}`, emulator.url);
  if (apiVersion !== undefined) url.searchParams.set("api-version", apiVersion);
  return fetch(url, { ...init, headers: { ...KEY, ...(init.headers as object) } });
}

const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

describe("route families", () => {
  const emulator = useEmulator({ processingMs: 0 });

  it("serves a v1 copy of every route v1 has, and none of the dated-only ones", () => {
    const v1 = ROUTE_KEYS.filter((key) => key.includes(" /openai/v1/"));
    const dated = ROUTE_KEYS.filter((key) => / \/openai\/(?!v1\/)/.test(key));
    expect(v1.map((key) => key.replace(" /openai/v1/", " /openai/"))).toEqual(
      dated.filter(
        (key) => !AZURE_V1_ABSENT_KEYS.includes(key.replace(" /openai/", " /openai/v1/")),
      ),
    );
    expect(AZURE_V1_ABSENT_KEYS).toEqual([
      "POST /openai/v1/files/import",
      "POST /openai/v1/uploads",
      "POST /openai/v1/uploads/{id}/parts",
      "POST /openai/v1/uploads/{id}/complete",
      "POST /openai/v1/uploads/{id}/cancel",
      "DELETE /openai/v1/fine_tuning/jobs/{id}",
    ]);
  });

  it.each([
    ["no api-version", undefined],
    ["api-version v1", "v1"],
    ["api-version preview", "preview"],
  ])("serves /openai/v1/ with %s", async (_, apiVersion) => {
    const res = await v1Fetch(emulator(), "/files", {}, apiVersion);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ object: "list", data: [] });
  });

  it.each(["2024-10-21", "2025-04-01-preview", "V1", ""])(
    "answers 400 naming api-version for api-version '%s' under /openai/v1/",
    async (apiVersion) => {
      const res = await v1Fetch(emulator(), "/files", {}, apiVersion);
      expect(res.status).toBe(400);
      expect(await readError(res)).toMatchObject({
        code: "invalidPayload",
        target: "api-version",
      });
    },
  );

  it("still requires api-version on the dated family", async () => {
    const res = await fetch(`${emulator().url}/openai/files`, { headers: KEY });
    expect(res.status).toBe(400);
    expect(await readError(res)).toMatchObject({ target: "api-version" });
  });

  it("checks credentials under /openai/v1/ before the api-version", async () => {
    const res = await fetch(`${emulator().url}/openai/v1/files?api-version=2024-10-21`);
    expect(res.status).toBe(401);
  });

  it.each([
    ["POST", "/uploads"],
    ["POST", "/uploads/upload-1/parts"],
    ["POST", "/uploads/upload-1/complete"],
    ["POST", "/uploads/upload-1/cancel"],
    // Other methods of these paths exist in v1: still 404, not 405.
    ["POST", "/files/import"],
    ["DELETE", "/fine_tuning/jobs/ftjob-1"],
  ])("answers %s /openai/v1%s with 404 in Azure's shape", async (method, path) => {
    const res = await v1Fetch(emulator(), path, { method });
    expect(res.status).toBe(404);
    const error = await readError(res);
    expect(error.code).toBe("notFound");
    expect(error.message).toContain(`/openai/v1${path}`);
    expect(error.message).toContain("dated api-version");
  });

  it("answers 404 for a v1 path nothing has, and 405 for a wrong method v1 has not", async () => {
    expect((await v1Fetch(emulator(), "/nothing")).status).toBe(404);
    const res = await v1Fetch(emulator(), "/files/file-1", { method: "PUT" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, DELETE");
  });

  it("answers the upload 201 on a dated api-version and 200 on v1", async () => {
    const dated = await uploadFile(emulator());
    expect(dated.status).toBe(201);
    const form = fileForm({ purpose: "fine-tune", content: `${CHAT_LINE}\n` });
    const v1 = await v1Fetch(emulator(), "/files", { method: "POST", body: form });
    expect(v1.status).toBe(200);
    expect(await readFile(v1)).toMatchObject({ object: "file", purpose: "fine-tune" });
  });

  it("answers the job create 201 on a dated api-version and 200 on v1, over one state", async () => {
    const content = trainingJsonl(12).toString();
    const form = fileForm({ purpose: "fine-tune", content });
    const file = await readFile(
      await v1Fetch(emulator(), "/files", { method: "POST", body: form }),
    );
    manualClock(emulator()).advance(1);
    // The file uploaded under v1 is the dated family's file too.
    expect((await azureFetch(emulator(), `/openai/files/${file.id}`)).status).toBe(200);
    const body = { model: BASE_MODEL, training_file: file.id };

    const dated = await azureFetch(emulator(), JOBS, json(body));
    expect(dated.status).toBe(201);
    const v1 = await v1Fetch(emulator(), "/fine_tuning/jobs", json(body));
    expect(v1.status).toBe(200);
    const { id } = (await v1.json()) as { id: string };
    expect((await azureFetch(emulator(), `${JOBS}/${id}`)).status).toBe(200);
    // A refusal keeps its status on either family.
    const refused = await v1Fetch(emulator(), "/fine_tuning/jobs", json({}));
    expect(refused.status).toBe(400);
  });

  it("lets fault rules name a family's key", async () => {
    emulator().faults.add({ route: "GET /openai/v1/files", status: 503 });
    expect((await azureFetch(emulator(), "/openai/files")).status).toBe(200);
    expect((await v1Fetch(emulator(), "/files")).status).toBe(503);
    expect((await v1Fetch(emulator(), "/files")).status).toBe(200);
  });
});

describe("expandFamilies", () => {
  const ctx = (apiVersion?: string) =>
    ({
      query: new URLSearchParams(apiVersion === undefined ? {} : { "api-version": apiVersion }),
    }) as unknown as RequestContext<AzureStore>;

  it("makes a dated route and a v1 copy whose handler is told the family and api-version", async () => {
    const seen: Pick<AzureContext, "family" | "apiVersion">[] = [];
    const { served, absent } = expandFamilies([
      {
        key: "POST /openai/things",
        successStatus: CREATED,
        handle: ({ family, apiVersion }) => {
          seen.push({ family, apiVersion });
          return { status: 201 };
        },
      },
      { key: "DELETE /openai/things/{id}", families: ["dated"], handle: () => ({ status: 204 }) },
    ]);
    expect(served.map((r) => r.key)).toEqual([
      "POST /openai/things",
      "DELETE /openai/things/{id}",
      "POST /openai/v1/things",
    ]);
    expect(absent).toEqual([{ key: "DELETE /openai/v1/things/{id}" }]);
    const [dated, , v1] = served;
    expect(await dated!.handle(ctx("2024-10-21"))).toEqual({ status: 201 });
    expect(await v1!.handle(ctx())).toEqual({ status: 200 });
    expect(await v1!.handle(ctx("preview"))).toEqual({ status: 200 });
    expect(seen).toEqual([
      { family: "dated", apiVersion: "2024-10-21" },
      { family: "v1", apiVersion: "v1" },
      { family: "v1", apiVersion: "preview" },
    ]);
  });

  it("leaves a refusal's status alone", async () => {
    const { served } = expandFamilies([
      { key: "POST /openai/things", successStatus: CREATED, handle: () => ({ status: 409 }) },
    ]);
    for (const route of served) expect((await route.handle(ctx("v1"))).status).toBe(409);
  });

  it("refuses a key outside /openai/", () => {
    expect(() => expandFamilies([{ key: "GET /other", handle: () => ({ status: 200 }) }])).toThrow(
      'Route key "GET /other" is not under /openai/.',
    );
  });
});

describe("request log bodies", () => {
  const emulator = useEmulator({ processingMs: 0 });

  it("keeps a JSON body parsed and the api-version, also on a refusal", async () => {
    const body = { model: BASE_MODEL, training_file: "file-missing", suffix: "s" };
    const res = await azureFetch(emulator(), JOBS, json(body));
    expect(res.status).toBe(400);
    expect(emulator().requests).toEqual([
      {
        method: "POST",
        route: "POST /openai/fine_tuning/jobs",
        status: 400,
        apiVersion: "2024-10-21",
        body,
      },
    ]);
  });

  it("keeps a JSON body no handler read (a fault answered first)", async () => {
    emulator().faults.add({ route: "POST /openai/v1/fine_tuning/jobs", status: 500 });
    const body = { model: BASE_MODEL, training_file: "file-x" };
    expect((await v1Fetch(emulator(), "/fine_tuning/jobs", json(body))).status).toBe(500);
    expect(emulator().requests).toEqual([
      { method: "POST", route: "POST /openai/v1/fine_tuning/jobs", status: 500, body },
    ]);
  });

  it("keeps a form's text fields, not its file", async () => {
    const res = await uploadFile(emulator(), { purpose: "batch", content: "secret-bytes" });
    expect(res.status).toBe(201);
    const [record] = emulator().requests;
    expect(record).toMatchObject({ formFields: { purpose: "batch" } });
    expect(record).not.toHaveProperty("body");
    expect(JSON.stringify(record)).not.toContain("secret-bytes");
  });

  it("leaves out a JSON body larger than the bound, and a body that is not JSON", async () => {
    const big = { model: BASE_MODEL, training_file: "x".repeat(MAX_RECORDED_BODY_BYTES) };
    await azureFetch(emulator(), JOBS, json(big));
    await azureFetch(emulator(), JOBS, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"model": "gpt',
    });
    expect(emulator().requests.map((r) => r.status)).toEqual([400, 400]);
    for (const record of emulator().requests) expect(record).not.toHaveProperty("body");
  });

  it("keeps nothing of a GET", async () => {
    await azureFetch(emulator(), "/openai/files");
    expect(emulator().requests).toEqual([
      { method: "GET", route: "GET /openai/files", status: 200, apiVersion: "2024-10-21" },
    ]);
  });
});
