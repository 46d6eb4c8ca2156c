/**
 * Deleting a model version of the stack. A version still deployed by a live service is refused by Qianfan; the
 * refusal is told apart by who made the service. Neither is ever taken offline here: the delete cannot see the
 * state, so it cannot tell a service an interrupted `pulumi up` made and never recorded from one the state tracks
 * that has not been switched to a replacing version yet (the engine finishes a killed run's pending deletes first,
 * before the service's update: pulumi/pulumi#9979); taking that one offline would stop a serving endpoint. The error
 * names each service and the way out: a service with this stack's marker is the stack's own (`pulumi up` takes it
 * over or switches it), one without (made by hand, or by another stack) must be switched or taken offline by hand.
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
    const ours = (service: ServiceDetail) =>
      identity !== undefined && describedByStack(service.description, identity);
    throw new InUseError(
      inUse(
        modelId,
        users.filter((service) => ours(service)),
        users.filter((service) => !ours(service)),
      ),
      users.map((service) => service.serviceId),
    );
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

const named = (services: readonly ServiceDetail[]) =>
  services.map((s) => `${s.serviceId} (${s.runStatus}${s.name ? `, "${s.name}"` : ""})`).join(", ");

function inUse(
  modelId: string,
  ours: readonly ServiceDetail[],
  others: readonly ServiceDetail[],
): string {
  const all = [...ours, ...others];
  const one = all.length === 1;
  const parts = [
    `${LABEL}: ${modelId} cannot be deleted: the service${one ? "" : "s"} ${named(all)} ` +
      `deploy${one ? "s" : ""} it, and no service is taken offline here.`,
  ];
  if (ours.length > 0)
    parts.push(
      `${named(ours)} carr${ours.length === 1 ? "ies" : "y"} this stack's marker: made by an interrupted ` +
        "`pulumi up` and not in the state, or a QianfanService of the stack not yet switched to its model's " +
        "replacement. Run `pulumi up` (it takes such a service over, or switches it), then `pulumi destroy` " +
        "again if you were destroying.",
    );
  if (others.length > 0)
    parts.push(
      `${named(others)} carr${others.length === 1 ? "ies" : "y"} no marker of this stack (made by hand, or by ` +
        "another stack), so it is left as it is: switch it to another model version (ModifyService, or the " +
        "modelId of its QianfanService) or take it offline (DeactivateService, or the Qianfan console), then " +
        "run `pulumi destroy` again.",
    );
  return parts.join(" ");
}
