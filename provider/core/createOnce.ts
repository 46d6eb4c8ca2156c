/**
 * The one create path. A create whose answer may be lost — a 5xx, or a connection that broke after the request went
 * out — is never simply sent again: what it may have made is looked for first, and used if found, so a retried
 * create never leaves two objects. Only when nothing was made is the create sent again, at most `attempts` times.
 *
 * Before the first request, what an earlier, interrupted run made for the same resource is looked for (by the
 * identity the object carries, core/identity.ts) and taken over: a `pulumi up` killed after the create went out
 * leaves no record in the state, and the next run must not make a second object.
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
  /**
   * The object an earlier run made for this resource and never recorded, found by its identity; undefined when there
   * is none or the resource has no identity. Omit it where no object can be found with certainty (and say why in
   * `unfindable`).
   */
  findInterrupted?(): Promise<T | undefined>;
  idOf(created: T): string;
  /** For the take-over line: the object's status now (it may have gone on while nobody watched). */
  statusOf?(found: T): string;
  attempts?: number;
}

export const CREATE_ATTEMPTS = 3;

export async function createOnce<T>(spec: CreateOnce<T>): Promise<T> {
  const attempts = spec.attempts ?? CREATE_ATTEMPTS;
  const interrupted = await spec.findInterrupted?.();
  if (interrupted !== undefined) {
    const status = spec.statusOf ? ` (${spec.statusOf(interrupted)})` : "";
    progress(
      `${spec.label}: taking over ${spec.idOf(interrupted)}${status}, which an earlier run made for this resource ` +
        `but was interrupted before recording it; no second ${spec.makes} is created`,
    );
    return interrupted;
  }
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
