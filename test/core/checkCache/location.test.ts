import { checkCacheDirectory, checkCacheEnabled } from "../../../provider/core/checkCache";
import * as path from "node:path";

describe("checkCacheDirectory", () => {
  it.each<
    [string, Record<string, string>, NodeJS.Platform, string | undefined, string | undefined]
  >([
    ["Linux: ~/.cache", {}, "linux", "/home/ada", "/home/ada/.cache/pulumi-finetune/check"],
    [
      "Linux: XDG_CACHE_HOME",
      { XDG_CACHE_HOME: "/var/cache/ada" },
      "linux",
      "/home/ada",
      "/var/cache/ada/pulumi-finetune/check",
    ],
    [
      "Linux: a relative XDG_CACHE_HOME is ignored",
      { XDG_CACHE_HOME: "cache" },
      "linux",
      "/home/ada",
      "/home/ada/.cache/pulumi-finetune/check",
    ],
    [
      "macOS: ~/Library/Caches",
      { XDG_CACHE_HOME: "/x" },
      "darwin",
      "/Users/ada",
      "/Users/ada/Library/Caches/pulumi-finetune/check",
    ],
    [
      "Windows: LOCALAPPDATA",
      { LOCALAPPDATA: "C:\\Users\\ada\\AppData\\Local" },
      "win32",
      "C:\\Users\\ada",
      "C:\\Users\\ada\\AppData\\Local\\pulumi-finetune\\check",
    ],
    [
      "Windows without LOCALAPPDATA",
      {},
      "win32",
      "C:\\Users\\ada",
      "C:\\Users\\ada\\AppData\\Local\\pulumi-finetune\\check",
    ],
    ["no home", {}, "linux", undefined, undefined],
    ["an empty home", {}, "linux", "", undefined],
    [
      "PULUMI_FINETUNE_CHECK_CACHE_DIR wins",
      { PULUMI_FINETUNE_CHECK_CACHE_DIR: "/tmp/c", XDG_CACHE_HOME: "/x" },
      "linux",
      "/home/ada",
      "/tmp/c",
    ],
    [
      "PULUMI_FINETUNE_CHECK_CACHE_DIR without a home",
      { PULUMI_FINETUNE_CHECK_CACHE_DIR: "/tmp/c" },
      "linux",
      undefined,
      "/tmp/c",
    ],
  ])("%s", (_name, env, platform, home, want) =>
    expect(checkCacheDirectory(env, platform, home)).toBe(want),
  );

  it("takes a relative PULUMI_FINETUNE_CHECK_CACHE_DIR from the directory Pulumi runs in", () => {
    expect(checkCacheDirectory({ PULUMI_FINETUNE_CHECK_CACHE_DIR: "cache" }, "linux", "/h")).toBe(
      path.resolve("cache"),
    );
  });
});

describe("checkCacheEnabled", () => {
  it.each<[string | undefined, boolean]>([
    [undefined, true],
    ["", true],
    ["on", true],
    ["1", true],
    ["off", false],
    ["OFF", false],
    [" off ", false],
    ["0", false],
    ["false", false],
    ["no", false],
  ])("PULUMI_FINETUNE_CHECK_CACHE=%j: %s", (value, want) =>
    expect(checkCacheEnabled({ PULUMI_FINETUNE_CHECK_CACHE: value })).toBe(want),
  );
});
