/**
 * The three vendored specs as operations: method, path, success status and the schemas of the
 * request and of the success and error answers; and checks of a request (`requestProblems`) and of
 * an answer (`responseProblems`) against them. Pure functions over the JSON files in this folder.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type JsonSchema, validate } from "./schema";

export const SPEC_NAMES = ["2024-10-21", "2025-04-01-preview", "v1"] as const;
export type SpecName = (typeof SPEC_NAMES)[number];

export interface Spec {
  name: SpecName;
  /** The spec document (Swagger 2.0 for the dated ones, OpenAPI 3.0 for v1). */
  document: JsonSchema;
  /** Where its paths start on the emulator: `/openai` dated, `/openai/v1` v1. */
  basePath: "/openai" | "/openai/v1";
  /** The api-version a dated spec is for; undefined for v1, where it is optional. */
  apiVersion: string | undefined;
}

/** What a request's body is, as far as the checks go. */
export type BodyKind = "none" | "json" | "multipart";

export interface Operation {
  spec: SpecName;
  method: string;
  /** The spec's path, e.g. "/files/{file-id}" (dated) or "/files/{file_id}" (v1). */
  path: string;
  operationId: string;
  /** Which of the three groups counted in the coverage line. */
  group: "files" | "uploads" | "fine_tuning";
  /** The one 2xx the spec gives. */
  successStatus: number;
  /** The success answer's JSON schema; undefined when it has none (204) or is binary. */
  successSchema: unknown;
  /** The success answer is bytes (a file's content), not JSON. */
  binary: boolean;
  /** The `default` answer's schema: `ErrorResponse` dated, `AzureErrorResponse` v1. */
  errorSchema: unknown;
  bodyKind: BodyKind;
  /** The JSON body's schema (dated: the `in: body` parameter; v1: `requestBody` JSON). */
  requestSchema: unknown;
  bodyRequired: boolean;
}

const FILES: Record<SpecName, string> = {
  "2024-10-21": "azureopenai-2024-10-21.subset.json",
  "2025-04-01-preview": "azureopenai-2025-04-01-preview.subset.json",
  v1: "azure-openai-v1.subset.json",
};

function load(name: SpecName): Spec {
  const document = JSON.parse(readFileSync(join(__dirname, FILES[name]), "utf8")) as JsonSchema;
  const dated = name !== "v1";
  return {
    name,
    document,
    basePath: dated ? "/openai" : "/openai/v1",
    apiVersion: dated ? name : undefined,
  };
}

export const SPECS: Readonly<Record<SpecName, Spec>> = {
  "2024-10-21": load("2024-10-21"),
  "2025-04-01-preview": load("2025-04-01-preview"),
  v1: load("v1"),
};

const METHODS = ["get", "put", "post", "delete", "patch"];

const specOf = (spec: Spec | SpecName): Spec => (typeof spec === "string" ? SPECS[spec] : spec);

/** Every operation of a spec, in its path order. */
export function operations(spec: Spec | SpecName): Operation[] {
  const { name, document } = specOf(spec);
  const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
  const found: Operation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      found.push(toOperation(name, method.toUpperCase(), path, op));
    }
  }
  return found;
}

function toOperation(
  spec: SpecName,
  method: string,
  path: string,
  op: Record<string, unknown>,
): Operation {
  const responses = op.responses as Record<string, Record<string, unknown>>;
  const success = Object.keys(responses).find((code) => /^2\d\d$/.test(code));
  if (!success) throw new Error(`${spec} ${method} ${path} has no 2xx answer.`);
  const ok = responses[success]!;
  const group = path.startsWith("/uploads")
    ? "uploads"
    : path.startsWith("/files")
      ? "files"
      : "fine_tuning";
  const base = { spec, method, path, operationId: String(op.operationId), group } as const;
  if (spec === "v1") {
    const okContent = (ok.content ?? {}) as Record<string, { schema?: unknown }>;
    const errorContent = (responses.default?.content ?? {}) as Record<string, { schema?: unknown }>;
    const requestBody = op.requestBody as
      { required?: boolean; content: Record<string, { schema?: unknown }> } | undefined;
    const json = requestBody?.content["application/json"];
    return {
      ...base,
      successStatus: Number(success),
      successSchema: okContent["application/json"]?.schema,
      binary: okContent["application/json"] === undefined && Object.keys(okContent).length > 0,
      errorSchema: errorContent["application/json"]?.schema,
      bodyKind: !requestBody ? "none" : json ? "json" : "multipart",
      requestSchema: json?.schema,
      bodyRequired: requestBody?.required === true,
    };
  }
  const parameters = (op.parameters ?? []) as Record<string, unknown>[];
  const bodyParameter = parameters.find((p) => p.in === "body");
  const formData = parameters.some((p) => p.in === "formData");
  const okSchema = ok.schema as JsonSchema | undefined;
  const binary = okSchema?.type === "file";
  return {
    ...base,
    successStatus: Number(success),
    successSchema: binary ? undefined : okSchema,
    binary,
    errorSchema: responses.default?.schema,
    bodyKind: bodyParameter ? "json" : formData ? "multipart" : "none",
    requestSchema: bodyParameter?.schema,
    bodyRequired: bodyParameter?.required === true || formData,
  };
}

/** The error schema of a spec as a whole (for answers to paths the spec does not have). */
export function errorSchemaOf(spec: Spec | SpecName): JsonSchema {
  return specOf(spec).name === "v1"
    ? { $ref: "#/components/schemas/AzureErrorResponse" }
    : { $ref: "#/definitions/ErrorResponse" };
}

/**
 * The operation a request goes to: `path` is either the spec's own (`/files/{file-id}`) or the
 * emulator's, with the base (`/openai/v1/files/file-1`, a route key's `/openai/files/{id}`); a
 * query is ignored. Path parameters match any segment; a literal segment wins over a parameter.
 */
export function findOperation(
  spec: Spec | SpecName,
  method: string,
  path: string,
): Operation | undefined {
  const relative = relativePath(specOf(spec), path);
  if (relative === undefined) return undefined;
  const segments = splitSegments(relative);
  const candidates = operations(spec).filter(
    (op) => op.method === method.toUpperCase() && matches(splitSegments(op.path), segments),
  );
  // More literal segments first: POST /files/import before any /files/{file-id}.
  const literals = (op: Operation) => splitSegments(op.path).filter((s) => !isParam(s)).length;
  return candidates.sort((a, b) => literals(b) - literals(a))[0];
}

/**
 * The spec a request is checked against: v1 for paths under `/openai/v1/`, else the dated spec
 * named by its api-version; undefined for an api-version no vendored spec has (or a non-Azure path).
 */
export function specForRequest(path: string, apiVersion: string | undefined): SpecName | undefined {
  const bare = path.split("?")[0] ?? "";
  if (bare === "/openai/v1" || bare.startsWith("/openai/v1/")) return "v1";
  if (!bare.startsWith("/openai/")) return undefined;
  return SPEC_NAMES.find((name) => name !== "v1" && name === apiVersion);
}

/**
 * Problems of a request a client sent, against one spec ([] when none): the route exists in the
 * spec; the api-version is the dated spec's own (dated: required) or one v1 allows (`v1`,
 * `preview`, or none); the JSON body matches the operation's request schema (dated: the `in: body`
 * parameter's; v1: `requestBody.content["application/json"]`). A multipart body is not checked
 * (request records keep only its text fields); an operation without a body accepts none or `{}`.
 */
export function requestProblems(
  spec: Spec | SpecName,
  method: string,
  path: string,
  apiVersion: string | undefined,
  body: unknown,
): string[] {
  const { name, document, apiVersion: own } = specOf(spec);
  const label = `${name} ${method.toUpperCase()} ${path}`;
  const op = findOperation(spec, method, path);
  if (!op) {
    const base = specOf(spec).basePath;
    return [`${label}: no such operation in ${name} (paths under ${base}/)`];
  }
  const problems: string[] = [];
  if (name === "v1") {
    if (apiVersion !== undefined) {
      const versions = { $ref: "#/components/schemas/AzureAIFoundryModelsApiVersion" };
      problems.push(...validate(versions, apiVersion, document, "api-version"));
    }
  } else if (apiVersion === undefined) {
    problems.push(`api-version: is required by ${name} but missing`);
  } else if (apiVersion !== own) {
    problems.push(`api-version: "${apiVersion}" is not ${name}'s api-version`);
  }
  if (op.bodyKind === "json") {
    if (body === undefined) {
      if (op.bodyRequired) problems.push("body: is required but missing");
    } else {
      problems.push(...validate(op.requestSchema, body, document, "$"));
    }
  } else if (op.bodyKind === "none" && body !== undefined && !isEmptyObject(body)) {
    problems.push("body: the operation takes no body");
  }
  return problems.map((problem) => `${label}: ${problem}`);
}

/**
 * Problems of an answer: its status is the operation's success status (or, with `expectError`,
 * that error status) and its JSON body matches the success (or error) schema. `body` is the
 * parsed JSON, or undefined when there was none (a 204, or bytes).
 */
export function responseProblems(
  op: Operation,
  status: number,
  body: unknown,
  expectError?: number,
): string[] {
  const { document } = SPECS[op.spec];
  const label = `${op.spec} ${op.method} ${op.path}`;
  const wanted = expectError ?? op.successStatus;
  if (status !== wanted) {
    const which = expectError === undefined ? "the spec's success status" : "the expected error";
    return [`${label}: answered ${status}, ${which} is ${wanted}`];
  }
  const schema = expectError === undefined ? op.successSchema : op.errorSchema;
  if (schema === undefined) {
    if (body !== undefined && !op.binary) return [`${label}: answered a body, the spec has none`];
    return [];
  }
  return validate(schema, body, document, "$").map((problem) => `${label}: ${problem}`);
}

function relativePath(spec: Spec, path: string): string | undefined {
  const bare = path.split("?")[0] ?? "";
  if (!bare.startsWith("/openai/") && bare !== "/openai") return bare;
  const v1 = bare === "/openai/v1" || bare.startsWith("/openai/v1/");
  if (v1 !== (spec.name === "v1")) return undefined;
  return bare.slice(spec.basePath.length) || "/";
}

const splitSegments = (path: string) => path.split("/").filter(Boolean);
const isParam = (segment: string) => /^\{[^}]+\}$/.test(segment);

function matches(template: string[], segments: string[]): boolean {
  if (template.length !== segments.length) return false;
  return template.every((part, i) => {
    const segment = segments[i] ?? "";
    if (isParam(part)) return segment !== "";
    return part === segment;
  });
}

const isEmptyObject = (value: unknown) =>
  typeof value === "object" &&
  value !== null &&
  !Array.isArray(value) &&
  Object.keys(value).length === 0;
