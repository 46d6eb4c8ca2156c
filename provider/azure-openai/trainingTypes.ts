/**
 * Training types (`trainingType`, a top-level field of a job create that Microsoft's docs show and neither spec
 * lists). The service's spelling is not settled — the REST how-to shows `globalstandard`, Microsoft's own scripts
 * use `standard`, `globalStandard` and `developerTier` — so any of these is accepted in any letter case, stored as
 * one of three names, and sent as the docs spell it.
 */
export const TRAINING_TYPES = ["standard", "globalStandard", "developer"] as const;
export type TrainingType = (typeof TRAINING_TYPES)[number];

const SPELLINGS: Readonly<Record<string, TrainingType>> = {
  standard: "standard",
  globalstandard: "globalStandard",
  developer: "developer",
  developertier: "developer",
};

/** What is sent: the REST how-to's `globalstandard`; `standard` and `developerTier` as Microsoft's scripts spell them. */
export const WIRE_TRAINING_TYPES: Readonly<Record<TrainingType, string>> = {
  standard: "standard",
  globalStandard: "globalstandard",
  developer: "developerTier",
};

/** The training type a spelling names, ignoring case, spaces, `-` and `_`; undefined for anything else. */
export function normalizeTrainingType(value: string): TrainingType | undefined {
  return SPELLINGS[value.toLowerCase().replace(/[\s_-]+/g, "")];
}
