/** TrainingFile: a file sent in one request (or, above 100 MiB, through the Uploads API). */
import { fileResource, FILE_UPDATE_KEYS, remoteFields } from "./fileResource";

export const trainingFileProvider = fileResource({
  kind: "TrainingFile",
  replaceKeys: ["contentSha256", "purpose", "filename", "endpoint"],
  updateKeys: [...FILE_UPDATE_KEYS, "content"],
  outputs: (inputs, file, placed) => ({ ...inputs, ...remoteFields(file), contentSha256: placed.sha256 }),
  refreshed: (state, file) => ({ ...state, ...remoteFields(file) }),
});
