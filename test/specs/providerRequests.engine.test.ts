/**
 * Every request the provider sends while programs run through the engine (`up`, an update, `destroy`), taken from
 * the emulator's request log, checked against Microsoft's spec for its route family: the route and api-version
 * exist there, the JSON body matches the operation's request schema, and no field is sent that the schema does not
 * name — unless the README's table of documented deviations names it.
 */
import * as path from "node:path";
import { emptyState } from "../../harness";
import { startEmulatorStack } from "../../harness";
import type { RequestRecord } from "../../emulator";
import { startTestStack, TestStack } from "../helpers/stack";
import { resolveRef } from "./schema";
import { findOperation, requestProblems, SPECS, specForRequest, SpecName } from "./specs";

/** Fields the provider sends that no spec lists, each named in the README's deviations table. */
const DOCUMENTED_DEVIATIONS: Record<string, string> = {
  "POST /fine_tuning/jobs $.trainingType": "trainingType is in Microsoft's docs, in no spec",
};

const EXAMPLES = path.join(__dirname, "..", "..", "examples");
const UPLOAD_SOURCE = path.join(EXAMPLES, "quickstart", "data", "validation.jsonl");
const checked: { spec: SpecName; route: string }[] = [];

afterAll(() => {
  const bySpec = new Map<string, Set<string>>();
  for (const { spec, route } of checked)
    bySpec.set(spec, (bySpec.get(spec) ?? new Set()).add(route));
  console.log(
    [...bySpec]
      .map(([spec, routes]) => `${spec}: ${routes.size} operations the provider sent, all checked`)
      .join("\n"),
  );
});

/** Top-level and nested object fields the request schema does not name (a spec that names none admits none). */
function unnamedFields(schema: unknown, body: unknown, root: unknown, at = "$"): string[] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return [];
  const properties = propertiesOf(schema, root);
  if (properties === undefined) return [];
  return Object.entries(body).flatMap(([key, value]) =>
    key in properties
      ? unnamedFields(properties[key], value, root, `${at}.${key}`)
      : [`${at}.${key}`],
  );
}

function propertiesOf(schema: unknown, root: unknown): Record<string, unknown> | undefined {
  if (typeof schema !== "object" || schema === null) return undefined;
  const node =
    "$ref" in schema && typeof schema.$ref === "string" ? resolveRef(root, schema.$ref) : schema;
  const own =
    "properties" in node && typeof node.properties === "object"
      ? (node.properties as Record<string, unknown>)
      : undefined;
  const inherited =
    "allOf" in node && Array.isArray(node.allOf)
      ? node.allOf.map((part: unknown) => propertiesOf(part, root))
      : [];
  const open =
    "additionalProperties" in node &&
    node.additionalProperties !== false &&
    node.additionalProperties !== undefined;
  if (open || (own === undefined && inherited.every((p) => p === undefined))) return undefined;
  const merged: Record<string, unknown> = {};
  for (const part of [...inherited, own]) Object.assign(merged, part);
  return merged;
}

function problemsOf(requests: readonly RequestRecord[]): string[] {
  return requests
    .filter((r) => r.route.split(" ")[1]?.startsWith("/openai/"))
    .flatMap((r) => {
      const [method = "", routePath = ""] = r.route.split(" ");
      const spec = specForRequest(routePath, r.apiVersion);
      if (!spec)
        return [
          `${r.route} (api-version ${String(r.apiVersion)}): no vendored spec has this api-version`,
        ];
      checked.push({ spec, route: r.route });
      const problems = requestProblems(spec, method, routePath, r.apiVersion, r.body);
      const op = findOperation(spec, method, routePath);
      const unnamed =
        op && r.body !== undefined
          ? unnamedFields(op.requestSchema, r.body, SPECS[spec].document)
          : [];
      const opKey = op ? `${method} ${op.path.replace(/\{[^}]+\}/g, "{id}")}` : r.route;
      return [
        ...problems,
        ...unnamed
          .filter((field) => DOCUMENTED_DEVIATIONS[`${opKey} ${field}`] === undefined)
          .map((field) => `${spec} ${r.route}: ${field} is not in the spec's request schema`),
      ];
    });
}

let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe("the provider's requests against Microsoft's specs", () => {
  it.each<[string, string, object, Record<string, string>]>([
    [
      "a job on the default dated api-version",
      "fineTuneJob",
      { suffix: "faq", seed: 7, hyperparameters: { nEpochs: 1 } },
      {},
    ],
    [
      "a supervised method on 2024-10-21, which has no method field",
      "fineTuneJob",
      { method: { type: "supervised", hyperparameters: { nEpochs: 1 } } },
      { "azure-openai:apiVersion": "2024-10-21" },
    ],
    [
      "a job on v1 with metadata and a training type",
      "fineTuneJob",
      { apiVersion: "v1", trainingType: "developer", metadata: { owner: "ml" } },
      {},
    ],
    ["files and an upload on v1", "upload", {}, { "azure-openai:apiVersion": "v1" }],
  ])("%s: up and destroy", async (_name, program, args, config) => {
    stack = await startTestStack({ program, config, emulator: { processingMs: 50 } });
    const env = {
      JOB_ARGS: JSON.stringify(args),
      UPLOAD_ARGS: JSON.stringify({ source: UPLOAD_SOURCE }),
    };
    const result = await stack.engine.up(emptyState(), env);
    expect(result.errors).toEqual([]);
    const destroyed = await stack.engine.destroy(result.state);
    expect(destroyed.errors).toEqual([]);
    expect(problemsOf(stack.emulator.requests)).toEqual([]);
  });

  it("examples/rft (reinforcement on v1): up and destroy", async () => {
    stack = await startEmulatorStack({
      programDir: path.join(EXAMPLES, "rft"),
      project: "finetune-rft",
      emulator: { processingMs: 50 },
    });
    const result = await stack.engine.up(emptyState());
    expect(result.errors).toEqual([]);
    await stack.engine.destroy(result.state);
    expect(problemsOf(stack.emulator.requests)).toEqual([]);
  });

  it("the check itself finds a field the spec does not name, and a route the family lacks", () => {
    const spec = SPECS["2025-04-01-preview"];
    const op = findOperation("2025-04-01-preview", "POST", "/openai/fine_tuning/jobs")!;
    expect(
      unnamedFields(
        op.requestSchema,
        { model: "m", training_file: "f", metadata: { a: "b" } },
        spec.document,
      ),
    ).toEqual(["$.metadata"]);
    expect(requestProblems("v1", "POST", "/openai/v1/uploads", undefined, {})).not.toEqual([]);
  });
});
