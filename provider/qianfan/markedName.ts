/**
 * The name a Qianfan object gets when its name is the only free field it has (a dataset, a model set): the user's
 * name, then `_` and the resource's marker (core/identity.ts: identity and a fingerprint of the inputs that replace
 * it). The name then says which resource made the object, so the create of a killed run is found and taken over,
 * and a replacement (another fingerprint) never takes its predecessor for its own. Without an identity (a program
 * run outside the engine) the name is the user's alone.
 */
import { MARKER_LENGTH, markerOf } from "../core/identity";

export const MARKED_NAME_SUFFIX_LENGTH = MARKER_LENGTH + 1;

export function markedName(
  name: string,
  identity: string | undefined,
  inputs: object,
  replaceKeys: readonly string[],
): string {
  return identity === undefined ? name : `${name}_${markerOf(identity, inputs, replaceKeys)}`;
}
