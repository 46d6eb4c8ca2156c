/**
 * The one create path. A create whose answer may be lost — a 5xx, or a connection that broke after the request went
 * out — is never simply sent again: what it may have made is looked for first, and used if found, so a retried
 * create never leaves two objects. Only when nothing was made is the create sent again, at most `attempts` times.
 */
import { messageOf, outcomeUnknown } from "./errors";
import { progress } from "./progress";

export interface CreateOnce<T> {
  /** For progress lines: the resource ("FineTuneJob"), the request ("create", "upload") and what it makes ("job"). */
  label: string;
  request: string;
  makes: string;
  create(): Promise<T>;
  /**
   * The object a create since the first attempt made, if any. Where the API offers no way to find it, say instead
   * in `unfindable` why a second one is harmless (e.g. "an unused upload holds no data and expires by itself").
   */
  findCreated?(): Promise<T | undefined>;
  unfindable?: string;
  /**
   * Whether a refusal says an earlier attempt already made the object (a second complete of an upload is refused
   * with 409): then it is looked for as after a lost answer, and the refusal is reported only if it is not found.
   */
  refusedAsDone?(error: unknown): boolean;
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
      const refusedAsDone = spec.refusedAsDone?.(error) === true;
      if (!outcomeUnknown(error) && !refusedAsDone) throw error;
      const found = await spec.findCreated?.();
      if (found !== undefined) {
        progress(
          `${spec.label}: the ${spec.request}'s answer was lost, but it created ${spec.idOf(found)}; using that ${spec.makes}`,
        );
        return found;
      }
      if (refusedAsDone || attempt >= attempts) throw error;
      const reason = messageOf(error);
      progress(
        spec.findCreated
          ? `${spec.label}: the ${spec.request} failed before creating anything (${reason}); sending again`
          : `${spec.label}: the ${spec.request}'s answer was lost (${reason}); ${spec.unfindable ?? "it cannot be looked up"}, so it is sent again`,
      );
    }
  }
}
