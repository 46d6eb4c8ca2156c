import type { StackValidationPolicy } from "@pulumi/policy";
import { FILE_TYPES, FINE_TUNE_JOB_TYPE } from "../tokens";
import { configOf, show } from "../util";

export interface FilesDeclaredInStackConfig {
  allowExternalFileIds: boolean;
  allowedFileIds: string[];
}

export const filesDeclaredInStack: StackValidationPolicy = {
  name: "finetune-files-declared-in-stack",
  description: "Fine-tuning jobs train on files that the same stack uploads.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowExternalFileIds: { type: "boolean", default: false },
      allowedFileIds: { type: "array", items: { type: "string" }, default: [] },
    },
  },
  validateStack: (args, report) => {
    const { allowExternalFileIds, allowedFileIds } = configOf<FilesDeclaredInStackConfig>(
      filesDeclaredInStack,
      args,
    );
    if (allowExternalFileIds) return;
    const declared = new Set<string>(allowedFileIds);
    for (const resource of args.resources) {
      if (!FILE_TYPES.includes(resource.type)) continue;
      for (const key of ["fileId", "id"]) {
        const id: unknown = resource.props[key];
        if (typeof id === "string" && id !== "") declared.add(id);
      }
    }
    for (const job of args.resources) {
      if (job.type !== FINE_TUNE_JOB_TYPE) continue;
      for (const field of ["trainingFileId", "validationFileId"]) {
        const id: unknown = job.props[field];
        if (typeof id !== "string" || id === "" || declared.has(id)) continue;
        report(
          `${field} is ${show(id)}, which is not the fileId of a TrainingFile or Upload in this stack; ` +
            "pass the stack's TrainingFile or Upload (its fileId) instead, or add the id to allowedFileIds " +
            "or set allowExternalFileIds in the policy config.",
          job.urn,
        );
      }
    }
  },
};
