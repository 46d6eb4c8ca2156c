import { invalidPayload } from "./errors";

export const DEFAULT_PAGE_LIMIT = 20;
export const MAX_PAGE_LIMIT = 100;

export interface ListPage<T> {
  object: "list";
  data: T[];
  has_more: boolean;
}

/**
 * OpenAI cursor paging over items sorted newest first: `after` is the id of the last item of the
 * previous page, and the page holds up to `limit` items that come after it.
 */
export function page<T extends { id: string }>(
  newestFirst: readonly T[],
  query: URLSearchParams,
): ListPage<T> {
  const limit = pageLimit(query.get("limit"));
  const after = query.get("after");
  let start = 0;
  if (after !== null) {
    const index = newestFirst.findIndex((item) => item.id === after);
    if (index === -1) throw invalidPayload("after", `after '${after}' is not an id in this list.`);
    start = index + 1;
  }
  const data = newestFirst.slice(start, start + limit);
  return { object: "list", data, has_more: start + limit < newestFirst.length };
}

function pageLimit(text: string | null): number {
  if (text === null) return DEFAULT_PAGE_LIMIT;
  const limit = Number(text);
  if (!/^\d+$/.test(text) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw invalidPayload("limit", `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}.`);
  }
  return limit;
}
