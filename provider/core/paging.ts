/**
 * The one way to read a listing: page after page, as an async iterable of items, so a caller that finds what it
 * looks for stops reading. Each vendor only says how to get the first page and the next one. A listing longer than
 * `maxPages` fails loudly, naming it, instead of stopping silently with part of the list.
 */
import { ListingTooLongError } from "./errors";

export const MAX_PAGES = 200;

export interface Page<T> {
  items: readonly T[];
  /** The next page, or undefined on the last one. */
  next?: () => Promise<Page<T>>;
}

export async function* everyItem<T>(
  operation: string,
  firstPage: () => Promise<Page<T>>,
  maxPages = MAX_PAGES,
): AsyncGenerator<T, void, undefined> {
  let page = await firstPage();
  for (let read = 1; ; read++) {
    yield* page.items;
    if (!page.next) return;
    if (read >= maxPages) throw new ListingTooLongError(operation, maxPages);
    page = await page.next();
  }
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** The first item that matches, reading no further page than needed. */
export async function findFirst<T>(
  items: AsyncIterable<T>,
  matches: (item: T) => boolean,
): Promise<T | undefined> {
  for await (const item of items) if (matches(item)) return item;
  return undefined;
}
