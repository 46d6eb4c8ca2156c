import type { ResourceValidationPolicy } from "@pulumi/policy";
import { FINE_TUNE_JOB_TYPE } from "../tokens";
import { configOf, show } from "../util";

export interface RequiredMetadataConfig {
  requiredKeys: string[];
  allowEmptyValues: boolean;
}

const quoted = (keys: string[]) => keys.map((k) => show(k)).join(", ");
const them = (keys: string[]) => (keys.length === 1 ? "it" : "them");

export const requiredMetadata: ResourceValidationPolicy = {
  name: "finetune-required-metadata",
  description: "Fine-tuning jobs carry the metadata keys the policy config requires.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      requiredKeys: { type: "array", items: { type: "string" }, default: [] },
      allowEmptyValues: { type: "boolean", default: false },
    },
  },
  validateResource: (args, report) => {
    if (args.type !== FINE_TUNE_JOB_TYPE) return;
    const { requiredKeys, allowEmptyValues } = configOf<RequiredMetadataConfig>(
      requiredMetadata,
      args,
    );
    const required = [...new Set(requiredKeys ?? [])];
    if (required.length === 0) return;
    const metadata: unknown = args.props.metadata;
    if (metadata === undefined || metadata === null) {
      report(
        `metadata is not set; add metadata with ${quoted(required)}, or remove ${them(required)} from ` +
          "requiredKeys in the policy config.",
      );
      return;
    }
    // Unknown during preview (or not a map at all, which the provider refuses): nothing to check here.
    if (typeof metadata !== "object" || Array.isArray(metadata)) return;
    const entries = metadata as Record<string, unknown>;
    // Values are never quoted: metadata is free text and may hold anything.
    const missing = required.filter(
      (k) => !Object.hasOwn(entries, k) || entries[k] === undefined || entries[k] === null,
    );
    const empty = allowEmptyValues
      ? []
      : required.filter((k) => {
          const value = Object.hasOwn(entries, k) ? entries[k] : undefined;
          return typeof value === "string" && value.trim() === "";
        });
    if (missing.length > 0) {
      report(
        `metadata is missing ${quoted(missing)}; add ${them(missing)} to the job's metadata, or remove ` +
          `${them(missing)} from requiredKeys in the policy config.`,
      );
    }
    if (empty.length > 0) {
      report(
        `metadata has an empty value for ${quoted(empty)}; give ${them(empty)} a value, or set ` +
          "allowEmptyValues to true in the policy config.",
      );
    }
  },
};
