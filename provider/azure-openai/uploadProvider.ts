/** Upload: a large file through the Uploads API; its outputs add the upload's id, status, expiry and MD5. */
import type { FileObject } from "openai/resources/files";
import type { UploadInputs } from "./fileInputs";
import { fileStatus } from "./fileLifecycle";
import { fileResource, FILE_UPDATE_KEYS, RemoteFileFields, remoteFields } from "./fileResource";

export interface UploadOutputs extends UploadInputs, Omit<RemoteFileFields, "status"> {
  /** The upload's status (`completed`, or `adopted` for an adopted file); the file's own is `fileStatus`. */
  status?: string;
  fileStatus: string;
  uploadId?: string;
  expiresAt?: number;
  md5?: string;
}

function fileFields(file: FileObject): Omit<RemoteFileFields, "status"> & { fileStatus: string } {
  const { status: _status, ...fields } = remoteFields(file);
  return { ...fields, fileStatus: fileStatus(file) };
}

export const uploadProvider = fileResource<UploadInputs, UploadOutputs>({
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
