/**
 * Lenient readings of the console's answers where Baidu's documentation does not show them (research §7.1, §7.12):
 * a create's `result` may be the new id as a bare string or an object carrying it, and "gone" may be a 404 or a
 * code that says NotFound / NotExist.
 */
import { ApiError, NotFoundError } from "../core/errors";

/** The id a create answered: `result` itself when it is a string, else `result[key]`. */
export function idFromResult(result: unknown, key: string): string | undefined {
  if (typeof result === "string" && result !== "") return result;
  if (typeof result === "object" && result !== null) {
    const value: unknown = Reflect.get(result, key);
    if (typeof value === "string" && value !== "") return value;
  }
  return undefined;
}

/** Whether an error says the object does not exist (any more). */
export function isGone(error: unknown): boolean {
  return (
    error instanceof NotFoundError ||
    (error instanceof ApiError && /NotFound|NotExist/i.test(error.code))
  );
}

/** The answer to a read, or undefined when the object is gone. */
export async function unlessGone<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
}
