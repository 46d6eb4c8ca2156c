// Request bodies of the service actions, checked field by field (research §5, the confirmed rules
// of §7.8). Every refusal is 400 InappropriateJSON naming the field.
import { inappropriateJson } from "./errors";
import {
  checkLength,
  isObject,
  type JsonObject,
  nonEmptyString,
  optionalBoolean,
  optionalInteger,
  optionalObject,
  optionalOneOf,
  optionalString,
  optionalStringList,
  present,
  requiredOneOf,
} from "./fields";
import { type PageRequest, parsePageRequest } from "./pageRequest";
import { type QianfanServiceRunStatus, SERVICE_RUN_STATUSES } from "./serviceTimeline";

/** Lower-case letters, digits, `_` and `-`, 2 to 20, first and last a letter or digit. */
export const URL_SUFFIX = /^[a-z0-9][a-z0-9_-]{0,18}[a-z0-9]$/;
export const PAYMENT_TIMINGS = ["Prepaid", "Postpaid"] as const;
export const CHARGE_TYPES = ["ComputingUnit", "Tokens"] as const;
export const PAY_TYPES = ["Prepay", "Postpay"] as const;
export const SERVICE_TYPES = ["chat", "completions", "text2image", "image2text"] as const;
export const REGIONS = ["bj", "bd"] as const;
export const PROTOCOL_VERSIONS = [1, 2] as const;

export type QianfanChargeType = (typeof CHARGE_TYPES)[number];
export type QianfanPayType = (typeof PAY_TYPES)[number];

/** A validated CreateService request; the configurations are kept as sent. */
export interface NewQianfanService {
  modelSetId: string;
  modelId: string;
  name: string;
  description: string;
  urlSuffix: string;
  deploymentConfig: JsonObject | undefined;
  resourceConfig: JsonObject | undefined;
  billing: JsonObject | undefined;
  chargeType: QianfanChargeType;
  payType: QianfanPayType;
  protocolVersion: number;
}

export function parseServiceRequest(body: JsonObject): NewQianfanService {
  const modelSetId = nonEmptyString(body, "modelSetId");
  const modelId = nonEmptyString(body, "modelId");
  const name = nonEmptyString(body, "name");
  checkLength(name, 2, 20, "name");
  const description = optionalString(body, "description") ?? "";
  checkLength(description, 0, 500, "description");
  const urlSuffix = nonEmptyString(body, "urlSuffix");
  if (!URL_SUFFIX.test(urlSuffix)) {
    const detail =
      "urlSuffix must be 2 to 20 lower-case letters, digits, _ or -, beginning and ending with " +
      "a letter or digit.";
    throw inappropriateJson("urlSuffix", detail);
  }
  const deploymentConfig = optionalObject(body, "deploymentConfig");
  if (deploymentConfig) checkDeploymentConfig(deploymentConfig);
  const billing = optionalObject(body, "billing");
  const chargeType = billing ? checkBilling(billing) : "ComputingUnit";
  const resourceConfig = optionalObject(body, "resourceConfig");
  if (resourceConfig) checkResourceConfig(resourceConfig, chargeType);
  if (!onExistingUnits(deploymentConfig)) {
    const why = "to deploy on new resources (deploymentConfig.deploymentComputeUnitList is empty)";
    if (!billing) throw inappropriateJson("billing", `billing is required ${why}.`);
    if (!resourceConfig && chargeType !== "Tokens") {
      const detail = `resourceConfig is required ${why}, unless billing.chargeType is Tokens.`;
      throw inappropriateJson("resourceConfig", detail);
    }
  }
  const protocolVersion = optionalProtocolVersion(body, "protocolVersion") ?? 1;
  const payType = billing?.paymentTiming === "Postpaid" ? "Postpay" : "Prepay";
  return {
    modelSetId,
    modelId,
    name,
    description,
    urlSuffix,
    deploymentConfig,
    resourceConfig,
    billing,
    chargeType,
    payType,
    protocolVersion,
  };
}

/** Whether the service runs on compute units bought before (a non-empty list of them). */
function onExistingUnits(config: JsonObject | undefined): boolean {
  const units = config && present(config, "deploymentComputeUnitList");
  return Array.isArray(units) && units.length > 0;
}

export function checkDeploymentConfig(config: JsonObject): void {
  const at = (name: string) => `deploymentConfig.${name}`;
  const units = present(config, "deploymentComputeUnitList");
  if (units !== undefined) {
    if (!Array.isArray(units)) {
      const detail = `${at("deploymentComputeUnitList")} must be an array of compute units.`;
      throw inappropriateJson(at("deploymentComputeUnitList"), detail);
    }
    const items: readonly unknown[] = units;
    items.forEach((unit, i) => {
      const path = at(`deploymentComputeUnitList[${i}]`);
      if (!isObject(unit)) throw inappropriateJson(path, `${path} must be an object.`);
      nonEmptyString(unit, "instanceId", `${path}.instanceId`);
      const replicas = optionalInteger(
        unit,
        "deploymentReplicasCount",
        [1, Infinity],
        `${path}.deploymentReplicasCount`,
      );
      if (replicas === undefined) {
        const detail = `${path}.deploymentReplicasCount is required.`;
        throw inappropriateJson(`${path}.deploymentReplicasCount`, detail);
      }
    });
  }
  optionalInteger(config, "replicasCount", [1, Infinity], at("replicasCount"));
  optionalQps(config, at("qps"));
  optionalInteger(config, "replicaComputeUnitCount", [1, Infinity], at("replicaComputeUnitCount"));
}

export function checkResourceConfig(config: JsonObject, chargeType: QianfanChargeType): void {
  const at = (name: string) => `resourceConfig.${name}`;
  optionalOneOf(config, "region", REGIONS, at("region"));
  const computing = chargeType === "ComputingUnit";
  // The docs spell types two ways (GPU-1-1, GPU-I-2): any non-empty type, passed through.
  if (computing || present(config, "type") !== undefined) {
    nonEmptyString(config, "type", at("type"));
  }
  optionalQps(config, at("qps"));
  const replicas = optionalInteger(config, "replicasCount", [1, Infinity], at("replicasCount"));
  if (computing && replicas === undefined) {
    throw inappropriateJson(at("replicasCount"), `${at("replicasCount")} is required.`);
  }
}

/** Checks `billing` and answers its charge type (ComputingUnit unless Postpaid says Tokens). */
export function checkBilling(billing: JsonObject): QianfanChargeType {
  const timing = requiredOneOf(billing, "paymentTiming", PAYMENT_TIMINGS, "billing.paymentTiming");
  const chargeType = optionalOneOf(billing, "chargeType", CHARGE_TYPES, "billing.chargeType");
  const reservation = optionalObject(billing, "reservation", "billing.reservation");
  if (timing === "Postpaid") {
    if (reservation) {
      const detail = "billing.reservation is only for Prepaid; a Postpaid service takes none.";
      throw inappropriateJson("billing.reservation", detail);
    }
    if (!chargeType) {
      const detail = "billing.chargeType (ComputingUnit or Tokens) is required when Postpaid.";
      throw inappropriateJson("billing.chargeType", detail);
    }
    return chargeType;
  }
  if (chargeType === "Tokens") {
    throw inappropriateJson("billing.chargeType", "billing.chargeType Tokens is Postpaid only.");
  }
  if (!reservation) {
    throw inappropriateJson("billing.reservation", "billing.reservation is required when Prepaid.");
  }
  const at = (name: string) => `billing.reservation.${name}`;
  optionalOneOf(reservation, "reservationTimeUnit", ["Month"], at("reservationTimeUnit"));
  const length = optionalInteger(
    reservation,
    "reservationLength",
    [1, 12],
    at("reservationLength"),
  );
  if (length === undefined) {
    throw inappropriateJson(at("reservationLength"), `${at("reservationLength")} is required.`);
  }
  optionalBoolean(reservation, "autoRenew", at("autoRenew"));
  optionalOneOf(reservation, "autoRenewTimeUnit", ["Month"], at("autoRenewTimeUnit"));
  optionalInteger(reservation, "autoRenewTime", [1, 6], at("autoRenewTime"));
  return "ComputingUnit";
}

/** Per-replica QPS: above 0, at most 50, to 0.01. */
function optionalQps(config: JsonObject, path: string): void {
  const qps = present(config, "qps");
  if (qps === undefined) return;
  const hundredths = typeof qps === "number" ? qps * 100 : NaN;
  const inRange = hundredths > 0 && hundredths <= 5000;
  if (!inRange || Math.abs(hundredths - Math.round(hundredths)) > 1e-6) {
    throw inappropriateJson(path, `${path} must be a number above 0 and at most 50, to 0.01.`);
  }
}

function optionalProtocolVersion(object: JsonObject, key: string): number | undefined {
  const value = present(object, key);
  if (value === undefined) return undefined;
  if (value === 1 || value === 2) return value;
  throw inappropriateJson(key, `${key} must be 1 or 2.`);
}

export interface ServiceFilter {
  /** Part of the name, compared without case. */
  name: string | undefined;
  serviceType: readonly string[] | undefined;
  runStatus: readonly QianfanServiceRunStatus[] | undefined;
  creator: readonly string[] | undefined;
  chargeType: QianfanChargeType | undefined;
  payType: QianfanPayType | undefined;
}

export function parseServicesRequest(body: JsonObject): {
  page: PageRequest;
  filter: ServiceFilter;
} {
  const filter: ServiceFilter = {
    name: optionalString(body, "name"),
    serviceType: optionalStringList(body, "serviceType", "serviceType", SERVICE_TYPES),
    runStatus: optionalStringList(body, "runStatus", "runStatus", SERVICE_RUN_STATUSES),
    creator: optionalStringList(body, "creator"),
    chargeType: optionalOneOf(body, "chargeType", CHARGE_TYPES),
    payType: optionalOneOf(body, "payType", PAY_TYPES),
  };
  // Accepted and not applied: what version 2 changes is not documented.
  optionalProtocolVersion(body, "protocolVersion");
  return { page: parsePageRequest(body), filter };
}

export function matchesServiceFilter(
  service: {
    name: string;
    serviceType: string;
    runStatus: QianfanServiceRunStatus;
    creator: string;
    chargeType: string;
    payType: string;
  },
  filter: ServiceFilter,
): boolean {
  const name = filter.name?.toLowerCase();
  return (
    (name === undefined || service.name.toLowerCase().includes(name)) &&
    (filter.serviceType?.includes(service.serviceType) ?? true) &&
    (filter.runStatus?.includes(service.runStatus) ?? true) &&
    (filter.creator?.includes(service.creator) ?? true) &&
    (filter.chargeType === undefined || filter.chargeType === service.chargeType) &&
    (filter.payType === undefined || filter.payType === service.payType)
  );
}

/** ModifyService: `{serviceId, modelSetId, modelId}`, all required. */
export function parseModifyRequest(body: JsonObject): {
  serviceId: string;
  modelSetId: string;
  modelId: string;
} {
  return {
    serviceId: nonEmptyString(body, "serviceId"),
    modelSetId: nonEmptyString(body, "modelSetId"),
    modelId: nonEmptyString(body, "modelId"),
  };
}
