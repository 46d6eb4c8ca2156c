/**
 * Where the check cache lives and whether it is on. It is the user's, not the project's: under the platform's cache
 * directory (`$XDG_CACHE_HOME` or `~/.cache` on Linux and other Unixes, `~/Library/Caches` on macOS,
 * `%LOCALAPPDATA%` on Windows), in `pulumi-finetune/check`. So nothing is written into a project (no file to ignore
 * in git, nothing in a read-only checkout), and one project's stacks share it. PULUMI_FINETUNE_CHECK_CACHE_DIR puts
 * it elsewhere; PULUMI_FINETUNE_CHECK_CACHE=off turns it off.
 */
import * as path from "node:path";

export const CHECK_CACHE_ENV = "PULUMI_FINETUNE_CHECK_CACHE";
export const CHECK_CACHE_DIR_ENV = "PULUMI_FINETUNE_CHECK_CACHE_DIR";
const OFF = ["off", "0", "false", "no"];

type Env = Record<string, string | undefined>;

export function checkCacheEnabled(env: Env): boolean {
  return !OFF.includes((env[CHECK_CACHE_ENV] ?? "").trim().toLowerCase());
}

/** The cache's directory, or undefined when there is no home to put it in. */
export function checkCacheDirectory(
  env: Env,
  platform: NodeJS.Platform,
  home: string | undefined,
): string | undefined {
  const given = env[CHECK_CACHE_DIR_ENV];
  if (given) return path.resolve(given);
  const paths = platform === "win32" ? path.win32 : path.posix;
  const base = userCacheDirectory(env, platform, home);
  return base === undefined ? undefined : paths.join(base, "pulumi-finetune", "check");
}

function userCacheDirectory(
  env: Env,
  platform: NodeJS.Platform,
  home: string | undefined,
): string | undefined {
  const paths = platform === "win32" ? path.win32 : path.posix;
  const absolute = (dir: string | undefined) => (dir && paths.isAbsolute(dir) ? dir : undefined);
  if (platform === "win32") {
    const local = absolute(env.LOCALAPPDATA);
    return local ?? (absolute(home) && paths.join(home!, "AppData", "Local"));
  }
  if (platform === "darwin") return absolute(home) && paths.join(home!, "Library", "Caches");
  // The XDG base directory spec: a relative $XDG_CACHE_HOME is to be ignored.
  return absolute(env.XDG_CACHE_HOME) ?? (absolute(home) && paths.join(home!, ".cache"));
}
