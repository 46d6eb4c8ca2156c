/** TrainingFile: a file sent in one request (or, above 100 MiB, through the Uploads API). */
import type { FileInputs } from "./fileInputs";
import { fileResource, FILE_UPDATE_KEYS, RemoteFileFields, remoteFields } from "./fileResource";

export interface TrainingFileOutputs extends FileInputs, RemoteFileFields {}

export const trainingFileProvider = fileResource<FileInputs, TrainingFileOutputs>({
  kind: "TrainingFile",
  replaceKeys: ["contentSha256", "purpose", "filename", "endpoint"],
  updateKeys: [...FILE_UPDATE_KEYS, "content"],
  outputs: (inputs, file, placed) => ({
    ...inputs,
    ...remoteFields(file),
    contentSha256: placed.sha256,
  }),
  refreshed: (state, file) => ({ ...state, ...remoteFields(file) }),
});
