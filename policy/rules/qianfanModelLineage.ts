import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import {
  QIANFAN_DATASET_TYPE,
  QIANFAN_MODEL_TYPE,
  QIANFAN_SERVICE_TYPE,
  QIANFAN_TASK_TYPE,
} from "../tokens";
import { configOf, readPath, show, UNKNOWN } from "../util";

export interface QianfanModelLineageConfig {
  allowExternalModels: boolean;
  allowedModelIds: string[];
}

/** Where a reference leads: a resource of the stack, an id from outside it, or nothing to check yet. */
export type Link =
  | { kind: "found"; resource: PolicyResource }
  | { kind: "outside"; value: string }
  | { kind: "unknown" };

/**
 * Follows `from.props[field]` to the candidate whose id (any of `idKeys`) it is. A value not known yet (preview)
 * is followed through the property's dependencies instead, so a chain of resources none of which exists yet is
 * still checked; a value that is unset, or unknown without such a dependency, has nothing to check.
 */
export function linkTo(
  from: PolicyResource,
  field: string,
  candidates: PolicyResource[],
  idKeys: string[],
): Link {
  const value = readPath(from.props, field);
  if (typeof value === "string" && value !== "") {
    const match = candidates.find((c) => idKeys.some((key) => readPath(c.props, key) === value));
    return match ? { kind: "found", resource: match } : { kind: "outside", value };
  }
  if (value !== UNKNOWN) return { kind: "unknown" };
  const dependency = dependenciesOf(from, field).find((d) => candidates.includes(d));
  return dependency ? { kind: "found", resource: dependency } : { kind: "unknown" };
}

/** The resources a (top-level) property depends on, as the engine records them. */
function dependenciesOf(resource: PolicyResource, field: string): PolicyResource[] {
  const top = field.split(".")[0] ?? field;
  return resource.propertyDependencies[top] ?? [];
}

/** Quotes an id shaped as Qianfan prints them (`<prefix>` and letters or digits); anything else is not shown. */
function subject(field: string, value: string, prefix: string): string {
  return new RegExp(`^${prefix}[A-Za-z0-9]{1,64}$`).test(value)
    ? `${field} is ${show(value)}, which is`
    : `${field} (the value is not shown) is`;
}

/** What is wrong with the data a task trains on, or undefined when it is the stack's QianfanDataset. */
export function trainingDataProblem(
  task: PolicyResource,
  datasets: PolicyResource[],
): string | undefined {
  if (readPath(task.props, "datasetConfig.sourceType") === "Bos")
    return 'which trains on BOS data (datasetConfig.sourceType "Bos"), not on a QianfanDataset of this stack';
  const versions = readPath(task.props, "datasetConfig.versions");
  // Unknown at preview, or not given (the provider refuses that): nothing to check.
  if (!Array.isArray(versions)) return undefined;
  for (let i = 0; i < versions.length; i++) {
    const field = `datasetConfig.versions[${i}]`;
    const versionId = readPath(versions, `${i}.versionId`);
    if (typeof versionId === "string" && versionId !== "") {
      if (datasets.some((d) => readPath(d.props, "versionId") === versionId)) continue;
      return `whose ${subject(`${field}.versionId`, versionId, "ds-")} not the versionId of a QianfanDataset in this stack`;
    }
    if (versionId === UNKNOWN) continue; // checked once it is known
    if (readPath(versions, `${i}.versionBosUri`) !== undefined)
      return `which trains on BOS data (${field}.versionBosUri), not on a QianfanDataset of this stack`;
  }
  return undefined;
}

const ESCAPE =
  "or add the model version to allowedModelIds or set allowExternalModels in the policy config.";
const TRAIN_ON_DATASET =
  "train the task on the stack's QianfanDataset (datasetConfig: { dataset }) instead, ";

/** The first broken link from a service back to its dataset, as a message, or undefined. */
export function lineageProblem(
  service: PolicyResource,
  resources: PolicyResource[],
): string | undefined {
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  const model = linkTo(service, "modelId", ofType(QIANFAN_MODEL_TYPE), ["modelId", "id"]);
  if (model.kind === "outside")
    return (
      `${subject("modelId", model.value, "amv-")} not the modelId of a QianfanModel in this stack; deploy the ` +
      `stack's QianfanModel (its modelId and modelSetId) instead, ${ESCAPE}`
    );
  if (model.kind !== "found") return undefined;
  const from = `modelId comes from QianfanModel ${show(model.resource.name)}`;
  const setId = readPath(service.props, "modelSetId");
  const modelSetId = readPath(model.resource.props, "modelSetId");
  if (typeof setId === "string" && typeof modelSetId === "string" && setId !== modelSetId)
    return (
      `${subject("modelSetId", setId, "am-")} not the modelSetId of QianfanModel ${show(model.resource.name)} ` +
      "(the model modelId comes from); pass that model's modelSetId with its modelId."
    );
  const task = linkTo(model.resource, "taskId", ofType(QIANFAN_TASK_TYPE), ["taskId", "id"]);
  if (task.kind === "outside")
    return (
      `${from}, whose ${subject("taskId", task.value, "task-")} not the taskId of a QianfanFineTuneTask in ` +
      `this stack; publish the model from the stack's QianfanFineTuneTask (its taskId) instead, ${ESCAPE}`
    );
  if (task.kind !== "found") return undefined;
  const data = trainingDataProblem(task.resource, ofType(QIANFAN_DATASET_TYPE));
  if (data === undefined) return undefined;
  return `${from}, published from QianfanFineTuneTask ${show(task.resource.name)}, ${data}; ${TRAIN_ON_DATASET}${ESCAPE}`;
}

export const qianfanModelLineage: StackValidationPolicy = {
  name: "finetune-qianfan-model-lineage",
  description:
    "Qianfan services deploy a model the same stack publishes from its own task and dataset.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowExternalModels: { type: "boolean", default: false },
      allowedModelIds: { type: "array", items: { type: "string" }, default: [] },
    },
  },
  validateStack: (args, report) => {
    const { allowExternalModels, allowedModelIds } = configOf<QianfanModelLineageConfig>(
      qianfanModelLineage,
      args,
    );
    if (allowExternalModels) return;
    for (const service of args.resources) {
      if (service.type !== QIANFAN_SERVICE_TYPE) continue;
      const modelId = readPath(service.props, "modelId");
      if (typeof modelId === "string" && (allowedModelIds ?? []).includes(modelId)) continue;
      const problem = lineageProblem(service, args.resources);
      if (problem) report(problem, service.urn);
    }
  },
};
