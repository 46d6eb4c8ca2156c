/**
 * The stack's Azure OpenAI settings that can be checked offline — the endpoint and the sweep tag — checked at
 * preview as well as when used, so a bad or missing setting fails `pulumi preview`. A key is not required here:
 * without one, Microsoft Entra ID is tried when a request is made.
 */
import type * as pulumi from "@pulumi/pulumi";
import { resolveApiVersion, resolveAzureSettings } from "../core/credentials";
import { isUnknown } from "../core/unknown";
import { settingFailure } from "../core/validation";
import { apiVersionProblem } from "./apiVersions";
import { configuredSweepTag } from "./sweepMarker";

export function azureSettingsFailures(
  news: Record<string, unknown>,
): pulumi.dynamic.CheckFailure[] {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const record = (error: unknown, setting: string) => failures.push(settingFailure(error, setting));
  // A resource's own endpoint input (known or not yet) is checked with its other inputs and wins over the stack's.
  const endpointInput = news.endpoint;
  if (endpointInput === undefined || endpointInput === null || endpointInput === "") {
    try {
      resolveAzureSettings({
        apiVersion:
          typeof news.apiVersion === "string" && !isUnknown(news.apiVersion)
            ? news.apiVersion
            : undefined,
      });
    } catch (error) {
      record(error, "azure-openai:endpoint");
    }
  }
  // A resource's own apiVersion is checked with its inputs; the stack's (or OPENAI_API_VERSION) here.
  if (news.apiVersion === undefined || news.apiVersion === null || news.apiVersion === "") {
    const stackVersion = resolveApiVersion();
    const problem = apiVersionProblem(stackVersion);
    if (problem)
      failures.push({
        property: "azure-openai:apiVersion",
        reason: `azure-openai:apiVersion: ${problem}`,
      });
  }
  try {
    configuredSweepTag();
  } catch (error) {
    record(error, "azure-openai:sweepTag");
  }
  return failures;
}
