/**
 * The stack's Qianfan settings — AK/SK (there is no other way to sign), endpoint and signature lifetime — checked at
 * preview as well as when used, so a missing or bad setting fails `pulumi preview`, naming the key and the fix.
 */
import type * as pulumi from "@pulumi/pulumi";
import { resolveQianfanSettings } from "../core/credentials";
import { settingFailure } from "../core/validation";

export function qianfanSettingsFailures(): pulumi.dynamic.CheckFailure[] {
  try {
    resolveQianfanSettings();
    return [];
  } catch (error) {
    return [settingFailure(error, "qianfan:accessKey")];
  }
}
