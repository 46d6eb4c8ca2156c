/**
 * The whole pack against what the quick-start program and the Qianfan example register (captured with the mocks
 * harness): compliant as written, and reported when one thing is broken.
 */
import * as path from "node:path";
import { captureRegistrations, Registration } from "../../harness";
import { policies } from "../../policy/policies";
import { registrationViolations } from "./helpers";

const EXAMPLES = path.join(__dirname, "..", "..", "examples");
const QUICKSTART = path.join(EXAMPLES, "quickstart");
const QIANFAN = path.join(EXAMPLES, "qianfan");

/** What the engine would report as outputs: the files' ids (mocks otherwise echo the inputs). */
const outputsFor = (r: Registration) =>
  r.type.endsWith(":TrainingFile") || r.type.endsWith(":Upload")
    ? { fileId: `file-${r.name}`, purpose: "fine-tune" }
    : undefined;

const allViolations = (registrations: Registration[]) =>
  registrationViolations(policies, registrations, outputsFor);

describe("the policy pack on the quick start", () => {
  let registrations: Registration[];
  beforeAll(async () => {
    const run = await captureRegistrations({ programDir: QUICKSTART, outputsFor });
    expect(run.errors).toEqual([]);
    registrations = run.registrations;
  });

  it("passes as written", async () => {
    expect(await allViolations(registrations)).toEqual([]);
  });

  it.each<[string, (r: Registration) => void, RegExp]>([
    [
      "too many epochs",
      (r) => r.type.endsWith(":FineTuneJob") && (r.inputs.hyperparameters = { nEpochs: 50 }),
      /nEpochs is 50; lower it to 10/,
    ],
    [
      "a model outside the allowed list",
      (r) => r.type.endsWith(":FineTuneJob") && (r.inputs.model = "gpt-4-0613"),
      /gpt-4-0613/,
    ],
    [
      "an http endpoint",
      (r) => r.type.endsWith(":TrainingFile") && (r.inputs.endpoint = "http://aoai.example.com"),
      /use an https:\/\/ endpoint/,
    ],
    [
      "a key in an input",
      (r) => r.type.endsWith(":Upload") && (r.inputs.apiKey = "0123456789abcdef0123456789abcdef"),
      /apiKey/,
    ],
    [
      "a hard-coded training file id",
      (r) => r.type.endsWith(":FineTuneJob") && (r.inputs.trainingFileId = "file-from-elsewhere"),
      /trainingFileId is "file-from-elsewhere", which is not the fileId of a TrainingFile or Upload in this stack/,
    ],
    [
      "an unrecognised training type",
      (r) => r.type.endsWith(":FineTuneJob") && (r.inputs.trainingType = "provisioned"),
      /trainingType is "provisioned", which is not a training type this policy recognises/,
    ],
    [
      "a reinforcement job over the compute ceiling",
      (r) =>
        r.type.endsWith(":FineTuneJob") &&
        (r.inputs.method = {
          type: "reinforcement",
          reinforcement: {
            grader: {
              type: "string_check",
              name: "g",
              input: "a",
              reference: "b",
              operation: "eq",
            },
            hyperparameters: { computeMultiplier: 3 },
          },
        }),
      /method\.reinforcement\.hyperparameters\.computeMultiplier is 3; lower it to 1/,
    ],
  ])("reports %s", async (_name, breakIt, message) => {
    const broken = structuredClone(registrations);
    broken.forEach(breakIt);
    const found = await allViolations(broken);
    expect(found.join("\n")).toMatch(message);
    expect(found.join("\n")).not.toContain("0123456789abcdef0123456789abcdef");
  });
});

describe("the policy pack on the Qianfan example (dataset, job, task, model, service)", () => {
  let registrations: Registration[];
  beforeAll(async () => {
    const run = await captureRegistrations({ programDir: QIANFAN, project: "finetune-qianfan" });
    expect(run.errors).toEqual([]);
    registrations = run.registrations;
  });

  it("registers the whole chain and passes as written", async () => {
    expect(registrations.map((r) => r.type.replace("pulumi-nodejs:dynamic/", "")).sort()).toEqual([
      "qianfan:Dataset",
      "qianfan:FineTuneJob",
      "qianfan:FineTuneTask",
      "qianfan:Model",
      "qianfan:Service",
    ]);
    expect(await allViolations(registrations)).toEqual([]);
  });

  it("reports a Qianfan job without a description", async () => {
    const broken = structuredClone(registrations);
    for (const r of broken) if (r.type.endsWith("qianfan:FineTuneJob")) delete r.inputs.description;
    expect((await allViolations(broken)).join("\n")).toMatch(/description/);
  });
});
