import { createHash, randomBytes } from "node:crypto";

/** `prefix` and 32 random hex digits, the shape of Azure OpenAI ids ("file-…", "upload-…"). */
export const newId = (prefix: string) => `${prefix}${randomBytes(16).toString("hex")}`;

/** `prefix` and 32 hex digits derived from `key`: the same key always gives the same id. */
export const derivedId = (prefix: string, key: string) =>
  `${prefix}${createHash("sha256").update(key).digest("hex").slice(0, 32)}`;
