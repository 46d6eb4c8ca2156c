import { inappropriateJson } from "./errors";
import type { PageRequest } from "./pageRequest";

export interface QianfanPageInfo {
  /** The marker asked for, "" for the first page. */
  marker: string;
  maxKeys: number;
  isTruncated: boolean;
  /** The id of the next page's first item; "" on the last page. */
  nextMarker: string;
}

/**
 * Marker paging as the service shows it (seed: the SDK's mock): `marker` is the id of the page's
 * first item, and `nextMarker` the id the next page starts at. `inOrder` is the list in the order
 * of `pageReverse: false` (newest first for fine-tuning, oldest first for the other areas);
 * `pageReverse` turns it round.
 */
export function pageOf<T>(
  inOrder: readonly T[],
  idOf: (item: T) => string,
  { marker, maxKeys, pageReverse }: PageRequest,
): { items: T[]; pageInfo: QianfanPageInfo } {
  const ordered = pageReverse ? [...inOrder].reverse() : inOrder;
  let start = 0;
  if (marker !== undefined) {
    start = ordered.findIndex((item) => idOf(item) === marker);
    if (start === -1) throw inappropriateJson("marker", `marker ${marker} is not in this list.`);
  }
  const end = start + maxKeys;
  const next = ordered[end];
  return {
    items: ordered.slice(start, end),
    pageInfo: {
      marker: marker ?? "",
      maxKeys,
      isTruncated: next !== undefined,
      nextMarker: next === undefined ? "" : idOf(next),
    },
  };
}
