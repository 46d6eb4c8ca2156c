/**
 * The description a Qianfan service gets: the user's description, then a fixed tag with the resource's marker
 * (core/identity.ts), ` [pulumi-finetune <marker>]`. A service has no other free field, and the marker is what lets
 * the create of a killed run be taken over, and a model's delete recognise a service of this stack that no state
 * names. Without an identity (a program run outside the engine) the description is the user's alone. The tag is only
 * ever written at Qianfan: the resource's inputs and outputs keep the user's description.
 */
import { MARKER_LENGTH, markedByStack } from "../core/identity";

const TAG_OPEN = " [pulumi-finetune ";
const TAG_CLOSE = "]";
const TAG = /\s?\[pulumi-finetune ([0-9a-f]{8}_[0-9a-f]{12}_[0-9a-f]{8})\]$/;

/** CreateService's limit on `description` (research §5.1). */
export const REMOTE_DESCRIPTION_MAX = 500;
/** What the tag takes of it. */
export const DESCRIPTION_TAG_LENGTH = TAG_OPEN.length + MARKER_LENGTH + TAG_CLOSE.length;
/** What is left for the user's description. */
export const USER_DESCRIPTION_MAX = REMOTE_DESCRIPTION_MAX - DESCRIPTION_TAG_LENGTH;

/** The description sent to Qianfan: the user's, then the tag when there is a marker. */
export function markedDescription(
  description: string | undefined,
  marker: string | undefined,
): string | undefined {
  if (marker === undefined) return description;
  return `${description ?? ""}${TAG_OPEN}${marker}${TAG_CLOSE}`.trimStart();
}

/** The marker a description read from Qianfan carries, if it ends with the tag. */
export function markerInDescription(description: string | undefined): string | undefined {
  return description?.match(TAG)?.[1];
}

/** Whether a description read from Qianfan carries the marker of a resource of the stack `identity` belongs to. */
export function describedByStack(description: string | undefined, identity: string): boolean {
  const marker = markerInDescription(description);
  return marker !== undefined && markedByStack(marker, identity);
}
