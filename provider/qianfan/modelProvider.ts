/**
 * QianfanModel: a Done fine-tuning task published as a custom model version (research §4.2), into a model set the
 * user names (`modelSetId`) or one this resource creates. Create is safe to retry (createOnce for the set and the
 * version), waits until the version is Ready, and deletes what it made when that fails. Delete: the version, then
 * the set if this resource created it and nothing else is left in it.
 */
import { createOnce } from "../core/createOnce";
import { diffProps } from "../core/diff";
import { FinetuneError, messageOf, ResourceInitError } from "../core/errors";
import type { ResourceImplementation } from "../core/lifecycle";
import { collect } from "../core/paging";
import { poll } from "../core/poll";
import { progress } from "../core/progress";
import { qianfanClient, QianfanClient } from "./client";
import { idFromResult, isGone } from "./consoleResults";
import { markedName } from "./markedName";
import { deleteStackVersion, deleteVersion } from "./modelDeletion";
import { checkQianfanModel, MODEL_DEFAULTS, QianfanModelInputs } from "./modelInputs";
import {
  describeModel,
  describeModelSet,
  isFromTask,
  isModelFailed,
  isModelSettled,
  listModelSets,
  ModelVersionDetail,
} from "./modelObjects";
import { describeTask } from "./objects";
import { qianfanSettingsFailures } from "./settingsCheck";

const LABEL = "QianfanModel";
const AREA = "model";
const MAX_POLL_INTERVAL_MS = 30_000;
const REPLACE_KEYS = [
  "taskId",
  "checkpointStep",
  "modelSetId",
  "modelSetName",
  "modelType",
  "description",
] as const satisfies readonly (keyof QianfanModelInputs)[];
const UPDATE_KEYS = [
  "readyTimeoutSeconds",
  "pollIntervalSeconds",
] as const satisfies readonly (keyof QianfanModelInputs)[];

export interface QianfanModelOutputs extends QianfanModelInputs {
  /** The model set the version is in: the one given, or the one this resource created. */
  modelSetId: string;
  /** The published version (`amv-…`): what a service deploys. */
  modelId: string;
  /** Whether this resource created the model set (and deletes it when it is empty). */
  createdModelSet: boolean;
  /** The created set's name at Qianfan: modelSetName, `_` and this resource's marker. */
  remoteModelSetName?: string;
  /** The version's state: Creating, Ready or Fail (inferred names), when the service reports it. */
  status?: string;
}

export const qianfanModelProvider: ResourceImplementation<QianfanModelInputs, QianfanModelOutputs> =
  {
    async check(_olds, news) {
      const result = checkQianfanModel(news);
      return { ...result, failures: [...result.failures, ...qianfanSettingsFailures()] };
    },

    // `modelSetId` is an input and an output: the set this resource created is no input of the user's.
    diff: async (_id, olds, news) =>
      diffProps(
        { ...olds, modelSetId: olds.createdModelSet ? undefined : olds.modelSetId },
        news,
        REPLACE_KEYS,
        UPDATE_KEYS,
      ),

    async create(inputs, context) {
      const client = qianfanClient();
      await requireDoneTask(client, inputs.taskId);
      let outputs: QianfanModelOutputs;
      if (inputs.modelSetId !== undefined) {
        if (!(await describeModelSet(client, inputs.modelSetId)))
          throw new FinetuneError(
            `modelSetId: the model set ${inputs.modelSetId} does not exist; give an existing set, or modelSetName to create one.`,
          );
        outputs = { ...inputs, modelSetId: inputs.modelSetId, modelId: "", createdModelSet: false };
      } else {
        const remoteName = markedName(
          inputs.modelSetName ?? "",
          context?.identity,
          inputs,
          REPLACE_KEYS,
        );
        const modelSetId = await createSetOnce(client, inputs, remoteName, context?.identity);
        outputs = {
          ...inputs,
          modelSetId,
          modelId: "",
          createdModelSet: true,
          remoteModelSetName: remoteName,
        };
      }
      try {
        const version = await createVersionOnce(
          client,
          inputs,
          outputs.modelSetId,
          context?.identity,
        );
        outputs = { ...outputs, modelId: version.modelId, status: version.state };
        const ready = await waitUntilSettled(client, outputs);
        outputs = { ...outputs, status: ready.state };
        if (isModelFailed(ready.state))
          throw new FinetuneError(
            `${LABEL} ${ready.modelId}: publishing ${inputs.taskId} ended ${ready.state ?? ""}. Check the task's ` +
              "model in the Qianfan console.",
          );
        if (ready.state === undefined)
          progress(`${LABEL} ${ready.modelId}: the service reports no state; taken as ready`);
        progress(
          `${LABEL}: published ${inputs.taskId} as ${ready.modelId} in ${outputs.modelSetId}`,
        );
        return { id: ready.modelId, outs: outputs };
      } catch (error) {
        throw await removedAfterFailure(client, outputs, error, context?.identity);
      }
    },

    async read(id, state) {
      const version = await describeModel(qianfanClient(), id);
      return (
        version && {
          ...state,
          modelSetId: version.modelSetId ?? state.modelSetId,
          ...(version.state === undefined ? {} : { status: version.state }),
        }
      );
    },

    delete: (id, state, context) => deleteModel(qianfanClient(), id, state, context?.identity),
  };

async function requireDoneTask(client: QianfanClient, taskId: string): Promise<void> {
  const task = await describeTask(client, taskId);
  if (!task) throw new FinetuneError(`taskId: the fine-tuning task ${taskId} does not exist.`);
  if (task.runStatus !== "Done")
    throw new FinetuneError(
      `taskId: ${taskId} is ${task.runStatus}; only a Done task can be published. Set waitForCompletion: true on ` +
        "its QianfanFineTuneTask (then the model waits for it), or run `pulumi up` again once it is Done.",
    );
}

/** CreateCustomModelSet (its `result` is the new set's id), safe to retry; a killed run's set is found by its name. */
async function createSetOnce(
  client: QianfanClient,
  inputs: QianfanModelInputs,
  remoteName: string,
  identity: string | undefined,
): Promise<string> {
  const existing = await collect(listModelSets(client));
  const before = new Set(existing.map((set) => set.modelSetId));
  const named = (sets: readonly { modelSetId: string; modelSetName?: string }[]) =>
    sets.find((set) => set.modelSetName === remoteName && !before.has(set.modelSetId));
  const { modelSetId } = await createOnce<{ modelSetId: string }>({
    label: LABEL,
    request: "create",
    makes: "model set",
    findInterrupted: identity
      ? async () => existing.find((set) => set.modelSetName === remoteName)
      : undefined,
    create: async () => {
      const result = await client.action<unknown>(
        "CreateCustomModelSet",
        { modelSetName: remoteName, modelType: inputs.modelType ?? MODEL_DEFAULTS.modelType },
        "create Qianfan model set",
        AREA,
      );
      const id = idFromResult(result, "modelSetId");
      if (!id)
        throw new FinetuneError(
          `${LABEL}: CreateCustomModelSet answered no id (${JSON.stringify(result)}).`,
        );
      return { modelSetId: id };
    },
    findCreated: async () => named(await collect(listModelSets(client))),
    idOf: (set) => set.modelSetId,
  });
  progress(`${LABEL}: created model set ${modelSetId} (${remoteName})`);
  return modelSetId;
}

/**
 * CreateCustomModel, safe to retry. What an earlier attempt or a killed run made is the set's version published
 * from this task (and step, and description): versions carry no free field for a marker.
 */
async function createVersionOnce(
  client: QianfanClient,
  inputs: QianfanModelInputs,
  modelSetId: string,
  identity: string | undefined,
): Promise<ModelVersionDetail> {
  const versionIds = async () => (await describeModelSet(client, modelSetId))?.modelIds ?? [];
  const before = await versionIds();
  const body = {
    modelSetId,
    sourceType: "Train",
    trainMeta: {
      taskId: inputs.taskId,
      ...(inputs.checkpointStep === undefined ? {} : { checkpointStep: inputs.checkpointStep }),
    },
    ...(inputs.description ? { description: inputs.description } : {}),
  };
  return createOnce<ModelVersionDetail>({
    label: LABEL,
    request: "publish",
    makes: "model version",
    findInterrupted: identity ? () => interruptedVersion(client, inputs, before) : undefined,
    statusOf: (version) => version.state ?? "state unknown",
    create: async () => {
      const result = await client.action<unknown>(
        "CreateCustomModel",
        body,
        "publish Qianfan model version",
        AREA,
      );
      const modelId = idFromResult(result, "modelId");
      if (!modelId)
        throw new FinetuneError(
          `${LABEL}: CreateCustomModel answered no modelId (${JSON.stringify(result)}).`,
        );
      return (await describeModel(client, modelId)) ?? { modelId, modelSetId };
    },
    findCreated: async () => {
      const fresh = (await versionIds()).filter((id) => !before.includes(id));
      return versionFrom(client, fresh, inputs);
    },
    idOf: (version) => version.modelId,
  });
}

/** A version published from this task (step, description) already in the set; one that failed is deleted. */
async function interruptedVersion(
  client: QianfanClient,
  inputs: QianfanModelInputs,
  ids: readonly string[],
): Promise<ModelVersionDetail | undefined> {
  const version = await versionFrom(client, ids, inputs);
  if (!version || !isModelFailed(version.state)) return version;
  progress(
    `${LABEL}: ${version.modelId}, which an interrupted earlier run published, ended ${version.state ?? ""}; ` +
      "deleting it and publishing again",
  );
  await deleteVersion(client, version.modelId);
  return undefined;
}

async function versionFrom(
  client: QianfanClient,
  ids: readonly string[],
  inputs: QianfanModelInputs,
): Promise<ModelVersionDetail | undefined> {
  for (const id of ids) {
    const version = await describeModel(client, id);
    if (version && isFromTask(version, inputs)) return version;
  }
  return undefined;
}

function waitUntilSettled(
  client: QianfanClient,
  outputs: QianfanModelOutputs,
): Promise<ModelVersionDetail> {
  return poll({
    what: `${LABEL} ${outputs.modelId}`,
    read: async () => {
      const version = await describeModel(client, outputs.modelId);
      if (!version)
        throw new FinetuneError(`${LABEL} ${outputs.modelId} disappeared while it was being made.`);
      return version;
    },
    state: (version) => version.state ?? "state not reported",
    done: (version) => isModelSettled(version.state),
    timeoutMs: outputs.readyTimeoutSeconds * 1000,
    timeoutHint:
      "Raise readyTimeoutSeconds; the version is deleted, so run `pulumi up` again to publish it anew.",
    firstDelayMs: outputs.pollIntervalSeconds * 1000,
    maxDelayMs: MAX_POLL_INTERVAL_MS,
  });
}

/** After a failed create: the version and a set this resource made are deleted, then the error is reported. */
async function removedAfterFailure(
  client: QianfanClient,
  outputs: QianfanModelOutputs,
  error: unknown,
  identity: string | undefined,
): Promise<Error> {
  const reason = messageOf(error).replace(/\.?$/, ".");
  const made = [outputs.modelId, outputs.createdModelSet ? outputs.modelSetId : ""].filter(Boolean);
  if (made.length === 0) return error instanceof Error ? error : new FinetuneError(reason);
  try {
    await deleteModel(client, outputs.modelId, outputs, identity);
  } catch (cleanup) {
    return new ResourceInitError(
      `${reason} ${made.join(" and ")} could not be deleted (${messageOf(cleanup)}); the resource is kept in the ` +
        "stack's state, so `pulumi destroy` deletes it.",
      outputs.modelId || outputs.modelSetId,
      outputs,
    );
  }
  return new FinetuneError(
    `${reason} ${made.join(" and ")} ${made.length === 1 ? "was" : "were"} deleted, so nothing is left behind; ` +
      "fix the cause and run again.",
    { cause: error },
  );
}

/**
 * The version, then a set this resource created once nothing is left in it. Versions of that set published from
 * the same task are an interrupted run's (the set's name carries this resource's marker): they go too. A version
 * deployed by a service an interrupted run of this stack made is freed first (modelDeletion.ts).
 */
async function deleteModel(
  client: QianfanClient,
  modelId: string,
  state: Pick<QianfanModelOutputs, "modelSetId" | "createdModelSet" | "taskId">,
  identity: string | undefined,
): Promise<void> {
  if (modelId) await deleteStackVersion(client, modelId, identity);
  if (!state.createdModelSet) return;
  const set = await describeModelSet(client, state.modelSetId);
  if (!set) return;
  const left: string[] = [];
  for (const id of set.modelIds ?? []) {
    const version = await describeModel(client, id);
    if (version?.sourceInfo?.trainTaskId === state.taskId) {
      progress(
        `${LABEL}: ${id} in ${state.modelSetId} is not in the state: an interrupted run published it; deleting it`,
      );
      await deleteStackVersion(client, id, identity);
    } else if (version) left.push(id);
  }
  if (left.length > 0) {
    progress(
      `${LABEL}: keeping model set ${state.modelSetId}: it holds versions this resource did not publish (${left.join(", ")})`,
    );
    return;
  }
  try {
    await client.action(
      "DeleteModelSet",
      { modelSetId: state.modelSetId },
      "delete Qianfan model set",
      AREA,
    );
    progress(`${LABEL}: deleted model set ${state.modelSetId}`);
  } catch (error) {
    if (!isGone(error)) throw error;
  }
}
