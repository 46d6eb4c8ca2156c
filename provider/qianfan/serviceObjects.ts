/**
 * Qianfan services (`svco-…`) as the `/v2/service` actions answer them (research §5.2, §5.3). Baidu documents no
 * action that deletes a service: DeactivateService takes it offline (`Stopped`), and its record stays.
 */
import { listQianfan, QianfanClient } from "./client";
import { unlessGone } from "./consoleResults";

export const SERVICE_RUN_STATUSES = ["New", "Deploying", "Serving", "Failed", "Stopped"] as const;
export type ServiceRunStatus = (typeof SERVICE_RUN_STATUSES)[number];

/** DescribeService's `result` (the documented fields this package reads). */
export interface ServiceDetail {
  serviceId: string;
  name?: string;
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

/** Services whose name contains `name` (DescribeServices filters by name, fuzzily). */
export function listServices(
  client: QianfanClient,
  name: string,
): AsyncGenerator<ServiceDetail, void> {
  return listQianfan<ServiceDetail, "serviceList">(
    client,
    "DescribeServices",
    { name },
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

/**
 * Whether a service answers at this urlSuffix: its access point is the suffix, or its URL ends with it (neither is
 * documented as such; the URL's last segment is the suffix in every example).
 */
export function servesAt(service: ServiceDetail, urlSuffix: string): boolean {
  return service.endpoint === urlSuffix || (service.url?.endsWith(`/${urlSuffix}`) ?? false);
}
