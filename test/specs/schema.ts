/**
 * A small validator for the schemas of the vendored Azure OpenAI specs (Swagger 2.0 definitions and
 * OpenAPI 3.0 components): pure functions, no dependency.
 *
 * Supported: `$ref` (any local JSON pointer: `#/definitions/X`, `#/components/schemas/X`), `type`
 * (`integer` is a whole number, `number` any finite number; Swagger's `file` is anything), `enum`,
 * `properties`, `required`, `additionalProperties` (false or a schema), `items`, `allOf`, `anyOf`,
 * `oneOf`, `nullable` (and `x-nullable`), `minimum`/`maximum` (with OpenAPI 3.0's boolean
 * `exclusiveMinimum`/`exclusiveMaximum`), `minLength`/`maxLength` (in code points),
 * `minItems`/`maxItems`. Ignored: `format`, `readOnly`, `default`, `deprecated`, `discriminator`
 * (the base schema is checked, not the mapped one; the specs' mapped schemas are reached through
 * `anyOf` where it matters) and descriptions. Sibling keywords of a `$ref` are ignored, as both
 * formats say.
 *
 * Azure conventions, as Azure's own SDK generators read these specs:
 * - a property that is not `required` may be `null` (the services send `null` for "not set"
 *   although the specs rarely say `nullable`);
 * - an enum with `x-ms-enum.modelAsString: true` is open: any string is allowed (the type still
 *   applies), so new values do not break old clients.
 *
 * Each problem names the JSON path of the value, e.g.
 * `$.data[0].status: "paused" is not one of validating_files, queued, running, ...`.
 */

export type JsonSchema = Readonly<Record<string, unknown>>;

/** Deeper than this the schema is taken to loop (no spec here nests anywhere near it). */
const MAX_DEPTH = 100;

/** The problems of `value` against `schema`, whose `$ref`s resolve in `root`; [] when valid. */
export function validate(schema: unknown, value: unknown, root: unknown, path = "$"): string[] {
  return check(schema, value, root, path, 0);
}

/** The schema a local `$ref` ("#/definitions/File", "#/components/schemas/OpenAI.FineTuningJob") names. */
export function resolveRef(root: unknown, ref: string): JsonSchema {
  if (!ref.startsWith("#")) throw new Error(`Only local $refs are supported, not "${ref}".`);
  let node: unknown = root;
  for (const raw of ref.slice(1).split("/").slice(1)) {
    const token = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (!isObject(node) || !(token in node)) throw new Error(`Unresolvable $ref "${ref}".`);
    node = node[token];
  }
  if (!isObject(node)) throw new Error(`$ref "${ref}" does not name a schema.`);
  return node;
}

/** `$.a.b[2]["odd key"]`: how problems name where they are. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function check(
  schema: unknown,
  value: unknown,
  root: unknown,
  path: string,
  depth: number,
): string[] {
  if (depth > MAX_DEPTH) return [`${path}: the schema nests deeper than ${MAX_DEPTH} (a loop?)`];
  if (schema === undefined || schema === true) return [];
  if (schema === false) return [`${path}: no value is allowed here`];
  if (!isObject(schema)) return [];
  if (typeof schema.$ref === "string") {
    return check(resolveRef(root, schema.$ref), value, root, path, depth + 1);
  }
  if (value === null && (schema.nullable === true || schema["x-nullable"] === true)) return [];

  const problems: string[] = [];
  const typeProblem = checkType(schema, value, path);
  if (typeProblem) return [typeProblem];

  if (Array.isArray(schema.enum) && !schema.enum.some((allowed) => deepEqual(allowed, value))) {
    if (!(isOpenEnum(schema) && typeof value === "string")) {
      problems.push(`${path}: ${show(value)} is not one of ${schema.enum.map(String).join(", ")}`);
    }
  }
  if (typeof value === "string") problems.push(...checkString(schema, value, path));
  if (typeof value === "number") problems.push(...checkNumber(schema, value, path));
  if (Array.isArray(value)) problems.push(...checkArray(schema, value, root, path, depth));
  if (isObject(value)) problems.push(...checkObject(schema, value, root, path, depth));
  problems.push(...checkCombinations(schema, value, root, path, depth));
  return problems;
}

function checkType(schema: JsonSchema, value: unknown, path: string): string | undefined {
  const { type } = schema;
  if (type === undefined || type === "file") return undefined;
  const types = Array.isArray(type) ? (type as unknown[]) : [type];
  if (types.some((t) => hasType(t, value))) return undefined;
  return `${path}: ${show(value)} is ${kindOf(value)}, not ${types.map(String).join(" or ")}`;
}

function hasType(type: unknown, value: unknown): boolean {
  switch (type) {
    case "object":
      return isObject(value);
    case "array":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    default:
      return true;
  }
}

function checkString(schema: JsonSchema, value: string, path: string): string[] {
  const length = [...value].length;
  const problems: string[] = [];
  if (typeof schema.minLength === "number" && length < schema.minLength) {
    problems.push(`${path}: ${show(value)} is shorter than ${schema.minLength} characters`);
  }
  if (typeof schema.maxLength === "number" && length > schema.maxLength) {
    problems.push(`${path}: ${show(value)} is longer than ${schema.maxLength} characters`);
  }
  return problems;
}

function checkNumber(schema: JsonSchema, value: number, path: string): string[] {
  const problems: string[] = [];
  const { minimum, maximum } = schema;
  if (typeof minimum === "number") {
    const exclusive = schema.exclusiveMinimum === true;
    if (exclusive ? value <= minimum : value < minimum) {
      problems.push(
        `${path}: ${value} is below the minimum ${exclusive ? "(exclusive) " : ""}${minimum}`,
      );
    }
  }
  if (typeof maximum === "number") {
    const exclusive = schema.exclusiveMaximum === true;
    if (exclusive ? value >= maximum : value > maximum) {
      problems.push(
        `${path}: ${value} is above the maximum ${exclusive ? "(exclusive) " : ""}${maximum}`,
      );
    }
  }
  return problems;
}

function checkArray(
  schema: JsonSchema,
  value: unknown[],
  root: unknown,
  path: string,
  depth: number,
): string[] {
  const problems: string[] = [];
  if (typeof schema.minItems === "number" && value.length < schema.minItems) {
    problems.push(`${path}: has ${value.length} items, fewer than ${schema.minItems}`);
  }
  if (typeof schema.maxItems === "number" && value.length > schema.maxItems) {
    problems.push(`${path}: has ${value.length} items, more than ${schema.maxItems}`);
  }
  if (schema.items !== undefined) {
    for (const [i, item] of value.entries()) {
      problems.push(...check(schema.items, item, root, childPath(path, i), depth + 1));
    }
  }
  return problems;
}

function checkObject(
  schema: JsonSchema,
  value: Record<string, unknown>,
  root: unknown,
  path: string,
  depth: number,
): string[] {
  const problems: string[] = [];
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  for (const name of required) {
    if (!(name in value) || value[name] === undefined) {
      problems.push(`${childPath(path, name)}: is required but missing`);
    }
  }
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const [name, item] of Object.entries(value)) {
    const where = childPath(path, name);
    if (name in properties) {
      // Azure convention: a property that is not required may be null.
      if (item === null && !required.includes(name)) continue;
      problems.push(...check(properties[name], item, root, where, depth + 1));
    } else if (schema.additionalProperties === false) {
      problems.push(`${where}: is not a property of this object (additionalProperties is false)`);
    } else if (isObject(schema.additionalProperties)) {
      problems.push(...check(schema.additionalProperties, item, root, where, depth + 1));
    }
  }
  return problems;
}

function checkCombinations(
  schema: JsonSchema,
  value: unknown,
  root: unknown,
  path: string,
  depth: number,
): string[] {
  const problems: string[] = [];
  if (Array.isArray(schema.allOf)) {
    for (const part of schema.allOf) problems.push(...check(part, value, root, path, depth + 1));
  }
  for (const keyword of ["anyOf", "oneOf"] as const) {
    const options = schema[keyword];
    if (!Array.isArray(options)) continue;
    const outcomes = options.map((option) => check(option, value, root, path, depth + 1));
    const passing = outcomes.filter((outcome) => outcome.length === 0).length;
    if (passing === 0) {
      const why = outcomes.map((outcome) => outcome[0]).join("; ");
      problems.push(`${path}: ${show(value)} matches none of the ${keyword} schemas (${why})`);
    } else if (keyword === "oneOf" && passing > 1) {
      problems.push(
        `${path}: ${show(value)} matches ${passing} of the oneOf schemas, not exactly one`,
      );
    }
  }
  return problems;
}

/** `x-ms-enum.modelAsString: true`: Azure's open enum, any string allowed. */
function isOpenEnum(schema: JsonSchema): boolean {
  const msEnum = schema["x-ms-enum"];
  return isObject(msEnum) && msEnum.modelAsString === true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** A value in a message: JSON, cut short. */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
