/**
 * Deleting a model version of the stack. A version still deployed by a service that the state does not know (one an
 * interrupted `pulumi up` made and never recorded) would make every destroy fail: a live service whose description
 * carries this stack's marker is such a service, so it is taken offline, as the QianfanService delete does, and then
 * the version is deleted. A service without this stack's marker (made by hand, or by another stack) is never
 * touched: the refusal names it and says how to free the version.
 */
import { ApiError, BadRequestError, ConflictError, InUseError } from "../core/errors";
import { collect } from "../core/paging";
import { progress } from "../core/progress";
import type { QianfanClient } from "./client";
import { isGone } from "./consoleResults";
import { describedByStack } from "./markedDescription";
import {
  describeService,
  isLive,
  listServices,
  LIVE_STATUSES,
  ServiceDetail,
} from "./serviceObjects";
import { takeOffline } from "./serviceOffline";

const LABEL = "QianfanModel";
const AREA = "model";
const SERVICE_ID = /svco-[A-Za-z0-9]+/g;

export async function deleteStackVersion(
  client: QianfanClient,
  modelId: string,
  identity: string | undefined,
): Promise<void> {
  try {
    await deleteVersion(client, modelId);
  } catch (error) {
    // Baidu does not document how an in-use version is refused; a refusal is a 400 or a 409, never a lost answer.
    if (!(error instanceof BadRequestError || error instanceof ConflictError)) throw error;
    const users = await servicesDeploying(client, modelId, error);
    if (users.length === 0) throw error;
    const others = users.filter(
      (service) => identity === undefined || !describedByStack(service.description, identity),
    );
    if (others.length > 0)
      throw new InUseError(
        notThisStacks(modelId, others),
        others.map((service) => service.serviceId),
      );
    for (const service of users) {
      progress(
        `${LABEL}: ${service.serviceId} (${service.runStatus}) deploys ${modelId} and is not in the state, but ` +
          "carries this stack's marker: an interrupted run made it. Taking it offline",
      );
      await takeOffline(client, service.serviceId);
    }
    await deleteVersion(client, modelId);
  }
}

export async function deleteVersion(client: QianfanClient, modelId: string): Promise<void> {
  try {
    await client.action("DeleteModel", { modelId }, "delete Qianfan model version", AREA);
    progress(`${LABEL}: deleted ${modelId}`);
  } catch (error) {
    if (!isGone(error)) throw error;
    progress(`${LABEL}: ${modelId} was already gone`);
  }
}

/**
 * The live services on this version: those the listing shows on it, and those the refusal names. Each is read with
 * DescribeService, whose answer documents `description` (the listing's fields are not documented).
 */
async function servicesDeploying(
  client: QianfanClient,
  modelId: string,
  refusal: ApiError,
): Promise<ServiceDetail[]> {
  const listed = (await collect(listServices(client, { runStatus: LIVE_STATUSES })))
    .filter((service) => service.modelId === modelId)
    .map((service) => service.serviceId);
  const ids = [...new Set([...listed, ...(refusal.vendorMessage.match(SERVICE_ID) ?? [])])];
  const found: ServiceDetail[] = [];
  for (const id of ids) {
    const service = await describeService(client, id);
    if (service && isLive(service.runStatus) && (service.modelId ?? modelId) === modelId)
      found.push(service);
  }
  return found;
}

function notThisStacks(modelId: string, services: readonly ServiceDetail[]): string {
  const named = services
    .map((s) => `${s.serviceId} (${s.runStatus}${s.name ? `, "${s.name}"` : ""})`)
    .join(", ");
  const one = services.length === 1;
  return (
    `${LABEL}: ${modelId} cannot be deleted: the service${one ? "" : "s"} ${named} deploy${one ? "s" : ""} it. ` +
    `${one ? "It carries" : "They carry"} no marker of ` +
    "this stack (made by hand, or by another stack), so it is left as it is: switch " +
    `${one ? "it" : "them"} to another model version (ModifyService, or the modelId of ${one ? "its" : "their"} ` +
    "QianfanService) or take it offline (DeactivateService, or the Qianfan console), then run `pulumi destroy` again."
  );
}
