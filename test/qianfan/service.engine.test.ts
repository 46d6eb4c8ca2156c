/**
 * QianfanService through the engine protocol against the emulator: deploy, switch the model version in place,
 * replace (old one offline first), refresh, take offline on destroy (Baidu has no delete), lost answers.
 */
import { emptyState, StackState } from "../../harness";
import { loseNextAnswer } from "../helpers/lostAnswer";
import { useSharedStack } from "../helpers/sharedStack";

const SERVICE_TYPE = "pulumi-nodejs:dynamic/qianfan:Service";
const MODEL_TYPE = "pulumi-nodejs:dynamic/qianfan:Model";
const TIMINGS = {
  qianfanDatasetTimings: { importingMs: 200, publishingMs: 100 },
  qianfanTaskTimings: { waitingMs: 100, runningMs: 300 },
  qianfanModelTimings: { creatingMs: 200 },
  qianfanServiceTimings: { newMs: 200, deployingMs: 300 },
};
const OFFLINE_ONLY = "removing this resource only takes the service offline";

// Polls of 1 s (the least a program may give) read every 50 ms, as fast as the emulator's timings above.
const stack = useSharedStack({ program: "qianfanConsole", emulator: TIMINGS, waitDivisor: 20 });
const env = (service: object, model: object) => ({
  QIANFAN_STAGE: "service",
  QIANFAN_SERVICE_ARGS: JSON.stringify(service),
  QIANFAN_MODEL_ARGS: JSON.stringify(model),
});
const up = (service: object = {}, state: StackState = emptyState(), model: object = {}) =>
  stack.engine.up(state, env(service, model));
const logs = () => stack.logs();
const services = () => stack.emulator.store.qianfan.listServices();
const serviceStep = (result: { steps: { type: string; op: string; detail?: string }[] }) =>
  result.steps.find((s) => s.type === SERVICE_TYPE);

describe("QianfanService through the engine protocol", () => {
  it("warns at preview that removing it only takes the service offline, and sends nothing", async () => {
    const preview = await stack.engine.preview(emptyState(), env({}, {}));
    expect(preview.errors).toEqual([]);
    expect(logs()).toContain(
      `warning: QianfanService "faq-bot": Baidu offers no API to delete a Qianfan service, so ${OFFLINE_ONLY}`,
    );
    expect(stack.emulator.requests).toHaveLength(0);
  });

  it("deploys the model until Serving, with progress, and changes nothing on a second up", async () => {
    const first = await up();

    expect(first.errors).toEqual([]);
    const [service] = services();
    expect(services()).toHaveLength(1);
    expect(first.outputs).toMatchObject({
      serviceId: service?.serviceId,
      runStatus: "Serving",
      url: expect.stringMatching(/\/faq-bot$/),
    });
    expect(service).toMatchObject({ modelId: first.outputs.modelId, runStatus: "Serving" });
    expect(logs()).toMatch(
      /QianfanService svco-\w+: (New|Deploying)[\s\S]*QianfanService svco-\w+: Serving/,
    );

    const before = stack.emulator.requests.length;
    const second = await up({}, first.state);
    expect(second.steps.every((s) => s.op === "same")).toBe(true);
    expect(stack.emulator.requests.length).toBe(before);
  });

  it("switches to a new model version in place (ModifyService), then deletes the old version", async () => {
    const first = await up();
    const second = await up({}, first.state, { description: "second cut" });

    expect(second.errors).toEqual([]);
    expect(second.steps.find((s) => s.type === MODEL_TYPE)?.op).toBe("replace");
    expect(serviceStep(second)?.op).toBe("update");
    expect(second.outputs.serviceId).toBe(first.outputs.serviceId);
    expect(services()).toEqual([
      expect.objectContaining({
        serviceId: first.outputs.serviceId,
        modelId: second.outputs.modelId,
      }),
    ]);
    expect(stack.emulator.store.qianfan.listModels().map((m) => m.modelId)).toEqual([
      second.outputs.modelId,
    ]);
    expect(stack.emulator.requests.map((r) => r.route)).toContain(
      "POST /v2/service?Action=ModifyService",
    );
  });

  it("replaces the service when its urlSuffix changes: the old one goes offline first", async () => {
    const first = await up();
    const second = await up({ urlSuffix: "faq-bot-2" }, first.state);

    expect(second.errors).toEqual([]);
    expect(serviceStep(second)).toMatchObject({ op: "replace", detail: "urlSuffix" });
    expect(services().map((s) => [s.serviceId, s.runStatus])).toEqual([
      [first.outputs.serviceId, "Stopped"],
      [second.outputs.serviceId, "Serving"],
    ]);
    expect(logs()).toContain(
      `${first.outputs.serviceId as string} is offline (Stopped), NOT deleted`,
    );
  });

  it.each([
    ["deleted", (id: string) => stack.emulator.store.qianfan.services.remove(id)],
    ["taken offline", (id: string) => stack.emulator.store.qianfan.services.deactivate(id)],
  ])("forgets a service %s outside the stack on refresh", async (_how, change) => {
    const first = await up();
    change(first.outputs.serviceId as string);

    const refreshed = await stack.engine.refresh(first.state);
    expect(serviceStep(refreshed)?.op).toBe("forget");
  });

  it("destroy takes the service offline and says it is not deleted; the model behind it is deleted", async () => {
    const first = await up();
    const destroyed = await stack.engine.destroy(first.state);

    expect(destroyed.errors).toEqual([]);
    expect(services().map((s) => s.runStatus)).toEqual(["Stopped"]);
    expect(stack.emulator.store.qianfan.listModels()).toEqual([]);
    expect(logs()).toMatch(
      /QianfanService: svco-\w+ is offline \(Stopped\), NOT deleted\. Baidu offers no API/,
    );
    expect(stack.emulator.requests.map((r) => r.route)).toContain(
      "POST /v2/service?Action=DeactivateService",
    );
  });

  it("makes one service when the answer to CreateService is lost (after: true, drop: true)", async () => {
    loseNextAnswer(stack.emulator, "POST /v2/service?Action=CreateService");
    const result = await up();

    expect(result.errors).toEqual([]);
    expect(services()).toHaveLength(1);
    expect(logs()).toContain("QianfanService: the create's answer was lost, but it created svco-");
  });

  it("takes over the service a killed run made but never recorded", async () => {
    const killed = await up();
    const next = await up({}, emptyState());

    expect(next.errors).toEqual([]);
    expect(next.outputs.serviceId).toBe(killed.outputs.serviceId);
    expect(services()).toHaveLength(1);
    expect(logs()).toMatch(/QianfanService: taking over svco-\w+ \(Serving\)/);
  });

  it("reports a failed deploy and takes the service offline", async () => {
    const result = await up({ name: "will-fail" });

    expect(result.errors.join("\n")).toMatch(
      /QianfanService svco-\w+ ended Failed instead of Serving\. It was taken offline; Baidu has no API to delete it/,
    );
    expect(services().map((s) => s.runStatus)).toEqual(["Stopped"]);
    expect(result.state.resources.find((r) => r.type === SERVICE_TYPE)).toBeUndefined();
  });
});
