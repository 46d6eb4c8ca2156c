/** Upload: a large file through the Uploads API; its outputs add the upload's id, status, expiry and MD5. */
import { fileStatus } from "./fileLifecycle";
import { fileResource, FILE_UPDATE_KEYS, remoteFields } from "./fileResource";

/** The file's own status is `fileStatus` here; `status` is the upload's. */
function fileFields(file: Parameters<typeof remoteFields>[0]) {
  const { status: _status, ...fields } = remoteFields(file);
  return { ...fields, fileStatus: fileStatus(file) };
}

export const uploadProvider = fileResource({
  kind: "Upload",
  replaceKeys: ["contentSha256", "purpose", "filename", "endpoint", "mimeType"],
  updateKeys: [...FILE_UPDATE_KEYS, "partSizeMb", "concurrency"],
  outputs: (inputs, file, placed) => ({
    ...inputs,
    ...fileFields(file),
    uploadId: placed.uploadId,
    status: placed.adopted ? "adopted" : placed.uploadStatus,
    expiresAt: placed.expiresAt,
    md5: placed.md5,
    contentSha256: placed.sha256,
  }),
  refreshed: (state, file) => ({ ...state, ...fileFields(file) }),
});
