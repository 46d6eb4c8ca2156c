/**
 * QianfanService inputs, validated offline: the CreateService rules Baidu documents (research §5.1, §7.8). A service
 * runs on compute units bought before (`deploymentConfig.deploymentComputeUnitList`) or on new ones
 * (`resourceConfig` and `billing`).
 */
import { DOCUMENTED_RESOURCE_TYPES, PAYMENT_TIMINGS, URL_SUFFIX } from "./valueLists";
import { isUnknown } from "../core/unknown";
import {
  checkBoolean,
  checkNumber,
  checkWaitSettings,
  Fail,
  failureCollector,
  givenOnly,
  isKnown,
  NumberRange,
  shown,
} from "../core/validation";
import type { Checked } from "../core/lifecycle";
import { checkId, checkLength, checkOneOf, isMissing, isRecordValue } from "./fieldChecks";
import { USER_DESCRIPTION_MAX } from "./markedDescription";

/** `billing.chargeType` (the field's name is inferred: research §5.1). */
export const CHARGE_TYPES = ["ComputingUnit", "Tokens"] as const;
export const REGIONS = ["bj", "bd"] as const;

export const SERVICE_DEFAULTS = { deployTimeoutSeconds: 3600, pollIntervalSeconds: 10 } as const;

export interface QianfanComputeUnit {
  /** A compute-unit instance bought before (`unit-…`). */
  instanceId: string;
  deploymentReplicasCount: number;
}

export interface QianfanDeploymentConfig {
  deploymentComputeUnitList?: QianfanComputeUnit[];
  replicasCount?: number;
  /** Per-replica QPS, above 0 and up to 50. */
  qps?: number;
  replicaComputeUnitCount?: number;
}

export interface QianfanResourceConfig {
  region?: (typeof REGIONS)[number];
  type?: string;
  qps?: number;
  replicasCount?: number;
}

export interface QianfanReservation {
  reservationTimeUnit?: "Month";
  /** 1 to 12 months. */
  reservationLength: number;
  autoRenew?: boolean;
  autoRenewTimeUnit?: "Month";
  /** 1 to 6. */
  autoRenewTime?: number;
}

export interface QianfanBilling {
  paymentTiming: (typeof PAYMENT_TIMINGS)[number];
  /** Required when Postpaid. */
  chargeType?: (typeof CHARGE_TYPES)[number];
  /** Required when Prepaid, not taken when Postpaid. */
  reservation?: QianfanReservation;
}

export interface QianfanServiceInputs {
  modelSetId: string;
  modelId: string;
  name: string;
  urlSuffix: string;
  /** The user's; what Qianfan gets ends with this package's marker (markedDescription.ts). */
  description?: string;
  deploymentConfig?: QianfanDeploymentConfig;
  resourceConfig?: QianfanResourceConfig;
  billing?: QianfanBilling;
  deployTimeoutSeconds: number;
  pollIntervalSeconds: number;
}

const COUNT: NumberRange = { integer: true, min: 1, max: 10_000 };

export function checkQianfanService(news: Record<string, unknown>): Checked {
  const { failures, fail } = failureCollector();
  if (isMissing(news.modelSetId))
    fail("modelSetId", "is required: the model set (am-…), e.g. a QianfanModel's modelSetId.");
  checkId(news.modelSetId, "modelSetId", "am-", "a Qianfan model set id", fail);
  if (isMissing(news.modelId))
    fail("modelId", "is required: the model version (amv-…), e.g. a QianfanModel's modelId.");
  checkId(news.modelId, "modelId", "amv-", "a Qianfan model version id", fail);
  if (isMissing(news.name)) fail("name", "is required: 2 to 20 characters.");
  checkLength(news.name, "name", 2, 20, fail);
  // Qianfan takes 500; the rest holds this package's marker (markedDescription.ts).
  checkLength(news.description, "description", 0, USER_DESCRIPTION_MAX, fail);
  if (isMissing(news.urlSuffix))
    fail("urlSuffix", 'is required: the end of the service\'s URL, e.g. "faq-bot".');
  else if (
    isKnown(news.urlSuffix) &&
    !(typeof news.urlSuffix === "string" && URL_SUFFIX.test(news.urlSuffix))
  )
    fail(
      "urlSuffix",
      `${shown(news.urlSuffix)} must be 2 to 20 lower-case letters, digits, "_" or "-", beginning and ending ` +
        'with a letter or digit (e.g. "faq-bot").',
    );
  const onUnits = checkDeploymentConfig(news.deploymentConfig, fail);
  checkNewResources(news, onUnits, fail);
  checkWaitSettings(news, ["deployTimeoutSeconds"], 7, fail);
  return { inputs: { ...SERVICE_DEFAULTS, ...givenOnly(news) }, failures };
}

/** Whether the service runs on compute units bought before: true, false, or undefined when not known yet. */
function checkDeploymentConfig(value: unknown, fail: Fail): boolean | undefined {
  if (isUnknown(value)) return undefined;
  if (!isKnown(value)) return false;
  if (!isRecordValue(value)) {
    fail(
      "deploymentConfig",
      'must be an object such as { deploymentComputeUnitList: [{ instanceId: "unit-…", deploymentReplicasCount: 1 }] }.',
    );
    return false;
  }
  const at = (key: string) => `deploymentConfig.${key}`;
  checkNumber(value.replicasCount, at("replicasCount"), COUNT, fail);
  checkQps(value.qps, at("qps"), fail);
  checkNumber(value.replicaComputeUnitCount, at("replicaComputeUnitCount"), COUNT, fail);
  const units = value.deploymentComputeUnitList;
  if (isUnknown(units)) return undefined;
  if (!isKnown(units)) return false;
  if (!Array.isArray(units)) {
    fail(
      at("deploymentComputeUnitList"),
      'must be a list of { instanceId: "unit-…", deploymentReplicasCount }.',
    );
    return false;
  }
  units.forEach((unit: unknown, i) => {
    const item = at(`deploymentComputeUnitList[${i}]`);
    if (isUnknown(unit)) return;
    if (!isRecordValue(unit)) {
      fail(item, 'must be { instanceId: "unit-…", deploymentReplicasCount }.');
      return;
    }
    if (isMissing(unit.instanceId))
      fail(`${item}.instanceId`, "is required: a compute-unit instance bought before (unit-…).");
    else if (
      isKnown(unit.instanceId) &&
      (typeof unit.instanceId !== "string" || unit.instanceId === "")
    )
      fail(`${item}.instanceId`, "must be a compute-unit instance id (unit-…).");
    if (isMissing(unit.deploymentReplicasCount))
      fail(
        `${item}.deploymentReplicasCount`,
        "is required: how many replicas run on this instance.",
      );
    checkNumber(unit.deploymentReplicasCount, `${item}.deploymentReplicasCount`, COUNT, fail);
  });
  // An empty list means "buy new resources" (research §5.1).
  return units.length > 0;
}

/** resourceConfig and billing: both required to buy new resources (resourceConfig not with chargeType Tokens). */
function checkNewResources(
  news: Record<string, unknown>,
  onUnits: boolean | undefined,
  fail: Fail,
): void {
  const { resourceConfig, billing } = news;
  if (onUnits === true) {
    for (const [field, value] of [
      ["resourceConfig", resourceConfig],
      ["billing", billing],
    ] as const)
      if (isKnown(value))
        fail(
          field,
          "buys new compute units, but deploymentConfig.deploymentComputeUnitList deploys on units bought before; " +
            "give one or the other.",
        );
    return;
  }
  const chargeType = checkBilling(billing, onUnits === false, fail);
  checkResourceConfig(
    resourceConfig,
    onUnits === false && chargeType !== "Tokens",
    chargeType,
    fail,
  );
}

/** Checks `billing` and answers its charge type when known. */
function checkBilling(value: unknown, required: boolean, fail: Fail): unknown {
  if (isUnknown(value)) return undefined;
  if (!isKnown(value)) {
    if (required)
      fail(
        "billing",
        "is required to deploy on new compute units: " +
          '{ paymentTiming: "Prepaid", reservation: { reservationLength: 1 } } or { paymentTiming: "Postpaid", ' +
          'chargeType: "ComputingUnit" }; or deploy on units bought before with deploymentConfig.deploymentComputeUnitList.',
      );
    return undefined;
  }
  if (!isRecordValue(value)) {
    fail(
      "billing",
      'must be an object such as { paymentTiming: "Postpaid", chargeType: "ComputingUnit" }.',
    );
    return undefined;
  }
  const timing = value.paymentTiming;
  if (isMissing(timing))
    fail("billing.paymentTiming", `is required; use one of ${PAYMENT_TIMINGS.join(", ")}.`);
  checkOneOf(timing, "billing.paymentTiming", PAYMENT_TIMINGS, "a payment timing", fail);
  checkOneOf(value.chargeType, "billing.chargeType", CHARGE_TYPES, "a charge type", fail);
  const reservation = value.reservation;
  if (timing === "Postpaid") {
    if (isKnown(reservation))
      fail("billing.reservation", 'is only for paymentTiming "Prepaid"; remove it for Postpaid.');
    if (isMissing(value.chargeType))
      fail(
        "billing.chargeType",
        `is required when Postpaid; use one of ${CHARGE_TYPES.join(", ")}.`,
      );
  } else if (timing === "Prepaid") {
    if (value.chargeType === "Tokens")
      fail(
        "billing.chargeType",
        'Tokens is paid as used: use paymentTiming "Postpaid" with it, or ComputingUnit.',
      );
    checkReservation(reservation, fail);
  }
  return value.chargeType;
}

function checkReservation(value: unknown, fail: Fail): void {
  if (isUnknown(value)) return;
  if (!isRecordValue(value)) {
    fail(
      "billing.reservation",
      isKnown(value)
        ? "must be an object such as { reservationLength: 1 }."
        : 'is required when Prepaid: { reservationTimeUnit: "Month", reservationLength: 1 to 12 }.',
    );
    return;
  }
  const at = (key: string) => `billing.reservation.${key}`;
  checkOneOf(
    value.reservationTimeUnit,
    at("reservationTimeUnit"),
    ["Month"],
    "a reservation unit",
    fail,
  );
  if (isMissing(value.reservationLength))
    fail(at("reservationLength"), "is required when Prepaid: 1 to 12 (months).");
  checkNumber(
    value.reservationLength,
    at("reservationLength"),
    { integer: true, min: 1, max: 12 },
    fail,
  );
  checkBoolean(value.autoRenew, at("autoRenew"), fail);
  checkOneOf(value.autoRenewTimeUnit, at("autoRenewTimeUnit"), ["Month"], "a renewal unit", fail);
  checkNumber(value.autoRenewTime, at("autoRenewTime"), { integer: true, min: 1, max: 6 }, fail);
}

function checkResourceConfig(
  value: unknown,
  required: boolean,
  chargeType: unknown,
  fail: Fail,
): void {
  if (isUnknown(value)) return;
  if (!isKnown(value)) {
    if (required)
      fail(
        "resourceConfig",
        'is required to deploy on new compute units: { type: "GPU-1-1", replicasCount: 1 } (with billing); or ' +
          "deploy on units bought before with deploymentConfig.deploymentComputeUnitList.",
      );
    return;
  }
  if (!isRecordValue(value)) {
    fail("resourceConfig", 'must be an object such as { type: "GPU-1-1", replicasCount: 1 }.');
    return;
  }
  const at = (key: string) => `resourceConfig.${key}`;
  checkOneOf(value.region, at("region"), REGIONS, "a region", fail);
  const types = `e.g. ${DOCUMENTED_RESOURCE_TYPES.join(", ")}`;
  if (chargeType !== "Tokens" && isMissing(value.type))
    fail(at("type"), `is required: the compute-unit type, ${types}.`);
  else if (isKnown(value.type) && (typeof value.type !== "string" || value.type.trim() === ""))
    fail(at("type"), `must be a compute-unit type, ${types}.`);
  checkQps(value.qps, at("qps"), fail);
  if (chargeType !== "Tokens" && isMissing(value.replicasCount))
    fail(at("replicasCount"), "is required: how many replicas to buy (1 or more).");
  checkNumber(value.replicasCount, at("replicasCount"), COUNT, fail);
}

/** Per-replica QPS: above 0, up to 50, to 0.01. */
function checkQps(value: unknown, field: string, fail: Fail): void {
  if (!isKnown(value)) return;
  const hundredths = typeof value === "number" ? value * 100 : NaN;
  if (!(
    hundredths > 0 &&
    hundredths <= 5000 &&
    Math.abs(hundredths - Math.round(hundredths)) < 1e-6
  ))
    fail(field, `must be a number above 0 and up to 50, to 0.01 (got ${shown(value)}).`);
}
