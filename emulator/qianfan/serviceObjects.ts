// Services as DescribeService and DescribeServices answer them (research §5.2; names the doc cuts
// off are the SDK mock's: chargeStatus, resourceConfig, createTime).
import { bceDate } from "./dates";
import type { QianfanChargeType, QianfanPayType } from "./serviceRequests";
import type { QianfanServiceRunStatus } from "./serviceTimeline";
import type { QianfanServiceView } from "./serviceViews";

/** Where a custom service answers (the SDK mock's URL, ending in the service's urlSuffix). */
export const SERVICE_URL_BASE =
  "https://aip.baidubce.com/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/";

export interface QianfanServiceObject {
  serviceId: string;
  name: string;
  description: string;
  modelSetId: string;
  modelId: string;
  baseModel: string;
  url: string;
  /** The access point: the urlSuffix. */
  endpoint: string;
  serviceType: "chat";
  runStatus: QianfanServiceRunStatus;
  updateStatus: "None";
  chargeType: QianfanChargeType;
  payType: QianfanPayType;
  chargeStatus: "Opened";
  /** As created, when given. */
  resourceConfig?: Record<string, unknown>;
  deploymentConfig?: Record<string, unknown>;
  protocolVersion: number;
  createTime: string;
}

export function toServiceObject(service: QianfanServiceView): QianfanServiceObject {
  return {
    serviceId: service.id,
    name: service.name,
    description: service.description,
    modelSetId: service.modelSetId,
    modelId: service.modelId,
    baseModel: service.baseModel,
    url: `${SERVICE_URL_BASE}${service.urlSuffix}`,
    endpoint: service.urlSuffix,
    serviceType: service.serviceType,
    runStatus: service.runStatus,
    updateStatus: "None",
    chargeType: service.chargeType,
    payType: service.payType,
    chargeStatus: "Opened",
    ...(service.resourceConfig ? { resourceConfig: { ...service.resourceConfig } } : {}),
    ...(service.deploymentConfig ? { deploymentConfig: { ...service.deploymentConfig } } : {}),
    protocolVersion: service.protocolVersion,
    createTime: bceDate(service.createdAtMs),
  };
}
