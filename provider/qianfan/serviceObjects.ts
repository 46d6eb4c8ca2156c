/**
 * Qianfan services (`svco-…`) as the `/v2/service` actions answer them (research §5.2, §5.3). Baidu documents no
 * action that deletes a service: DeactivateService takes it offline (`Stopped`), and its record stays.
 */
import { FinetuneError } from "../core/errors";
import { listQianfan, QianfanClient } from "./client";
import { unlessGone } from "./consoleResults";

export const SERVICE_RUN_STATUSES = ["New", "Deploying", "Serving", "Failed", "Stopped"] as const;
export type ServiceRunStatus = (typeof SERVICE_RUN_STATUSES)[number];

/** DescribeService's `result` (the documented fields this package reads). */
export interface ServiceDetail {
  serviceId: string;
  name?: string;
  /** As CreateService was given it: this package's tag with the resource's marker at the end (markedDescription.ts). */
  description?: string;
  modelSetId?: string;
  modelId?: string;
  url?: string;
  /** The access point ("接入点"). */
  endpoint?: string;
  runStatus: ServiceRunStatus;
  chargeType?: string;
}

const AREA = "service";

/** Still being deployed: keep waiting. */
export const isDeploying = (status: ServiceRunStatus): boolean =>
  status === "New" || status === "Deploying";

/** Still holding its URL and its model version: neither taken offline nor failed. */
export const isLive = (status: ServiceRunStatus): boolean =>
  status !== "Stopped" && status !== "Failed";

export const LIVE_STATUSES = SERVICE_RUN_STATUSES.filter(isLive);

/** DescribeServices' filters this package uses: `name` matches a part of the name, `runStatus` any of those given. */
export interface ServiceFilter {
  name?: string;
  runStatus?: readonly ServiceRunStatus[];
}

export function listServices(
  client: QianfanClient,
  filter: ServiceFilter,
): AsyncGenerator<ServiceDetail, void> {
  return listQianfan<ServiceDetail, "serviceList">(
    client,
    "DescribeServices",
    { ...filter },
    "serviceList",
    "list Qianfan services",
    AREA,
  );
}

export function describeService(
  client: QianfanClient,
  serviceId: string,
): Promise<ServiceDetail | undefined> {
  return unlessGone(
    client.action<ServiceDetail>("DescribeService", { serviceId }, "read Qianfan service", AREA),
  );
}

/** DescribeService of a service that must exist (one being waited for). */
export async function requireService(
  client: QianfanClient,
  serviceId: string,
): Promise<ServiceDetail> {
  const detail = await describeService(client, serviceId);
  if (!detail)
    throw new FinetuneError(
      `QianfanService ${serviceId} disappeared while it was being waited for.`,
    );
  return detail;
}

/**
 * Whether a service answers at this urlSuffix: its access point is the suffix, or its URL ends with it (neither is
 * documented as such; the URL's last segment is the suffix in every example).
 */
export function servesAt(service: ServiceDetail, urlSuffix: string): boolean {
  return service.endpoint === urlSuffix || (service.url?.endsWith(`/${urlSuffix}`) ?? false);
}
