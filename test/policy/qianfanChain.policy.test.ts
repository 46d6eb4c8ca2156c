/**
 * The Qianfan service rules against what a dataset → job → task → model → service program registers (the
 * console chain fixture, captured with the mocks harness): compliant as written, and reported when one thing is
 * broken.
 */
import * as path from "node:path";
import { captureRegistrations, Registration } from "../../harness";
import {
  qianfanModelLineage,
  qianfanServicePayment,
  qianfanServiceResources,
} from "../../policy/policies";
import { registrationViolations } from "./helpers";

const CHAIN = path.join(__dirname, "..", "fixtures", "programs", "qianfanConsole");
const RULES = [qianfanServiceResources, qianfanServicePayment, qianfanModelLineage];

/** The ids Qianfan would give each resource (mocks otherwise echo the inputs). */
const OUTPUTS: Record<string, (name: string) => Record<string, unknown>> = {
  Dataset: (name) => ({ datasetId: `dg-${name}`, versionId: `ds-${name}` }),
  FineTuneJob: (name) => ({ jobId: `job-${name}` }),
  FineTuneTask: (name) => ({ taskId: `task-${name}` }),
  Model: (name) => ({ modelId: `amv-${name}`, modelSetId: `am-${name}` }),
  Service: (name) => ({ serviceId: `svco-${name}` }),
};
const outputsFor = (r: Registration) =>
  OUTPUTS[r.type.slice(r.type.lastIndexOf(":") + 1)]?.(r.name);

const ofType = (type: string) => (r: Registration) => r.type.endsWith(`:${type}`);

describe("the Qianfan service rules on the dataset-to-service chain", () => {
  let registrations: Registration[];
  beforeAll(async () => {
    const run = await captureRegistrations({
      programDir: CHAIN,
      stack: "dev",
      env: { QIANFAN_STAGE: "service" },
      outputsFor,
    });
    expect(run.errors).toEqual([]);
    registrations = run.registrations;
  });

  it("registers the whole chain, the service on the published model", () => {
    expect(registrations.map((r) => r.type.slice(r.type.lastIndexOf(":") + 1))).toEqual(
      expect.arrayContaining(["Dataset", "FineTuneJob", "FineTuneTask", "Model", "Service"]),
    );
    const service = registrations.find(ofType("Service"));
    expect(service?.inputs).toMatchObject({ modelId: "amv-model", modelSetId: "am-model" });
  });

  it("passes as written", async () => {
    expect(await registrationViolations(RULES, registrations, outputsFor)).toEqual([]);
  });

  it.each<[string, (r: Registration) => void, RegExp]>([
    [
      "a task on a dataset version from elsewhere",
      (r) =>
        ofType("FineTuneTask")(r) &&
        (r.inputs.datasetConfig = {
          sourceType: "Platform",
          versions: [{ versionId: "ds-other" }],
        }),
      /datasetConfig\.versions\[0\]\.versionId is "ds-other", which is not the versionId of a QianfanDataset/,
    ],
    [
      "a model published from a task elsewhere",
      (r) => ofType("Model")(r) && (r.inputs.taskId = "task-other"),
      /taskId is "task-other", which is not the taskId of a QianfanFineTuneTask in this stack/,
    ],
    [
      "a prepaid service outside production",
      (r) =>
        ofType("Service")(r) &&
        (r.inputs.billing = { paymentTiming: "Prepaid", reservation: { reservationLength: 1 } }),
      /billing\.paymentTiming is "Prepaid" \(a reservation paid up front\) in stack "dev"/,
    ],
    [
      "too many replicas",
      (r) =>
        ofType("Service")(r) && (r.inputs.resourceConfig = { type: "GPU-1-1", replicasCount: 8 }),
      /resourceConfig\.replicasCount is 8; lower it to 4/,
    ],
  ])("reports %s", async (_name, breakIt, message) => {
    const broken = structuredClone(registrations);
    broken.forEach(breakIt);
    const found = await registrationViolations(RULES, broken, outputsFor);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });
});
