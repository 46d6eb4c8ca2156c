import type { ResourceValidationPolicy } from "@pulumi/policy";
import { FINE_TUNE_JOB_TYPE } from "../tokens";
import { configOf, show } from "../util";

export type TrainingKind = "standard" | "globalStandard" | "developer";

export const TRAINING_KINDS: readonly TrainingKind[] = ["standard", "globalStandard", "developer"];
export const DEFAULT_ALLOWED_TRAINING_TYPES: TrainingKind[] = [...TRAINING_KINDS];
/** The spellings of trainingType the rule recognises (any letter case; spaces, underscores and dashes ignored). */
export const TRAINING_TYPE_SPELLINGS = [
  "standard",
  "globalStandard",
  "global standard",
  "developer",
  "developerTier",
];
/** What an absent trainingType means: the service's default. */
export const DEFAULT_TRAINING_KIND: TrainingKind = "standard";

export interface AllowedTrainingTypesConfig {
  allowedTrainingTypes: string[];
}

const KIND_BY_SPELLING: Record<string, TrainingKind> = {
  standard: "standard",
  globalstandard: "globalStandard",
  developer: "developer",
  developertier: "developer",
};

/** The canonical kind of a trainingType as the user wrote it, or undefined when the spelling is not recognised. */
export function trainingKind(spelling: string): TrainingKind | undefined {
  const key = spelling.toLowerCase().replace(/[\s_-]/g, "");
  return Object.hasOwn(KIND_BY_SPELLING, key) ? KIND_BY_SPELLING[key] : undefined;
}

/** A value that reads like a spelling attempt may be quoted back; anything else is not shown. */
const QUOTABLE = /^[A-Za-z][A-Za-z _-]{0,31}$/;

const WHY: Partial<Record<TrainingKind, string>> = {
  developer: "developer training has no data residency and may be paused by the service",
};

export const allowedTrainingTypes: ResourceValidationPolicy = {
  name: "finetune-allowed-training-types",
  description: "Fine-tuning jobs use only the approved training types.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedTrainingTypes: {
        type: "array",
        items: { type: "string", enum: [...TRAINING_KINDS] },
        default: DEFAULT_ALLOWED_TRAINING_TYPES,
      },
    },
  },
  validateResource: (args, report) => {
    if (args.type !== FINE_TUNE_JOB_TYPE) return;
    const config = configOf<AllowedTrainingTypesConfig>(allowedTrainingTypes, args);
    const allowed = new Set(
      (config.allowedTrainingTypes ?? []).flatMap((t) => {
        const kind = typeof t === "string" ? trainingKind(t) : undefined;
        return kind ? [kind] : [];
      }),
    );
    const given: unknown = args.props.trainingType;
    let subject: string;
    let kind: TrainingKind;
    if (given === undefined || given === null) {
      kind = DEFAULT_TRAINING_KIND;
      subject = `trainingType is not set, which means the service default (${kind})`;
    } else if (typeof given !== "string") {
      return; // unknown during preview, or computed: nothing to check yet.
    } else {
      const known = trainingKind(given);
      if (!known) {
        const what = QUOTABLE.test(given) ? `is ${show(given)}, which` : "(the value is not shown)";
        report(
          `trainingType ${what} is not a training type this policy recognises; use one of ` +
            `${TRAINING_TYPE_SPELLINGS.map((s) => show(s)).join(", ")} (any letter case).`,
        );
        return;
      }
      kind = known;
      subject = `trainingType is ${show(given)} (${kind})`;
    }
    if (allowed.has(kind)) return;
    const others = TRAINING_KINDS.filter((k) => allowed.has(k));
    const why = WHY[kind] ? ` (${WHY[kind]})` : "";
    const fix =
      others.length > 0
        ? `set trainingType to one of ${others.join(", ")}, or add ${kind} to allowedTrainingTypes in the policy config.`
        : `allowedTrainingTypes in the policy config is empty; add ${kind} to it.`;
    report(`${subject}, and allowedTrainingTypes does not allow ${kind}${why}; ${fix}`);
  },
};
