import { qianfanModelLineage } from "../../policy/policies";
import {
  happyQianfanDataset,
  happyQianfanJob,
  happyQianfanModel,
  happyQianfanService,
  happyQianfanTask,
} from "./fixtures";
import {
  atPreview,
  schemaDefaults,
  stackViolations,
  urnOf,
  withPath,
  type ResourceSpec,
} from "./helpers";

/** Stack validation sees outputs: each resource carries the ids Qianfan gave it. */
const dataset = () => withPath(happyQianfanDataset(), "props.versionId", "ds-1");
const task = () => withPath(happyQianfanTask(), "props.taskId", "task-1");
const model = () =>
  withPath(withPath(happyQianfanModel(), "props.modelId", "amv-1"), "props.modelSetId", "am-1");
const service = happyQianfanService;
const stack = (): ResourceSpec[] => [dataset(), happyQianfanJob(), task(), model(), service()];
/** The stack with `spec` in place of the resource of the same name. */
const replacing = (spec: ResourceSpec, specs = stack()) =>
  specs.map((s) => (s.name === spec.name ? spec : s));
const without = (name: string) => stack().filter((s) => s.name !== name);

/** The same stack at preview, nothing created yet: every id unknown, each reference a property dependency. */
const previewStack = (
  taskSpec = task(),
  taskUnknowns = ["datasetConfig.versions.0.versionId"],
): ResourceSpec[] => [
  atPreview(dataset(), "versionId"),
  happyQianfanJob(),
  atPreview(
    { ...taskSpec, propertyDependencies: { datasetConfig: ["qdataset"] } },
    "taskId",
    ...taskUnknowns,
  ),
  atPreview(
    { ...model(), propertyDependencies: { taskId: ["qtask"] } },
    "taskId",
    "modelId",
    "modelSetId",
  ),
  atPreview(
    { ...service(), propertyDependencies: { modelId: ["qmodel"], modelSetId: ["qmodel"] } },
    "modelId",
    "modelSetId",
  ),
];

const SERVICE_URN = urnOf(service().type, "qservice");
const ESCAPE =
  "or add the model version to allowedModelIds or set allowExternalModels in the policy config.";
const FROM_TASK =
  'modelId comes from QianfanModel "qmodel", published from QianfanFineTuneTask "qtask", ';
const TRAIN = "train the task on the stack's QianfanDataset (datasetConfig: { dataset }) instead, ";
const messages = {
  model: (id: string) =>
    `modelId is "${id}", which is not the modelId of a QianfanModel in this stack; deploy the stack's ` +
    `QianfanModel (its modelId and modelSetId) instead, ${ESCAPE}`,
  task: (id: string) =>
    `modelId comes from QianfanModel "qmodel", whose taskId is "${id}", which is not the taskId of a ` +
    `QianfanFineTuneTask in this stack; publish the model from the stack's QianfanFineTuneTask (its taskId) ` +
    `instead, ${ESCAPE}`,
  version: (id: string) =>
    `${FROM_TASK}whose datasetConfig.versions[0].versionId is "${id}", which is not the versionId of a ` +
    `QianfanDataset in this stack; ${TRAIN}${ESCAPE}`,
  bos: (what: string) =>
    `${FROM_TASK}which trains on BOS data (${what}), not on a QianfanDataset of this stack; ${TRAIN}${ESCAPE}`,
  modelSet: (id: string) =>
    `modelSetId is "${id}", which is not the modelSetId of QianfanModel "qmodel" (the model modelId comes ` +
    "from); pass that model's modelSetId with its modelId.",
};
const bosTask = () =>
  withPath(task(), "props.datasetConfig", {
    sourceType: "Bos",
    versions: [{ versionBosUri: "bos:/bucket/faq/" }],
  });

describe("finetune-qianfan-model-lineage", () => {
  it("has allowExternalModels false and no allowedModelIds by default", () => {
    expect(schemaDefaults(qianfanModelLineage)).toEqual({
      allowExternalModels: false,
      allowedModelIds: [],
    });
  });

  it.each([
    ["a service on the stack's model, task and dataset", stack(), {}],
    [
      "resources matched by their id output",
      [
        withPath(happyQianfanDataset(), "props.versionId", "ds-1"),
        withPath(happyQianfanTask(), "props.id", "task-1"),
        withPath(withPath(happyQianfanModel(), "props.id", "amv-1"), "props.modelSetId", "am-1"),
        service(),
      ],
      {},
    ],
    [
      "a task on two versions of the stack's datasets",
      [
        ...stack(),
        { ...withPath(happyQianfanDataset(), "props.versionId", "ds-2"), name: "qdataset2" },
      ].map((s) =>
        s.name === "qtask"
          ? withPath(s, "props.datasetConfig.versions", [
              { versionId: "ds-1" },
              { versionId: "ds-2" },
            ])
          : s,
      ),
      {},
    ],
    ["a stack without services", without("qservice"), {}],
    ["a model of an external task that no service deploys", [model()], {}],
    ["the whole chain at preview", previewStack(), {}],
    ["a modelId not known yet and from no resource", [atPreview(service(), "modelId")], {}],
    ["a taskId not known yet and from no resource", replacing(atPreview(model(), "taskId")), {}],
    [
      "a version not known yet",
      replacing(atPreview(task(), "datasetConfig.versions.0.versionId")),
      {},
    ],
    ["a datasetConfig not known yet", replacing(atPreview(task(), "datasetConfig")), {}],
    ["an external model with allowExternalModels", [service()], { allowExternalModels: true }],
    [
      "a BOS-trained model with allowExternalModels",
      replacing(bosTask()),
      { allowExternalModels: true },
    ],
    ["an external model listed in allowedModelIds", [service()], { allowedModelIds: ["amv-1"] }],
    [
      "a model of an external task listed in allowedModelIds",
      without("qtask"),
      { allowedModelIds: ["amv-1"] },
    ],
  ])("passes %s", async (_, specs, config) => {
    expect(await stackViolations(qianfanModelLineage, specs, config)).toEqual([]);
  });

  it.each([
    ["a model from outside the stack", without("qmodel"), messages.model("amv-1")],
    [
      "a modelId matching no model of the stack",
      replacing(withPath(service(), "props.modelId", "amv-other")),
      messages.model("amv-other"),
    ],
    [
      "a modelId that could be a secret, without quoting it",
      replacing(withPath(service(), "props.modelId", "sk-0123456789abcdef0123456789")),
      `modelId (the value is not shown) is not the modelId of a QianfanModel in this stack; deploy the stack's ` +
        `QianfanModel (its modelId and modelSetId) instead, ${ESCAPE}`,
    ],
    [
      "another model's set",
      replacing(withPath(service(), "props.modelSetId", "am-2")),
      messages.modelSet("am-2"),
    ],
    ["a model published from a task outside the stack", without("qtask"), messages.task("task-1")],
    [
      "a model whose taskId matches no task of the stack",
      replacing(withPath(model(), "props.taskId", "task-9")),
      messages.task("task-9"),
    ],
    ["a task on a dataset outside the stack", without("qdataset"), messages.version("ds-1")],
    [
      "a task on a version of no dataset of the stack",
      replacing(withPath(task(), "props.datasetConfig.versions.0.versionId", "ds-9")),
      messages.version("ds-9"),
    ],
    ["a task on BOS data", replacing(bosTask()), messages.bos('datasetConfig.sourceType "Bos"')],
    [
      "a Platform task on a BOS URI",
      replacing(
        withPath(task(), "props.datasetConfig.versions", [{ versionBosUri: "bos:/bucket/faq/" }]),
      ),
      messages.bos("datasetConfig.versions[0].versionBosUri"),
    ],
    [
      "a chain at preview whose task trains on an external version, through the dependencies",
      previewStack(withPath(task(), "props.datasetConfig.versions.0.versionId", "ds-external"), []),
      messages.version("ds-external"),
    ],
    [
      "a chain at preview whose task trains on BOS data",
      previewStack(bosTask(), []),
      messages.bos('datasetConfig.sourceType "Bos"'),
    ],
    [
      "an external model when allowedModelIds lists another",
      without("qmodel"),
      messages.model("amv-1"),
      { allowedModelIds: ["amv-2"] },
    ],
  ])("reports %s", async (...[, specs, message, config]) => {
    expect(await stackViolations(qianfanModelLineage, specs, config ?? {})).toEqual([
      { message, urn: SERVICE_URN },
    ]);
  });

  it("reports each service on its own", async () => {
    const second = { ...withPath(service(), "props.modelId", "amv-2"), name: "qservice2" };
    expect(await stackViolations(qianfanModelLineage, [...stack(), second])).toEqual([
      { message: messages.model("amv-2"), urn: urnOf(service().type, "qservice2") },
    ]);
  });
});
