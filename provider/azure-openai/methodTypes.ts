/** The training methods of a fine-tuning job (its `method.type`). */
export const METHOD_TYPES = ["supervised", "dpo", "reinforcement"] as const;
export type MethodType = (typeof METHOD_TYPES)[number];
