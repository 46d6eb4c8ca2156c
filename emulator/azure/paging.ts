import { invalidPayload } from "./errors";

export const DEFAULT_PAGE_LIMIT = 20;
export const MAX_PAGE_LIMIT = 100;

/** The specs' default `limit` for checkpoints (all three say 10; jobs and events say 20). */
export const CHECKPOINTS_PAGE_LIMIT = 10;

export interface ListPage<T> {
  object: "list";
  data: T[];
  has_more: boolean;
}

/** `ListPage` with the ids of the page's first and last items (null on an empty page). */
export interface ListPageWithIds<T> extends ListPage<T> {
  first_id: string | null;
  last_id: string | null;
}

export interface PageLimits {
  /** When `limit` is absent; default DEFAULT_PAGE_LIMIT. */
  defaultLimit?: number;
  /** The largest `limit` accepted; default MAX_PAGE_LIMIT. */
  maxLimit?: number;
}

/**
 * OpenAI cursor paging over items in list order (newest first for jobs, events and checkpoints):
 * `after` is the id of the last item of the previous page, and the page holds up to `limit` items
 * that come after it.
 */
export function page<T extends { id: string }>(
  items: readonly T[],
  query: URLSearchParams,
  limits: PageLimits = {},
): ListPage<T> {
  const { data, has_more } = pageWithIds(items, query, limits);
  return { object: "list", data, has_more };
}

/** As `page`, with `first_id` and `last_id` (the files list's v1 shape). */
export function pageWithIds<T extends { id: string }>(
  items: readonly T[],
  query: URLSearchParams,
  { defaultLimit = DEFAULT_PAGE_LIMIT, maxLimit = MAX_PAGE_LIMIT }: PageLimits = {},
): ListPageWithIds<T> {
  const limit = pageLimit(query.get("limit"), defaultLimit, maxLimit);
  const after = query.get("after");
  let start = 0;
  if (after !== null) {
    const index = items.findIndex((item) => item.id === after);
    if (index === -1) throw invalidPayload("after", `after '${after}' is not an id in this list.`);
    start = index + 1;
  }
  const data = items.slice(start, start + limit);
  return {
    object: "list",
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: start + limit < items.length,
  };
}

function pageLimit(text: string | null, defaultLimit: number, maxLimit: number): number {
  if (text === null) return defaultLimit;
  const limit = Number(text);
  if (!/^\d+$/.test(text) || limit < 1 || limit > maxLimit) {
    throw invalidPayload("limit", `limit must be an integer from 1 to ${maxLimit}.`);
  }
  return limit;
}
