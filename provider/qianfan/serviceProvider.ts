/**
 * QianfanService: a model version deployed at a URL (research §5). Create is safe to retry (a killed run's service
 * is found by the marker its description carries, and its name and urlSuffix) and waits until it is Serving. Switching the model version is an update
 * (ModifyService); every other change replaces the service, taking the old one offline first (its URL cannot be
 * held twice). Baidu documents no action that deletes a service (§5.7): delete takes it offline
 * (DeactivateService) and says so, loudly, at every preview and at the delete.
 */
import { createOnce } from "../core/createOnce";
import { definedOnly } from "../core/defined";
import { deletingFirst, diffProps } from "../core/diff";
import { FinetuneError, messageOf, ResourceInitError } from "../core/errors";
import { markerOf } from "../core/identity";
import type { ResourceImplementation } from "../core/lifecycle";
import { collect } from "../core/paging";
import { poll } from "../core/poll";
import { progress } from "../core/progress";
import { qianfanClient, QianfanClient } from "./client";
import { idFromResult } from "./consoleResults";
import { markedDescription, markerInDescription } from "./markedDescription";
import {
  describeService,
  isDeploying,
  isLive,
  listServices,
  requireService,
  servesAt,
  ServiceDetail,
  ServiceRunStatus,
} from "./serviceObjects";
import { checkQianfanService, QianfanServiceInputs } from "./serviceInputs";
import { NOT_DELETED, takeOffline } from "./serviceOffline";
import { qianfanSettingsFailures } from "./settingsCheck";

const LABEL = "QianfanService";
const AREA = "service";
const MAX_POLL_INTERVAL_MS = 30_000;
const REPLACE_KEYS = [
  "name",
  "urlSuffix",
  "description",
  "deploymentConfig",
  "resourceConfig",
  "billing",
] as const satisfies readonly (keyof QianfanServiceInputs)[];
const UPDATE_KEYS = [
  "modelSetId",
  "modelId",
  "deployTimeoutSeconds",
  "pollIntervalSeconds",
] as const satisfies readonly (keyof QianfanServiceInputs)[];

export interface QianfanServiceOutputs extends QianfanServiceInputs {
  serviceId: string;
  /** Where the service answers. */
  url?: string;
  /** The access point, as DescribeService reports it. */
  endpoint?: string;
  runStatus: ServiceRunStatus;
  chargeType?: string;
}

export const qianfanServiceProvider: ResourceImplementation<
  QianfanServiceInputs,
  QianfanServiceOutputs
> = {
  async check(_olds, news) {
    const result = checkQianfanService(news);
    const name = typeof news.name === "string" ? ` "${news.name}"` : "";
    progress(`warning: ${LABEL}${name}: ${NOT_DELETED}`);
    return { ...result, failures: [...result.failures, ...qianfanSettingsFailures()] };
  },

  diff: async (_id, olds, news) => deletingFirst(diffProps(olds, news, REPLACE_KEYS, UPDATE_KEYS)),

  async create(inputs, context) {
    const client = qianfanClient();
    const { serviceId } = await createServiceOnce(client, inputs, context?.identity);
    const started: QianfanServiceOutputs = { ...inputs, serviceId, runStatus: "New" };
    let detail: ServiceDetail;
    try {
      detail = await waitUntilDeployed(client, started, inputs.deployTimeoutSeconds * 1000);
    } catch (error) {
      const latest = await describeService(client, serviceId).catch(() => undefined);
      if (latest === undefined || !isDeploying(latest.runStatus)) throw error;
      // Still deploying (5 to 20 minutes is usual): kept in the state, so refresh follows it and destroy stops it.
      throw new ResourceInitError(messageOf(error), serviceId, withService(started, latest));
    }
    const outputs = withService(started, detail);
    if (detail.runStatus !== "Serving") throw await offlineAfterFailure(client, outputs);
    progress(`${LABEL}: ${serviceId} is Serving${detail.url ? ` at ${detail.url}` : ""}`);
    // A killed run's service, taken over, may still serve the version its model had then (one since replaced).
    if (servesOther(outputs, inputs))
      return { id: serviceId, outs: await switchModel(client, serviceId, outputs, inputs) };
    return { id: serviceId, outs: outputs };
  },

  async read(id, state) {
    const detail = await describeService(qianfanClient(), id);
    if (!detail) return undefined;
    if (detail.runStatus === "Stopped") {
      // Nothing brings a Stopped service back (no API does): the next `up` deploys a new one.
      progress(
        `${LABEL}: ${id} is Stopped (taken offline outside this stack); it is left out of the state`,
      );
      return undefined;
    }
    return withService(state, detail);
  },

  async update(id, olds, news) {
    if (!servesOther(olds, news)) return { ...olds, ...news };
    return switchModel(qianfanClient(), id, olds, news);
  },

  delete: (id) => takeOffline(qianfanClient(), id),
};

function serviceBody(
  inputs: QianfanServiceInputs,
  marker: string | undefined,
): Record<string, unknown> {
  const { deploymentConfig, resourceConfig, billing } = inputs;
  const description = markedDescription(inputs.description, marker);
  return {
    modelSetId: inputs.modelSetId,
    modelId: inputs.modelId,
    name: inputs.name,
    urlSuffix: inputs.urlSuffix,
    ...definedOnly({ description, deploymentConfig, resourceConfig, billing }),
  };
}

/**
 * CreateService, safe to retry. The one an earlier attempt or a killed run made is live (neither Stopped nor
 * Failed), carries this resource's marker in its description, and has this name at this urlSuffix (a URL suffix is
 * held by one live service at a time). Without an identity there is no marker, and a killed run's service is not
 * looked for.
 */
async function createServiceOnce(
  client: QianfanClient,
  inputs: QianfanServiceInputs,
  identity: string | undefined,
): Promise<{ serviceId: string; runStatus?: string }> {
  const marker = identity === undefined ? undefined : markerOf(identity, inputs, REPLACE_KEYS);
  const findThis = async (services: readonly ServiceDetail[]) => {
    for (const s of services) {
      if (!(s.name === inputs.name && servesAt(s, inputs.urlSuffix) && isLive(s.runStatus)))
        continue;
      // DescribeServices' fields are not documented; DescribeService's answer has the description.
      const detail = s.description === undefined ? await describeService(client, s.serviceId) : s;
      if (detail && markerInDescription(detail.description) === marker) return detail;
    }
    return undefined;
  };
  const existing = await collect(listServices(client, { name: inputs.name }));
  const before = new Set(existing.map((s) => s.serviceId));
  const made = await createOnce<{ serviceId: string; runStatus?: string }>({
    label: LABEL,
    request: "create",
    makes: "service",
    findInterrupted: identity ? () => findThis(existing) : undefined,
    statusOf: (service) => service.runStatus ?? "status unknown",
    create: async () => {
      const result = await client.action<unknown>(
        "CreateService",
        serviceBody(inputs, marker),
        "create Qianfan service",
        AREA,
      );
      const serviceId = idFromResult(result, "serviceId");
      if (!serviceId)
        throw new FinetuneError(
          `${LABEL}: CreateService answered no serviceId (${JSON.stringify(result)}).`,
        );
      return { serviceId };
    },
    findCreated: async () =>
      findThis(
        (await collect(listServices(client, { name: inputs.name }))).filter(
          (s) => !before.has(s.serviceId),
        ),
      ),
    idOf: (service) => service.serviceId,
  });
  progress(`${LABEL}: created ${made.serviceId} (${inputs.urlSuffix}, ${inputs.modelId})`);
  return made;
}

const servesOther = (
  olds: Pick<QianfanServiceOutputs, "modelSetId" | "modelId">,
  news: Pick<QianfanServiceInputs, "modelSetId" | "modelId">,
) => olds.modelSetId !== news.modelSetId || olds.modelId !== news.modelId;

/** ModifyService to the inputs' model version, waiting until the service serves it. */
async function switchModel(
  client: QianfanClient,
  id: string,
  olds: QianfanServiceOutputs,
  news: QianfanServiceInputs,
): Promise<QianfanServiceOutputs> {
  const outputs: QianfanServiceOutputs = { ...olds, ...news };
  await client.action(
    "ModifyService",
    { serviceId: id, modelSetId: news.modelSetId, modelId: news.modelId },
    "switch the Qianfan service's model version",
    AREA,
  );
  progress(`${LABEL}: ${id} switches from ${olds.modelId} to ${news.modelId}`);
  const detail = await poll({
    what: `${LABEL} ${id}`,
    read: () => requireService(client, id),
    state: (d) => `${d.runStatus} on ${d.modelId ?? "an unreported version"}`,
    done: (d) =>
      !isDeploying(d.runStatus) &&
      (d.runStatus !== "Serving" || (d.modelId ?? news.modelId) === news.modelId),
    timeoutMs: news.deployTimeoutSeconds * 1000,
    timeoutHint: "The switch goes on remotely; run `pulumi refresh` to follow it.",
    firstDelayMs: news.pollIntervalSeconds * 1000,
    maxDelayMs: MAX_POLL_INTERVAL_MS,
  });
  if (detail.runStatus !== "Serving")
    throw new FinetuneError(
      `${LABEL} ${id} is ${detail.runStatus} after switching to ${news.modelId}. Check it in the Qianfan console.`,
    );
  return withService(outputs, detail);
}

function waitUntilDeployed(
  client: QianfanClient,
  outputs: QianfanServiceOutputs,
  timeoutMs: number,
): Promise<ServiceDetail> {
  return poll({
    what: `${LABEL} ${outputs.serviceId}`,
    read: () => requireService(client, outputs.serviceId),
    state: (detail) => detail.runStatus,
    done: (detail) => !isDeploying(detail.runStatus),
    timeoutMs,
    timeoutHint:
      "It is still deploying remotely and is recorded in the stack's state; run `pulumi refresh` to follow it, " +
      "or raise deployTimeoutSeconds.",
    firstDelayMs: outputs.pollIntervalSeconds * 1000,
    maxDelayMs: MAX_POLL_INTERVAL_MS,
  });
}

function withService(state: QianfanServiceOutputs, detail: ServiceDetail): QianfanServiceOutputs {
  return {
    ...state,
    runStatus: detail.runStatus,
    modelSetId: detail.modelSetId ?? state.modelSetId,
    modelId: detail.modelId ?? state.modelId,
    ...definedOnly({ url: detail.url, endpoint: detail.endpoint, chargeType: detail.chargeType }),
  };
}

/** A service that failed to deploy is taken offline (all Baidu offers), then the failure is reported. */
async function offlineAfterFailure(
  client: QianfanClient,
  outputs: QianfanServiceOutputs,
): Promise<Error> {
  const failed = `${LABEL} ${outputs.serviceId} ended ${outputs.runStatus} instead of Serving.`;
  try {
    await takeOffline(client, outputs.serviceId);
  } catch (error) {
    return new ResourceInitError(
      `${failed} It could not be taken offline (${messageOf(error)}); it is kept in the stack's state, so ` +
        "`pulumi destroy` does.",
      outputs.serviceId,
      outputs,
    );
  }
  return new FinetuneError(
    `${failed} It was taken offline; Baidu has no API to delete it, so delete it in the Qianfan console. Check ` +
      "the model version and the compute units, then run again.",
  );
}
