/** The purposes a file on Azure OpenAI can have (the files API's `purpose`). */
export const FILE_PURPOSES = [
  "fine-tune",
  "fine-tune-results",
  "assistants",
  "assistants_output",
  "batch",
  "batch_output",
  "vision",
  "user_data",
  "evals",
] as const;
export type FilePurpose = (typeof FILE_PURPOSES)[number];
