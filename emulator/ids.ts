import { randomBytes } from "node:crypto";

/** `prefix` and 32 random hex digits, the shape of Azure OpenAI ids ("file-…", "upload-…"). */
export const newId = (prefix: string) => `${prefix}${randomBytes(16).toString("hex")}`;
