import { type QianfanPageInfo, type QianfanServiceObject, SERVICE_URL_BASE } from "../../emulator";
import { manualClock, useEmulator } from "./helpers";
import {
  advance,
  areaRouteKey,
  areaRouteKeys,
  consoleArea,
  consoleFetch,
  createdModel,
  createdService,
  CREATING_MS,
  DEPLOYING_MS,
  doneTask,
  expectConsoleError,
  expectRefusal,
  NEW_MS,
  readyModel,
  SERVICE,
  serviceBody,
} from "./qianfanConsoleHelpers";

const SERVICE_ACTIONS = [
  "CreateService",
  "DescribeService",
  "DescribeServices",
  "ModifyService",
  "DeactivateService",
];
const SERVICE_ID = /^svco-[a-z0-9]{12}$/;
const SERVING_AT = NEW_MS + DEPLOYING_MS;

type Emulator = ReturnType<ReturnType<typeof useEmulator>>;
type Model = Awaited<ReturnType<typeof readyModel>>;

const { call, result } = consoleArea(SERVICE);
const describeService = (emulator: Emulator, serviceId: string) =>
  result<QianfanServiceObject>(emulator, "DescribeService", { serviceId });

const EXISTING_UNITS = {
  resourceConfig: undefined,
  billing: undefined,
  deploymentConfig: {
    qps: 1,
    replicaComputeUnitCount: 1,
    replicasCount: 1,
    deploymentComputeUnitList: [{ instanceId: "unit-gdqb1Fot", deploymentReplicasCount: 2 }],
  },
  protocolVersion: 1,
};
const POSTPAID = (chargeType: string) => ({ billing: { paymentTiming: "Postpaid", chargeType } });
const prepaid = (reservation: Record<string, unknown>) => ({
  billing: { paymentTiming: "Prepaid", reservation: { reservationLength: 1, ...reservation } },
});

describe("Qianfan services: create and deploy on the clock", () => {
  const emulator = useEmulator();

  it("deploys a Ready model version: New, Deploying, then Serving at its URL", async () => {
    const model = await readyModel(emulator());
    const createdAt = emulator().clock.now();
    const res = await call(emulator(), "CreateService", serviceBody(model));
    expect(res.status).toBe(200);
    const { result: created } = (await res.json()) as { result: { serviceId: string } };
    expect(created).toEqual({ serviceId: expect.stringMatching(SERVICE_ID) });
    const { serviceId } = created;
    const at = (offset: number) => manualClock(emulator()).set(createdAt + offset);
    for (const [offset, runStatus] of [
      [0, "New"],
      [NEW_MS - 1, "New"],
      [NEW_MS, "Deploying"],
      [SERVING_AT - 1, "Deploying"],
      [SERVING_AT, "Serving"],
      [SERVING_AT + 3_600_000, "Serving"],
    ] as const) {
      at(offset);
      expect({
        offset,
        runStatus: (await describeService(emulator(), serviceId)).runStatus,
      }).toEqual({ offset, runStatus });
    }
    const described = await describeService(emulator(), serviceId);
    expect(described).toEqual({
      serviceId,
      name: "my-service",
      description: "",
      modelSetId: model.modelSetId,
      modelId: model.modelId,
      baseModel: "ERNIE-Speed-8K",
      url: `${SERVICE_URL_BASE}my-service`,
      endpoint: "my-service",
      serviceType: "chat",
      runStatus: "Serving",
      updateStatus: "None",
      chargeType: "ComputingUnit",
      payType: "Prepay",
      chargeStatus: "Opened",
      resourceConfig: { type: "GPU-1-1", replicasCount: 1, qps: 10 },
      protocolVersion: 1,
      createTime: new Date(createdAt).toISOString().replace(".000Z", "Z"),
    });
    expect(emulator().store.qianfan.listServices()).toEqual([described]);
    expect(emulator().store.qianfan.services.get(serviceId)?.runStatus).toBe("Serving");
  });

  it("ends Failed when the name contains 'fail'", async () => {
    const serviceId = await createdService(emulator(), await readyModel(emulator()), {
      name: "will-FAIL",
    });
    advance(emulator(), SERVING_AT - 1);
    expect((await describeService(emulator(), serviceId)).runStatus).toBe("Deploying");
    advance(emulator(), 1);
    expect((await describeService(emulator(), serviceId)).runStatus).toBe("Failed");
  });

  it.each<[string, Record<string, unknown>, Partial<QianfanServiceObject>]>([
    ["on compute units bought before", EXISTING_UNITS, { payType: "Prepay" }],
    ["Postpaid by compute unit", POSTPAID("ComputingUnit"), { payType: "Postpay" }],
    [
      "Postpaid by tokens, without resourceConfig",
      { ...POSTPAID("Tokens"), resourceConfig: undefined },
      { chargeType: "Tokens", payType: "Postpay" },
    ],
    ["protocolVersion 2", { protocolVersion: 2 }, { protocolVersion: 2 }],
    [
      "any resource type, in region bd, qps at 0.01",
      { resourceConfig: { type: "GPU-I-2", region: "bd", qps: 0.01, replicasCount: 3 } },
      { resourceConfig: { type: "GPU-I-2", region: "bd", qps: 0.01, replicasCount: 3 } },
    ],
    ["qps 50", { resourceConfig: { type: "CPU-1-1", qps: 50, replicasCount: 1 } }, {}],
    [
      "a reservation with renewal",
      prepaid({
        reservationLength: 12,
        autoRenew: true,
        autoRenewTimeUnit: "Month",
        autoRenewTime: 6,
      }),
      {},
    ],
    ["a name in Chinese", { name: "api测试" }, { name: "api测试" }],
    ["a urlSuffix of 2 characters", { urlSuffix: "a1" }, { url: `${SERVICE_URL_BASE}a1` }],
    ["a urlSuffix of 20 with _ and -", { urlSuffix: "abc_def-ghi_jkl-mn09" }, {}],
    ["a description of 500 characters", { description: "d".repeat(500) }, {}],
    [
      "a deploymentConfig with an empty unit list and new resources",
      { deploymentConfig: { deploymentComputeUnitList: [], replicasCount: 1 } },
      {},
    ],
  ])("creates a service %s", async (_, change, expected) => {
    const serviceId = await createdService(emulator(), await readyModel(emulator()), change);
    expect(await describeService(emulator(), serviceId)).toMatchObject(expected);
  });

  it("echoes a deploymentConfig", async () => {
    const serviceId = await createdService(
      emulator(),
      await readyModel(emulator()),
      EXISTING_UNITS,
    );
    const described = await describeService(emulator(), serviceId);
    expect(described.deploymentConfig).toEqual(EXISTING_UNITS.deploymentConfig);
    expect(described).not.toHaveProperty("resourceConfig");
  });

  const resource = (config: Record<string, unknown>) => ({
    resourceConfig: { type: "GPU-1-1", replicasCount: 1, ...config },
  });
  const units = (list: unknown, config: Record<string, unknown> = {}) => ({
    deploymentConfig: { deploymentComputeUnitList: list, ...config },
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["a missing modelSetId", { modelSetId: undefined }, "modelSetId"],
    ["a missing modelId", { modelId: undefined }, "modelId"],
    ["a missing name", { name: undefined }, "name"],
    ["a name of 1 character", { name: "a" }, "name"],
    ["a name of 21 characters", { name: "n".repeat(21) }, "name"],
    ["a description of 501 characters", { description: "d".repeat(501) }, "description"],
    ["a missing urlSuffix", { urlSuffix: undefined }, "urlSuffix"],
    ["a urlSuffix of 1 character", { urlSuffix: "a" }, "urlSuffix"],
    ["a urlSuffix of 21 characters", { urlSuffix: "u".repeat(21) }, "urlSuffix"],
    ["a urlSuffix in capitals", { urlSuffix: "MyService" }, "urlSuffix"],
    ["a urlSuffix ending in -", { urlSuffix: "my-service-" }, "urlSuffix"],
    ["a urlSuffix starting with _", { urlSuffix: "_service" }, "urlSuffix"],
    ["a urlSuffix with a dot", { urlSuffix: "my.service" }, "urlSuffix"],
    ["no billing for new resources", { billing: undefined }, "billing"],
    ["no resourceConfig for new resources", { resourceConfig: undefined }, "resourceConfig"],
    ["an unknown paymentTiming", { billing: { paymentTiming: "Prepay" } }, "paymentTiming"],
    ["Prepaid without reservation", { billing: { paymentTiming: "Prepaid" } }, "reservation"],
    ["a reservation of 0 months", prepaid({ reservationLength: 0 }), "reservationLength"],
    ["a reservation of 13 months", prepaid({ reservationLength: 13 }), "reservationLength"],
    [
      "a reservation without length",
      prepaid({ reservationLength: undefined }),
      "reservationLength",
    ],
    ["a reservation by the hour", prepaid({ reservationTimeUnit: "Hour" }), "reservationTimeUnit"],
    ["autoRenewTime 7", prepaid({ autoRenewTime: 7 }), "autoRenewTime"],
    ["autoRenewTime 0", prepaid({ autoRenewTime: 0 }), "autoRenewTime"],
    ["autoRenew as text", prepaid({ autoRenew: "yes" }), "autoRenew"],
    [
      "Postpaid with a reservation",
      { billing: { paymentTiming: "Postpaid", chargeType: "Tokens", reservation: {} } },
      "reservation",
    ],
    ["Postpaid without chargeType", { billing: { paymentTiming: "Postpaid" } }, "chargeType"],
    ["an unknown chargeType", POSTPAID("Minutes"), "chargeType"],
    [
      "Prepaid by tokens",
      { billing: { ...prepaid({}).billing, chargeType: "Tokens" } },
      "chargeType",
    ],
    ["a resource without type", resource({ type: undefined }), "type"],
    ["an empty resource type", resource({ type: "" }), "type"],
    ["a resource without replicasCount", resource({ replicasCount: undefined }), "replicasCount"],
    ["replicasCount 0", resource({ replicasCount: 0 }), "replicasCount"],
    ["an unknown region", resource({ region: "gz" }), "region"],
    ["qps 0", resource({ qps: 0 }), "qps"],
    ["qps 50.01", resource({ qps: 50.01 }), "qps"],
    ["qps 0.001", resource({ qps: 0.001 }), "qps"],
    ["qps as text", resource({ qps: "10" }), "qps"],
    ["units that are not a list", units("unit-1"), "deploymentComputeUnitList"],
    ["a unit without instanceId", units([{ deploymentReplicasCount: 1 }]), "instanceId"],
    ["a unit without replicas", units([{ instanceId: "unit-1" }]), "deploymentReplicasCount"],
    [
      "a unit with 0 replicas",
      units([{ instanceId: "unit-1", deploymentReplicasCount: 0 }]),
      "deploymentReplicasCount",
    ],
    [
      "units with qps 51",
      units([{ instanceId: "unit-1", deploymentReplicasCount: 1 }], { qps: 51 }),
      "qps",
    ],
    ["protocolVersion 3", { protocolVersion: 3 }, "protocolVersion"],
  ])("refuses %s with 400 naming it", async (_, change, param) => {
    const body = { ...serviceBody(await readyModel(emulator())), ...change };
    await expectRefusal(await call(emulator(), "CreateService", body), param);
    expect(emulator().store.qianfan.services.list()).toEqual([]);
  });

  it.each<[string, (emulator: Emulator) => Promise<Model>, string]>([
    [
      "a version still Creating",
      async (e) => {
        const model = await readyModel(e);
        const modelId = await createdModel(e, model.modelSetId, model.taskId);
        return { ...model, modelId };
      },
      "is Creating; deploy it once it is Ready",
    ],
    [
      "a version that failed",
      async (e) => {
        const model = await readyModel(e);
        const modelId = await createdModel(e, model.modelSetId, model.taskId, {
          description: "fail",
        });
        advance(e, CREATING_MS);
        return { ...model, modelId };
      },
      "is Fail",
    ],
    [
      "an unknown version",
      async (e) => ({ ...(await readyModel(e)), modelId: "amv-unknown000" }),
      "'amv-unknown000' does not exist",
    ],
    [
      "a version of another set",
      async (e) => ({ ...(await readyModel(e)), modelSetId: "am-another0000" }),
      "belongs to the model set",
    ],
  ])("refuses to deploy %s", async (_, model, detail) => {
    const res = await call(emulator(), "CreateService", serviceBody(await model(emulator())));
    await expectRefusal(res, "modelId", detail);
  });

  it("keeps a urlSuffix for one active service; a deactivated one frees it", async () => {
    const model = await readyModel(emulator());
    const first = await createdService(emulator(), model);
    const res = await call(emulator(), "CreateService", serviceBody(model));
    await expectRefusal(res, "urlSuffix", `taken by the service '${first}'`);
    await result(emulator(), "DeactivateService", { serviceId: first });
    await expect(createdService(emulator(), model)).resolves.toMatch(SERVICE_ID);
  });
});

describe("Qianfan services: configured timings", () => {
  const emulator = useEmulator({ qianfanServiceTimings: { deployingMs: 1000 } });

  it("takes the timings given and defaults the rest", async () => {
    const serviceId = await createdService(emulator(), await readyModel(emulator()));
    advance(emulator(), NEW_MS + 999);
    expect((await describeService(emulator(), serviceId)).runStatus).toBe("Deploying");
    advance(emulator(), 1);
    expect((await describeService(emulator(), serviceId)).runStatus).toBe("Serving");
  });
});

describe("Qianfan services: ModifyService switches the model version", () => {
  const emulator = useEmulator();

  async function servingWithNext() {
    const model = await readyModel(emulator());
    const serviceId = await createdService(emulator(), model);
    const next = await createdModel(emulator(), model.modelSetId, model.taskId);
    advance(emulator(), SERVING_AT);
    return { model, serviceId, next };
  }

  it("switches a Serving service to another Ready version at once", async () => {
    const { model, serviceId, next } = await servingWithNext();
    const res = await call(emulator(), "ModifyService", {
      serviceId,
      modelSetId: model.modelSetId,
      modelId: next,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { result: unknown }).result).toBe(true);
    expect(await describeService(emulator(), serviceId)).toMatchObject({
      modelId: next,
      runStatus: "Serving",
      updateStatus: "None",
    });
    // The version it ran before is free to delete now.
    const deleted = await consoleFetch(emulator(), "/v2/model", "DeleteModel", {
      modelId: model.modelId,
    });
    expect(deleted.status).toBe(200);
  });

  it("switches to a version of another set", async () => {
    const { serviceId } = await servingWithNext();
    const other = await readyModel(emulator());
    const body = { serviceId, modelSetId: other.modelSetId, modelId: other.modelId };
    expect(await result(emulator(), "ModifyService", body)).toBe(true);
    expect((await describeService(emulator(), serviceId)).modelSetId).toBe(other.modelSetId);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["a missing serviceId", { serviceId: undefined }, "serviceId"],
    ["a missing modelSetId", { modelSetId: undefined }, "modelSetId"],
    ["a missing modelId", { modelId: undefined }, "modelId"],
    ["an unknown modelId", { modelId: "amv-unknown000" }, "modelId"],
    ["a modelId of another set", { modelSetId: "am-another0000" }, "modelId"],
  ])("refuses %s with 400 naming it", async (_, change, param) => {
    const { model, serviceId, next } = await servingWithNext();
    const body = { serviceId, modelSetId: model.modelSetId, modelId: next, ...change };
    await expectRefusal(await call(emulator(), "ModifyService", body), param);
    expect((await describeService(emulator(), serviceId)).modelId).toBe(model.modelId);
  });

  it.each<[string, number, boolean]>([
    ["New", 0, false],
    ["Deploying", NEW_MS, false],
    ["Stopped", SERVING_AT, true],
  ])("refuses to switch a %s service", async (status, offset, deactivate) => {
    const model = await readyModel(emulator());
    const serviceId = await createdService(emulator(), model);
    advance(emulator(), offset);
    if (deactivate) await result(emulator(), "DeactivateService", { serviceId });
    const body = { serviceId, modelSetId: model.modelSetId, modelId: model.modelId };
    const res = await call(emulator(), "ModifyService", body);
    await expectRefusal(res, "serviceId", `is ${status}; only a Serving service`);
  });

  it("refuses a version that is not Ready", async () => {
    const { model, serviceId } = await servingWithNext();
    const creating = await createdModel(emulator(), model.modelSetId, await doneTask(emulator()));
    const body = { serviceId, modelSetId: model.modelSetId, modelId: creating };
    await expectRefusal(await call(emulator(), "ModifyService", body), "modelId", "is Creating");
  });

  it("answers 404 for an unknown service", async () => {
    const model = await readyModel(emulator());
    const body = { serviceId: "svco-unknown0000", ...model };
    await expectConsoleError(await call(emulator(), "ModifyService", body), 404, "NotFound");
  });
});

describe("Qianfan services: DeactivateService, and no delete", () => {
  const emulator = useEmulator();

  it.each([
    ["New", 0],
    ["Deploying", NEW_MS],
    ["Serving", SERVING_AT],
    ["Failed", SERVING_AT],
  ])("takes a %s service offline: Stopped from then on", async (status, offset) => {
    const name = status === "Failed" ? "fail-me" : "my-service";
    const serviceId = await createdService(emulator(), await readyModel(emulator()), { name });
    advance(emulator(), offset);
    expect((await describeService(emulator(), serviceId)).runStatus).toBe(status);
    const deactivated = await result(emulator(), "DeactivateService", { serviceId });
    expect(deactivated).toEqual({ operation: true, message: expect.stringContaining("offline") });
    advance(emulator(), 3_600_000);
    expect((await describeService(emulator(), serviceId)).runStatus).toBe("Stopped");
    expect(await result(emulator(), "DeactivateService", { serviceId })).toEqual(deactivated);
    expect(emulator().store.qianfan.services.get(serviceId)?.stoppedAtMs).toBe(
      emulator().clock.now() - 3_600_000,
    );
  });

  it.each<[Record<string, unknown>, number, string]>([
    [{ serviceId: "svco-unknown0000" }, 404, "NotFound"],
    [{}, 400, "InappropriateJSON"],
  ])("answers DeactivateService %j with %i %s", async (body, status, code) => {
    await expectConsoleError(await call(emulator(), "DeactivateService", body), status, code);
  });

  it.each(["DeleteService", "ReleaseService"])(
    "serves no %s: 400 InvalidURI listing the service actions",
    async (action) => {
      const res = await call(emulator(), action, { serviceId: "svco-x" });
      const error = await expectConsoleError(res, 400, "InvalidURI", `'${action}' does not exist`);
      expect(error.message).toContain(`Known actions: ${SERVICE_ACTIONS.join(", ")}.`);
    },
  );

  it("has one route key per action", () => {
    expect(areaRouteKeys(SERVICE)).toEqual(
      SERVICE_ACTIONS.map((action) => areaRouteKey(SERVICE, action)),
    );
  });

  it("lets tests delete a service remotely, as the console can", async () => {
    const serviceId = await createdService(emulator(), await readyModel(emulator()));
    expect(emulator().store.qianfan.services.remove(serviceId)).toBe(true);
    await expectConsoleError(
      await call(emulator(), "DescribeService", { serviceId }),
      404,
      "NotFound",
    );
  });
});

describe("Qianfan services: the list", () => {
  const emulator = useEmulator();
  interface Page {
    serviceList: QianfanServiceObject[];
    pageInfo: QianfanPageInfo;
  }
  const list = (body: Record<string, unknown> = {}) =>
    result<Page>(emulator(), "DescribeServices", body);
  const ids = async (body: Record<string, unknown>) =>
    (await list(body)).serviceList.map((s) => s.serviceId);

  async function threeServices() {
    const model = await readyModel(emulator());
    const serving = await createdService(emulator(), model, { name: "Chat-Prod", urlSuffix: "a1" });
    advance(emulator(), SERVING_AT);
    const tokens = await createdService(emulator(), model, {
      name: "chat-tokens",
      urlSuffix: "a2",
      ...POSTPAID("Tokens"),
      resourceConfig: undefined,
    });
    const stopped = await createdService(emulator(), model, { name: "old", urlSuffix: "a3" });
    await result(emulator(), "DeactivateService", { serviceId: stopped });
    return { serving, tokens, stopped };
  }

  it("lists services oldest first, page by page", async () => {
    const { serving, tokens, stopped } = await threeServices();
    const first = await list({ maxKeys: 2 });
    expect(first.serviceList.map((s) => s.serviceId)).toEqual([serving, tokens]);
    expect(first.pageInfo).toEqual({
      marker: "",
      maxKeys: 2,
      isTruncated: true,
      nextMarker: stopped,
    });
    expect(first.serviceList[0]).toEqual(await describeService(emulator(), serving));
    expect(await ids({ marker: stopped })).toEqual([stopped]);
    expect(await ids({ pageReverse: true })).toEqual([stopped, tokens, serving]);
  });

  it.each<[string, Record<string, unknown>, ("serving" | "tokens" | "stopped")[]]>([
    ["part of the name, in any case", { name: "CHAT" }, ["serving", "tokens"]],
    ["runStatus", { runStatus: ["Stopped", "Failed"] }, ["stopped"]],
    ["runStatus New", { runStatus: ["New"] }, ["tokens"]],
    ["chargeType", { chargeType: "Tokens" }, ["tokens"]],
    ["payType", { payType: "Prepay" }, ["serving", "stopped"]],
    ["serviceType", { serviceType: ["chat"] }, ["serving", "tokens", "stopped"]],
    ["another serviceType", { serviceType: ["text2image"] }, []],
    ["creator", { creator: ["someone-else"] }, []],
    [
      "protocolVersion (taken, not applied)",
      { protocolVersion: 2 },
      ["serving", "tokens", "stopped"],
    ],
  ])("filters by %s", async (_, filter, expected) => {
    const made = await threeServices();
    expect(await ids(filter)).toEqual(expected.map((key) => made[key]));
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["an unknown runStatus", { runStatus: ["Running"] }, "runStatus"],
    ["runStatus as a string", { runStatus: "Serving" }, "runStatus"],
    ["an unknown serviceType", { serviceType: ["embedding"] }, "serviceType"],
    ["an unknown payType", { payType: "Prepaid" }, "payType"],
    ["protocolVersion 3", { protocolVersion: 3 }, "protocolVersion"],
    ["maxKeys as text", { maxKeys: "10" }, "maxKeys"],
  ])("refuses %s with 400 naming it", async (_, body, param) => {
    await expectRefusal(await call(emulator(), "DescribeServices", body), param);
  });
});
