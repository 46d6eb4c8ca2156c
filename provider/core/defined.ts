/**
 * The record without its undefined values. Spread over older values (`{ ...state, ...definedOnly(read) }`) it
 * replaces the ones it has and keeps the ones it lacks, where an undefined value would blank them; in a request
 * body it sends only what was given.
 */
export function definedOnly<T extends object>(record: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
