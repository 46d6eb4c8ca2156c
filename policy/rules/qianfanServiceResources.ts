import type { ResourceValidationPolicy } from "@pulumi/policy";
import { QIANFAN_SERVICE_TYPE } from "../tokens";
import { configOf, readPath, show } from "../util";

/**
 * The compute-unit types CreateService documents, as the provider lists them (provider/qianfan/valueLists.ts,
 * DOCUMENTED_RESOURCE_TYPES). The pack stands alone, so the list is repeated here; the rule's test keeps the two equal.
 */
export const DEFAULT_ALLOWED_RESOURCE_TYPES = [
  "CPU-1-1",
  "GPU-1-1",
  "GPU-1-2",
  "GPU-1-4",
  "GPU-1-8",
  "GPU-5-1",
  "GPU-5-2",
  "GPU-6-1",
  "GPU-6-2",
  "GPU-7-1",
  "GPU-7-2",
];
export const DEFAULT_MAX_REPLICAS = 4;

export interface QianfanServiceResourcesConfig {
  allowedResourceTypes: string[];
  maxReplicas: number;
}

const ROMAN: Record<string, string> = {
  I: "1",
  II: "2",
  III: "3",
  IV: "4",
  V: "5",
  VI: "6",
  VII: "7",
  VIII: "8",
  IX: "9",
  X: "10",
};

/**
 * The type a compute-unit spelling names: letter case ignored, and the family written in Roman numerals as
 * DescribeService prints it (`GPU-I-2`) read as CreateService's digits (`GPU-1-2`). The provider passes the type
 * as given, so both spellings reach Qianfan; here they count as the same type.
 */
export function resourceTypeKey(spelling: string): string {
  return spelling
    .trim()
    .toUpperCase()
    .replace(/^([A-Z]+)-([IVX]+)-/, (whole, kind: string, family: string) =>
      Object.hasOwn(ROMAN, family) ? `${kind}-${ROMAN[family]}-` : whole,
    );
}

/** A value shaped like a compute-unit type may be quoted back; anything else is not shown. */
const QUOTABLE = /^[A-Za-z]{2,5}-[A-Za-z0-9]{1,5}-\d{1,3}$/;

/** The replica counts a service asks for, each with the field it was read from; unknown values are left out. */
export function replicaCounts(props: unknown): { field: string; replicas: number }[] {
  const counts: { field: string; replicas: number }[] = [];
  for (const field of ["resourceConfig.replicasCount", "deploymentConfig.replicasCount"]) {
    const value = readPath(props, field);
    if (typeof value === "number") counts.push({ field, replicas: value });
  }
  const units = readPath(props, "deploymentConfig.deploymentComputeUnitList");
  if (Array.isArray(units)) {
    // By index: iterating the list would read an entry not known yet, which throws.
    const perUnit = Array.from({ length: units.length }, (_, i) =>
      readPath(units, `${i}.deploymentReplicasCount`),
    );
    const known = perUnit.filter((n): n is number => typeof n === "number");
    // Replicas are spread over the instances: the sum is what runs (a lower bound while some are unknown).
    if (known.length > 0)
      counts.push({
        field: "deploymentConfig.deploymentComputeUnitList[].deploymentReplicasCount",
        replicas: known.reduce((a, b) => a + b, 0),
      });
  }
  return counts;
}

export const qianfanServiceResources: ResourceValidationPolicy = {
  name: "finetune-qianfan-service-resources",
  description:
    "Qianfan services run on an approved compute-unit type and within the replica limit.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedResourceTypes: {
        type: "array",
        items: { type: "string" },
        default: DEFAULT_ALLOWED_RESOURCE_TYPES,
      },
      maxReplicas: { type: "integer", minimum: 1, default: DEFAULT_MAX_REPLICAS },
    },
  },
  validateResource: (args, report) => {
    if (args.type !== QIANFAN_SERVICE_TYPE) return;
    const { allowedResourceTypes, maxReplicas } = configOf<QianfanServiceResourcesConfig>(
      qianfanServiceResources,
      args,
    );
    const type = readPath(args.props, "resourceConfig.type");
    // Unset (chargeType Tokens, or units bought before) or unknown at preview: nothing to check.
    if (typeof type === "string") {
      const allowed = new Set((allowedResourceTypes ?? []).map(resourceTypeKey));
      if (!allowed.has(resourceTypeKey(type))) {
        const what = QUOTABLE.test(type) ? `is ${show(type)}` : "(the value is not shown)";
        const fix =
          allowed.size > 0
            ? `use one of ${allowedResourceTypes.join(", ")}, or add it to allowedResourceTypes in the policy config.`
            : "allowedResourceTypes in the policy config is empty; add the type to it.";
        report(`resourceConfig.type ${what}, which is not an allowed compute-unit type; ${fix}`);
      }
    }
    for (const { field, replicas } of replicaCounts(args.props)) {
      if (replicas <= maxReplicas) continue;
      const [what, lower] = field.endsWith("[].deploymentReplicasCount")
        ? [`adds up to ${replicas} replicas`, `lower them to ${maxReplicas} in all`]
        : [`is ${replicas}`, `lower it to ${maxReplicas}`];
      report(`${field} ${what}; ${lower} or raise maxReplicas in the policy config.`);
    }
  },
};
