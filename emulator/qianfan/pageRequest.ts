// A list action's paging fields, as every Qianfan console area takes them.
import { inappropriateJson } from "./errors";
import { isInteger, type JsonObject, optionalString, present } from "./fields";

export const DEFAULT_MAX_KEYS = 10;
export const MAX_MAX_KEYS = 100;

export interface PageRequest {
  /** The id of the first item of the page; undefined for the first page. */
  marker: string | undefined;
  maxKeys: number;
  pageReverse: boolean;
}

export function parsePageRequest(body: JsonObject): PageRequest {
  const marker = optionalString(body, "marker") || undefined;
  const maxKeys = present(body, "maxKeys") ?? DEFAULT_MAX_KEYS;
  if (!isInteger(maxKeys) || maxKeys < 1) {
    const detail = `maxKeys must be an integer of 1 or more (above ${MAX_MAX_KEYS} counts as 100).`;
    throw inappropriateJson("maxKeys", detail);
  }
  const pageReverse = present(body, "pageReverse") ?? false;
  if (typeof pageReverse !== "boolean") {
    throw inappropriateJson("pageReverse", "pageReverse must be true or false.");
  }
  return { marker, maxKeys: Math.min(maxKeys, MAX_MAX_KEYS), pageReverse };
}
