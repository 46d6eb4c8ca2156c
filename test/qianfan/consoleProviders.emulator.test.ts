/**
 * The dataset, model and service providers against the emulator, called directly, on a clock that the waits move
 * (so waits of minutes take no time): deletes refused while in use (never taking a service offline, whether it
 * carries this stack's marker or not, with the way out for each), sets kept with versions of others, a service already offline, its marker at Qianfan, a deploy that outlasts its timeout, a task not Done yet.
 */
import { ResourceInitError } from "../../provider/core/errors";
import type { Fetch } from "../../provider/core/fetch";
import { nodeHttpFetch } from "../../provider/core/nodeHttpFetch";
import { setQianfanTransportOverrides } from "../../provider/qianfan/client";
import type { QianfanDatasetInputs } from "../../provider/qianfan/datasetInputs";
import { qianfanDatasetProvider } from "../../provider/qianfan/datasetProvider";
import type { QianfanModelInputs } from "../../provider/qianfan/modelInputs";
import { qianfanModelProvider } from "../../provider/qianfan/modelProvider";
import type { QianfanServiceInputs } from "../../provider/qianfan/serviceInputs";
import { qianfanServiceProvider } from "../../provider/qianfan/serviceProvider";
import { POSTPAID_UNIT } from "../emulator/qianfanConsoleHelpers";
import { useQianfanProviders } from "../helpers/qianfanProviders";

const qf = useQianfanProviders({
  manualClock: true,
  emulator: {
    qianfanTaskTimings: { waitingMs: 1000, runningMs: 60_000 },
    qianfanServiceTimings: { newMs: 60_000, deployingMs: 20 * 60_000 },
  },
});

const qianfan = () => qf.emulator.store.qianfan;

/** The emulator's answers, with `description` dropped from DescribeServices' items. */
const listingWithoutDescriptions: Fetch = async (input, init) => {
  const response = await nodeHttpFetch(input, init);
  const url = input instanceof Request ? input.url : input.toString();
  if (!url.includes("Action=DescribeServices")) return response;
  const body = (await response.json()) as { result?: { serviceList?: object[] } };
  for (const service of body.result?.serviceList ?? [])
    Reflect.deleteProperty(service, "description");
  return new Response(JSON.stringify(body), {
    status: response.status,
    headers: { "content-type": "application/json" },
  });
};
/** Identities (core/identity.ts): two resources of one stack, and one of another stack. */
const THIS_STACK_SERVICE = { identity: "0a1b2c3d_111111111111" };
const THIS_STACK_MODEL = { identity: "0a1b2c3d_222222222222" };
const OTHER_STACK_SERVICE = { identity: "9f8e7d6c_111111111111" };
const datasetInputs: QianfanDatasetInputs = {
  datasetName: "faq-train",
  dataFormat: "PromptResponse",
  storageType: "sysStorage",
  sources: ["bos:/my-bucket/faq/train.jsonl"],
  importTimeoutSeconds: 3600,
  publishTimeoutSeconds: 1800,
  pollIntervalSeconds: 5,
};

/** A task in a job, trained on `versionId`; Done once the clock has moved past its run. */
function taskOn(versionId: string): string {
  const job = qianfan().createJob({
    name: "faq-sft",
    description: "",
    model: "ERNIE-Speed-8K",
    trainMode: "SFT",
  });
  const datasetConfig = { sourceType: "Platform", versions: [{ versionId }], splitRatio: 20 };
  return qianfan().createTask({
    body: { jobId: job.id, datasetConfig },
    jobId: job.id,
    parameterScale: undefined,
    hyperParameterConfig: { epoch: 1 },
    datasetConfig,
    incrementTaskId: undefined,
  }).id;
}

const modelInputs = (taskId: string): QianfanModelInputs => ({
  taskId,
  modelSetName: "faq-bot",
  modelType: "Text2Text",
  readyTimeoutSeconds: 3600,
  pollIntervalSeconds: 5,
});

const serviceInputs = (modelSetId: string, modelId: string): QianfanServiceInputs => ({
  modelSetId,
  modelId,
  name: "faq-bot",
  urlSuffix: "faq-bot",
  ...POSTPAID_UNIT,
  deployTimeoutSeconds: 3600,
  pollIntervalSeconds: 10,
});

async function publishedModel() {
  const dataset = await qianfanDatasetProvider.create(datasetInputs);
  const taskId = taskOn(dataset.outs.versionId);
  qf.clock.advance(120_000);
  return qianfanModelProvider.create(modelInputs(taskId));
}

describe("QianfanDataset delete", () => {
  it("is refused while a running task trains on the version, naming both refusals; the dataset is kept", async () => {
    const { id, outs } = await qianfanDatasetProvider.create(datasetInputs);
    const taskId = taskOn(outs.versionId);

    const refused = qianfanDatasetProvider.delete(id, outs);
    await expect(refused).rejects.toThrow(`in use by the fine-tuning task '${taskId}'`);
    await expect(refused).rejects.toThrow(
      `deleting its version ${outs.versionId} first was refused too`,
    );
    expect(
      qianfan()
        .listDatasets()
        .map((d) => d.datasetId),
    ).toEqual([id]);

    qf.clock.advance(120_000);
    await qianfanDatasetProvider.delete(id, outs);
    expect(qianfan().listDatasets()).toEqual([]);
  });
});

describe("QianfanModel", () => {
  it("refuses a task that is not Done yet, creating nothing", async () => {
    const dataset = await qianfanDatasetProvider.create(datasetInputs);
    const taskId = taskOn(dataset.outs.versionId);

    await expect(qianfanModelProvider.create(modelInputs(taskId))).rejects.toThrow(
      `taskId: ${taskId} is Waiting; only a Done task can be published. Set waitForCompletion: true`,
    );
    expect(qianfan().listModelSets()).toEqual([]);
  });

  it("waits until the version is Ready, printing its states", async () => {
    const { outs } = await publishedModel();
    expect(outs.status).toBe("Ready");
    expect(qf.lines.join("\n")).toMatch(
      /QianfanModel amv-\w+: Creating[\s\S]*QianfanModel amv-\w+: Ready/,
    );
  });

  it("is not deleted while a service serves it; once the service is offline it is, and its set", async () => {
    const model = await publishedModel();
    const service = await qianfanServiceProvider.create(
      serviceInputs(model.outs.modelSetId, model.outs.modelId),
    );

    await expect(qianfanModelProvider.delete(model.id, model.outs)).rejects.toThrow(
      `QianfanModel: ${model.id} cannot be deleted: the service ${service.id} (Serving, "faq-bot") deploys it, and no service is taken offline here.`,
    );
    await qianfanServiceProvider.delete(service.id, service.outs);
    await qianfanModelProvider.delete(model.id, model.outs);
    expect(qianfan().listModels()).toEqual([]);
    expect(qianfan().listModelSets()).toEqual([]);
  });

  // A service of this stack that the state does not name: a killed `up` made it, or the state tracks it and it has not
  // been switched to a replacing model yet. The delete cannot tell which, so it takes no service offline, whoever's.
  const THIS_STACKS =
    "carries this stack's marker: made by an interrupted `pulumi up` and not in the state, or a QianfanService of " +
    "the stack not yet switched to its model's replacement. Run `pulumi up` (it takes such a service over, or " +
    "switches it)";
  const NOT_THIS_STACKS =
    "carries no marker of this stack (made by hand, or by another stack), so it is left as it is: switch it to " +
    "another model version (ModifyService, or the modelId of its QianfanService) or take it offline";
  it.each<[string, { identity: string } | undefined, string]>([
    ["of this stack", THIS_STACK_SERVICE, THIS_STACKS],
    ["made by hand (no marker)", undefined, NOT_THIS_STACKS],
    ["of another stack", OTHER_STACK_SERVICE, NOT_THIS_STACKS],
  ])(
    "leaves a service %s serving and fails the delete, naming it and the way out",
    async (_, serviceContext, wayOut) => {
      const model = await publishedModel();
      const service = await qianfanServiceProvider.create(
        serviceInputs(model.outs.modelSetId, model.outs.modelId),
        serviceContext,
      );
      const before = qf.emulator.requests.length;

      const refusal = qianfanModelProvider.delete(model.id, model.outs, THIS_STACK_MODEL);
      await expect(refusal).rejects.toThrow(
        `QianfanModel: ${model.id} cannot be deleted: the service ${service.id} (Serving, "faq-bot") deploys it, and no service is taken offline here.`,
      );
      await expect(refusal).rejects.toThrow(`${service.id} (Serving, "faq-bot") ${wayOut}`);
      expect(qianfan().services.get(service.id)?.runStatus).toBe("Serving");
      expect(
        qianfan()
          .listModels()
          .map((m) => m.modelId),
      ).toEqual([model.id]);
      const routes = qf.emulator.requests.slice(before).map((r) => r.route);
      expect(routes).not.toContain("POST /v2/service?Action=DeactivateService");
    },
  );

  it("keeps the set it created when it holds a version published from another task", async () => {
    const model = await publishedModel();
    const other = taskOn("ds-other");
    qf.clock.advance(120_000);
    qianfan().customModels.create({
      modelSetId: model.outs.modelSetId,
      description: "",
      trainTaskId: other,
      checkpointStep: undefined,
      checkpointPath: "trainMeta.checkpointStep",
    });

    await qianfanModelProvider.delete(model.id, model.outs);
    expect(
      qianfan()
        .listModelSets()
        .map((s) => s.modelSetId),
    ).toEqual([model.outs.modelSetId]);
    expect(qf.lines.join("\n")).toContain(
      `keeping model set ${model.outs.modelSetId}: it holds versions this resource did not publish`,
    );
  });
});

describe("QianfanService", () => {
  it("sends Qianfan the description with this resource's marker, and keeps the user's in its outputs", async () => {
    const model = await publishedModel();
    const inputs = {
      ...serviceInputs(model.outs.modelSetId, model.outs.modelId),
      description: "FAQ bot",
    };
    const service = await qianfanServiceProvider.create(inputs, THIS_STACK_SERVICE);

    expect(qianfan().services.get(service.id)?.description).toMatch(
      /^FAQ bot \[pulumi-finetune 0a1b2c3d_111111111111_[0-9a-f]{8}\]$/,
    );
    expect(service.outs.description).toBe("FAQ bot");
    const read = await qianfanServiceProvider.read(service.id, service.outs);
    expect(read?.description).toBe("FAQ bot");
  });

  it("takes over a killed run's service only when it carries this resource's marker", async () => {
    const model = await publishedModel();
    const inputs = serviceInputs(model.outs.modelSetId, model.outs.modelId);
    const killed = await qianfanServiceProvider.create(inputs, THIS_STACK_SERVICE);

    const again = await qianfanServiceProvider.create(inputs, THIS_STACK_SERVICE);
    expect(again.id).toBe(killed.id);
    expect(qf.lines.join("\n")).toContain(`QianfanService: taking over ${killed.id}`);

    // Another resource's service at this name and urlSuffix is not this one's: the create does not take it.
    await expect(qianfanServiceProvider.create(inputs, OTHER_STACK_SERVICE)).rejects.toThrow(
      `The urlSuffix 'faq-bot' is taken by the service '${killed.id}'`,
    );
    expect(qianfan().listServices()).toHaveLength(1);
  });

  it("switches a killed run's service it takes over to the model version its inputs name", async () => {
    const before = await publishedModel();
    const after = await publishedModel();
    // The killed run deployed the model as it was then; the model has been replaced since.
    const killed = await qianfanServiceProvider.create(
      serviceInputs(before.outs.modelSetId, before.outs.modelId),
      THIS_STACK_SERVICE,
    );

    const again = await qianfanServiceProvider.create(
      serviceInputs(after.outs.modelSetId, after.outs.modelId),
      THIS_STACK_SERVICE,
    );
    expect(again.id).toBe(killed.id);
    expect(again.outs).toMatchObject({
      modelSetId: after.outs.modelSetId,
      modelId: after.outs.modelId,
      runStatus: "Serving",
    });
    expect(qianfan().services.get(killed.id)).toMatchObject({
      modelId: after.outs.modelId,
      runStatus: "Serving",
    });
    expect(qf.lines.join("\n")).toContain(
      `QianfanService: ${killed.id} switches from ${before.outs.modelId} to ${after.outs.modelId}`,
    );
    // The version it served before is free again: its delete is not refused.
    await qianfanModelProvider.delete(before.id, before.outs);
    expect(
      qianfan()
        .listModels()
        .map((m) => m.modelId),
    ).toEqual([after.outs.modelId]);
  });

  it("reads the marker with DescribeService when the listing leaves the description out (Baidu does not document its fields)", async () => {
    const model = await publishedModel();
    const inputs = serviceInputs(model.outs.modelSetId, model.outs.modelId);
    const killed = await qianfanServiceProvider.create(inputs, THIS_STACK_SERVICE);
    setQianfanTransportOverrides({
      now: () => qf.clock.now(),
      policy: { maxAttempts: 1 },
      fetch: listingWithoutDescriptions,
    });
    const before = qf.emulator.requests.length;

    const again = await qianfanServiceProvider.create(inputs, THIS_STACK_SERVICE);
    expect(again.id).toBe(killed.id);
    expect(qf.emulator.requests.slice(before).map((r) => r.route)).toContain(
      "POST /v2/service?Action=DescribeService",
    );
  });

  it("keeps a deploy that outlasts its timeout in the state, still deploying", async () => {
    const model = await publishedModel();
    const inputs = {
      ...serviceInputs(model.outs.modelSetId, model.outs.modelId),
      deployTimeoutSeconds: 120,
    };

    const failure = await qianfanServiceProvider.create(inputs).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ResourceInitError);
    const init = failure as ResourceInitError;
    expect(init.message).toMatch(
      /QianfanService svco-\w+ is still Deploying after \d+ s\. It is still deploying/,
    );
    expect(init.id).toMatch(/^svco-/);
    expect(init.properties).toMatchObject({ serviceId: init.id, runStatus: "Deploying" });
    expect(
      qianfan()
        .listServices()
        .map((s) => s.runStatus),
    ).toEqual(["Deploying"]);
  });

  it("takes an already-offline service as removed, without a request to deactivate it, and says it is not deleted", async () => {
    const model = await publishedModel();
    const service = await qianfanServiceProvider.create(
      serviceInputs(model.outs.modelSetId, model.outs.modelId),
    );
    qianfan().services.deactivate(service.id);
    const before = qf.emulator.requests.length;

    await qianfanServiceProvider.delete(service.id, service.outs);
    const routes = qf.emulator.requests.slice(before).map((r) => r.route);
    expect(routes).toEqual(["POST /v2/service?Action=DescribeService"]);
    expect(qf.lines.join("\n")).toContain(
      `QianfanService: ${service.id} is offline (Stopped), NOT deleted.`,
    );
  });

  it("warns at every check that removing it only takes the service offline", async () => {
    await qianfanServiceProvider.check({}, { name: "faq-bot" });
    expect(qf.lines).toEqual([
      expect.stringMatching(
        /^warning: QianfanService "faq-bot": Baidu offers no API to delete a Qianfan service, so removing this resource only takes the service offline \(DeactivateService\)/,
      ),
    ]);
  });
});
