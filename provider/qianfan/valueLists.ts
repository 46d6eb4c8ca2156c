/**
 * The values Qianfan's fields take that the package exports (CreateTask, CreateDataset, CreateCustomModelSet,
 * CreateService), apart from the checks that use them, so that a program loads the lists without the checks.
 */
export const TRAIN_MODES = ["SFT", "PostPretrain", "DPO", "KTO"] as const;

export const PARAMETER_SCALES = ["FullFineTuning", "LoRA", "PromptTuning"] as const;

/** CreateDataset's `dataFormat`, as the doc lists them (`PromptSortedresponses` with a lower-case r, sic). */
export const DATA_FORMATS = [
  "PromptResponse",
  "Role",
  "SFT_FIM",
  "Text",
  "DPO_PromptChosenRejected",
  "KTO_PromptChosenRejected",
  "PromptSortedresponses",
  "Prompt",
  "PromptImage",
  "PromptImageResponse",
] as const;

/** `BOS` (the dataset is kept in your bucket, at `storagePath`) or `sysStorage` (the platform's storage). */
export const STORAGE_TYPES = ["BOS", "sysStorage"] as const;

/** CreateCustomModelSet's `modelType`, as the 2026 doc prints them (`VioceGeneration` sic). */
export const MODEL_TYPES = [
  "Text2Text",
  "Text2Image",
  "Embedding",
  "ImageUnderstanding",
  "VideoGeneration",
  "VioceGeneration",
  "Reasoning",
  "Reranker",
] as const;

/** Lower-case letters, digits, `_` and `-`, 2 to 20, first and last a letter or digit. */
export const URL_SUFFIX = /^[a-z0-9][a-z0-9_-]{0,18}[a-z0-9]$/;

export const PAYMENT_TIMINGS = ["Prepaid", "Postpaid"] as const;

/**
 * The resource types CreateService documents. They are not enforced: DescribeService documents another spelling
 * (`GPU-I-2`), so `resourceConfig.type` passes as given (research §7.9).
 */
export const DOCUMENTED_RESOURCE_TYPES = [
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
] as const;
