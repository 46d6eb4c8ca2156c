#!/usr/bin/env node
/**
 * `pulumi-finetune-sweep`: CI clean-up after an aborted run. Lists the Azure OpenAI files and fine-tuning jobs that
 * carry this package's sweep marker for one tag and deletes those older than an age. A dry run unless --delete.
 */
import { parseArgs } from "node:util";
import { AzureOpenAIClient } from "../azure-openai/client";
import { resolveAzureSettings } from "../core/credentials";
import { stackConfig } from "../core/stackConfig";
import { redactSecrets } from "../core/redact";
import { parseAge } from "./age";
import { SWEEP_TAG_ENV, sweepTagProblem } from "../azure-openai/sweepMarker";
import { sweep } from "./sweep";
import { messageOf } from "../core/errors";

const USAGE = `Usage: pulumi-finetune-sweep --tag <tag> --older-than <age> [--delete] [--endpoint <url>] [--api-version <v>]

Deletes the files and fine-tuning jobs that stacks with this sweep tag created (stack config
azure-openai:sweepTag or ${SWEEP_TAG_ENV}) more than <age> ago. Objects without the tag's marker are
never touched. Without --delete it only lists what it would delete.

  --tag <tag>          the sweep tag (default: $${SWEEP_TAG_ENV})
  --older-than <age>   e.g. 90m, 6h, 2d
  --delete             delete; without it nothing is changed
  --endpoint <url>     default: $AZURE_OPENAI_ENDPOINT
  --api-version <v>    default: $OPENAI_API_VERSION, then this package's default

Credentials as for the resources: AZURE_OPENAI_API_KEY, else Entra ID (az login, managed identity, ...).`;

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        tag: { type: "string" },
        "older-than": { type: "string" },
        delete: { type: "boolean", default: false },
        endpoint: { type: "string" },
        "api-version": { type: "string" },
        help: { type: "boolean", default: false },
      },
      strict: true,
    }));
  } catch (error) {
    return usage(messageOf(error));
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const tag = values.tag ?? env[SWEEP_TAG_ENV];
  if (!tag) return usage(`--tag is required (or set ${SWEEP_TAG_ENV}).`);
  const tagProblem = sweepTagProblem(tag);
  if (tagProblem) return usage(`--tag: ${tagProblem}`);
  if (!values["older-than"]) return usage("--older-than is required, e.g. --older-than 6h.");
  const olderThanSeconds = parseAge(values["older-than"]);
  if (olderThanSeconds === undefined)
    return usage(`--older-than: "${values["older-than"]}" is not an age; use e.g. 90m, 6h or 2d.`);
  try {
    const settings = resolveAzureSettings(
      { endpoint: values.endpoint, apiVersion: values["api-version"] },
      stackConfig(),
      env,
    );
    const client = new AzureOpenAIClient(settings);
    const report = await sweep({ client, tag, olderThanSeconds, dryRun: !values.delete });
    return report.failed.length > 0 ? 1 : 0;
  } catch (error) {
    console.error(`pulumi-finetune-sweep: ${redactSecrets(messageOf(error))}`);
    return 1;
  }
}

function usage(problem: string): number {
  console.error(`pulumi-finetune-sweep: ${problem}\n\n${USAGE}`);
  return 2;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
