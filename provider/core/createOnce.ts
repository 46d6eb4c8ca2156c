/**
 * A create whose answer may be lost — a 5xx, or a connection that broke after the request went out — is never simply
 * sent again: what it may have made is looked for first, and used if found, so a retried create never leaves two
 * objects. Only when nothing was made is the create sent again, at most `attempts` times in all.
 */
import { outcomeUnknown } from "./errors";
import { progress } from "./progress";

export interface CreateOnce<T> {
  /** For progress lines: the resource ("FineTuneJob"), the request ("create", "upload") and what it makes ("job"). */
  label: string;
  request: string;
  makes: string;
  create(): Promise<T>;
  /** The object a create since the first attempt made, if any. */
  findCreated(): Promise<T | undefined>;
  idOf(created: T): string;
  attempts?: number;
}

export const CREATE_ATTEMPTS = 3;

export async function createOnce<T>(spec: CreateOnce<T>): Promise<T> {
  const attempts = spec.attempts ?? CREATE_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await spec.create();
    } catch (error) {
      if (!outcomeUnknown(error)) throw error;
      const found = await spec.findCreated();
      if (found !== undefined) {
        progress(`${spec.label}: the ${spec.request}'s answer was lost, but it created ${spec.idOf(found)}; using that ${spec.makes}`);
        return found;
      }
      if (attempt >= attempts) throw error;
      progress(
        `${spec.label}: the ${spec.request} failed before creating anything (${(error as Error).message}); sending again`,
      );
    }
  }
}
