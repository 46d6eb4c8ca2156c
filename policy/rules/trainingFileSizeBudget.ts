import * as fs from "fs";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { FILE_TYPES } from "../tokens";
import { configOf, show } from "../util";

export const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;

export interface TrainingFileSizeBudgetConfig {
  maxBytes: number;
}

/** The file's size and the field it was read from, or undefined when it cannot be told. */
export function trainingFileSize(
  props: Record<string, unknown>,
): { field: string; bytes: number } | undefined {
  if (typeof props.contentBytes === "number")
    return { field: "contentBytes", bytes: props.contentBytes };
  if (typeof props.content === "string")
    return { field: "content", bytes: Buffer.byteLength(props.content, "utf8") };
  if (typeof props.source === "string" && props.source !== "") {
    try {
      return { field: `source ${show(props.source)}`, bytes: fs.statSync(props.source).size };
    } catch {
      return undefined; // unreadable from here (e.g. relative to the program's directory): the provider checks it.
    }
  }
  return undefined;
}

export const trainingFileSizeBudget: ResourceValidationPolicy = {
  name: "finetune-training-file-size-budget",
  description: "Training files and uploads stay within the configured size budget.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: { maxBytes: { type: "integer", minimum: 1, default: DEFAULT_MAX_BYTES } },
  },
  validateResource: (args, report) => {
    if (!FILE_TYPES.includes(args.type)) return;
    const { maxBytes } = configOf<TrainingFileSizeBudgetConfig>(trainingFileSizeBudget, args);
    const size = trainingFileSize(args.props);
    if (size && size.bytes > maxBytes) {
      report(
        `${size.field} is ${size.bytes} bytes; the limit is ${maxBytes} bytes. ` +
          "Trim or split the training data, or raise maxBytes in the policy config.",
      );
    }
  },
};
