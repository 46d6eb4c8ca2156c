/**
 * The sweep marker: with a sweep tag set (stack config `azure-openai:sweepTag` or PULUMI_FINETUNE_SWEEP_TAG), the
 * files a stack uploads are named `pulumi-finetune.<tag>.<filename>`. `pulumi-finetune-sweep --tag <tag>` deletes
 * only objects named so (and the jobs that train on them), so it never touches what other stacks or people made.
 * Azure files carry no metadata, so the name is the only place a marker can live.
 */
import { InputError } from "../core/errors";
import { stackConfig } from "../core/stackConfig";

export const SWEEP_TAG_CONFIG = "azure-openai:sweepTag";
export const SWEEP_TAG_ENV = "PULUMI_FINETUNE_SWEEP_TAG";
const PREFIX = "pulumi-finetune.";
const TAG = /^[a-z0-9][a-z0-9-]{0,31}$/;
const MARKED = /^pulumi-finetune\.([a-z0-9][a-z0-9-]{0,31})\.(.+)$/;

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

/** The name a file is uploaded under. */
export function markedFilename(filename: string, tag: string | undefined): string {
  return tag === undefined ? filename : `${PREFIX}${tag}.${filename}`;
}

export const MAX_FILENAME_LENGTH = 255;

/** Why the remote name, with the marker, would be too long; undefined when it fits. */
export function markedFilenameProblem(
  filename: string,
  tag: string | undefined,
): string | undefined {
  const marked = markedFilename(filename, tag);
  if (tag === undefined || marked.length <= MAX_FILENAME_LENGTH) return undefined;
  return (
    `with the sweep tag "${tag}" the remote name "${marked.slice(0, 40)}…" would be ${marked.length} characters; ` +
    `at most ${MAX_FILENAME_LENGTH}. Give a filename of at most ${MAX_FILENAME_LENGTH - (marked.length - filename.length)} characters.`
  );
}

/** The name the user gave, whether or not the remote name carries a marker. */
export function unmarkedFilename(remoteName: string): string {
  return MARKED.exec(remoteName)?.[2] ?? remoteName;
}

export function sweepTagOf(remoteName: string): string | undefined {
  return MARKED.exec(remoteName)?.[1];
}
