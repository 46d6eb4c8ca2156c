import { createHash, randomBytes } from "node:crypto";

/** `prefix` and 32 random hex digits, the shape of Azure OpenAI ids ("file-…", "upload-…"). */
export const newId = (prefix: string) => `${prefix}${randomBytes(16).toString("hex")}`;

/** `prefix` and 32 hex digits derived from `key`: the same key always gives the same id. */
export const derivedId = (prefix: string, key: string) =>
  `${prefix}${createHash("sha256").update(key).digest("hex").slice(0, 32)}`;

const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

/** `prefix` and `length` random lower-case letters and digits, the shape of Qianfan ids. */
export function newAlnumId(prefix: string, length = 12): string {
  const bytes = randomBytes(length);
  let id = prefix;
  // 256 is not a multiple of 36, so the first letters are a little likelier; harmless for ids.
  for (const byte of bytes) id += LOWER_ALNUM[byte % LOWER_ALNUM.length];
  return id;
}

/** `newAlnumId`, drawn again while `taken(id)`: for kinds that share a prefix (`task-`). */
export function newUnusedAlnumId(
  prefix: string,
  length: number,
  taken: (id: string) => boolean,
): string {
  for (;;) {
    const id = newAlnumId(prefix, length);
    if (!taken(id)) return id;
  }
}
