/**
 * The sweep marker: with a sweep tag set (stack config `azure-openai:sweepTag` or PULUMI_FINETUNE_SWEEP_TAG), the
 * files a stack uploads are named `pulumi-finetune.<tag>.<marker>.<filename>`. `pulumi-finetune-sweep --tag <tag>` deletes
 * only objects named so (and the jobs that train on them), so it never touches what other stacks or people made.
 * Azure files carry no metadata, so the name is the only place a marker can live.
 */
import { InputError } from "../core/errors";
import { MARKER_LENGTH } from "../core/identity";
import { stackConfig } from "../core/stackConfig";

export const SWEEP_TAG_CONFIG = "azure-openai:sweepTag";
export const SWEEP_TAG_ENV = "PULUMI_FINETUNE_SWEEP_TAG";
const PREFIX = "pulumi-finetune.";
const TAG = /^[a-z0-9][a-z0-9-]{0,31}$/;
/** Tag, marker (or both), then the name; the marker's underscores set it apart from a tag. */
const MARKER_SEGMENT = "[0-9a-f]{8}_[0-9a-f]{12}_[0-9a-f]{8}";
const MARKED = new RegExp(
  `^pulumi-finetune\\.(?:(?<tag>[a-z0-9][a-z0-9-]{0,31})\\.(?:(?<taggedMarker>${MARKER_SEGMENT})\\.)?|(?<marker>${MARKER_SEGMENT})\\.)(?<name>.+)$`,
);

export function isValidSweepTag(tag: string): boolean {
  return TAG.test(tag);
}

export function sweepTagProblem(tag: string): string | undefined {
  return isValidSweepTag(tag)
    ? undefined
    : `"${tag}" is not a sweep tag: use 1–32 lowercase letters, digits and dashes, starting with a letter or digit.`;
}

/** The tag this stack marks its files with, if any; throws an InputError naming where a bad tag came from. */
export function configuredSweepTag(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromConfig = stackConfig().get(SWEEP_TAG_CONFIG)?.trim();
  const [tag, place] = fromConfig
    ? [fromConfig, SWEEP_TAG_CONFIG]
    : [env[SWEEP_TAG_ENV]?.trim(), SWEEP_TAG_ENV];
  if (!tag) return undefined;
  const problem = sweepTagProblem(tag);
  if (problem) throw new InputError(place, problem);
  return tag;
}

/**
 * The name a file is uploaded under: `pulumi-finetune.[<tag>.][<marker>.]<filename>`. The marker (core/identity.ts)
 * lets a run that follows an interrupted one find the file it made; the tag is for the sweep.
 */
export function markedFilename(filename: string, tag: string | undefined, marker?: string): string {
  if (tag === undefined && marker === undefined) return filename;
  return `${PREFIX}${tag === undefined ? "" : `${tag}.`}${marker === undefined ? "" : `${marker}.`}${filename}`;
}

export const MAX_FILENAME_LENGTH = 255;

/** Why the remote name, with the tag and the resource's marker, would be too long; undefined when it fits. */
export function markedFilenameProblem(
  filename: string,
  tag: string | undefined,
): string | undefined {
  const prefix = markedFilename("", tag, "m".repeat(MARKER_LENGTH));
  const length = prefix.length + filename.length;
  if (length <= MAX_FILENAME_LENGTH) return undefined;
  const what =
    tag === undefined
      ? `"${PREFIX}<marker>."`
      : `"${PREFIX}${tag}.<marker>." (with the sweep tag "${tag}")`;
  return (
    `the remote name is the filename after ${what}, where the ${MARKER_LENGTH}-character marker lets a run that ` +
    `follows an interrupted one find the file; it would be ${length} characters, at most ${MAX_FILENAME_LENGTH}. ` +
    `Give a filename of at most ${MAX_FILENAME_LENGTH - prefix.length} characters.`
  );
}

/** The name the user gave, whether or not the remote name carries a tag or a marker. */
export function unmarkedFilename(remoteName: string): string {
  return MARKED.exec(remoteName)?.groups?.name ?? remoteName;
}

export function sweepTagOf(remoteName: string): string | undefined {
  return MARKED.exec(remoteName)?.groups?.tag;
}

/** The marker a remote name carries, when it carries one. */
export function markerOfFilename(remoteName: string): string | undefined {
  const groups = MARKED.exec(remoteName)?.groups;
  return groups?.taggedMarker ?? groups?.marker;
}
