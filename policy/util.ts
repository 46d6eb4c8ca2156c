/** Small helpers shared by the rules. */

/** Reads a nested property; undefined when any step is missing or not an object. */
export function getPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** What readPath answers for a value the engine does not know yet. */
export const UNKNOWN: unique symbol = Symbol("unknown at preview");

/**
 * Reads a nested property as getPath does, or UNKNOWN where the value is not known yet: the policy SDK's proxy
 * throws on reading one (at preview, an output of a resource not yet created), which would turn the whole rule into
 * an advisory "can't run during preview" instead of letting it check what is known.
 */
export function readPath(value: unknown, path: string): unknown {
  try {
    return getPath(value, path);
  } catch {
    return UNKNOWN;
  }
}

/** The stack a URN belongs to (`urn:pulumi:<stack>::<project>::<type>::<name>`), or undefined. */
export function stackOfUrn(urn: string): string | undefined {
  const match = /^urn:pulumi:([^:]+)::/.exec(urn);
  return match?.[1];
}

/** A JSON rendering of a value for messages: strings quoted, the rest as JSON. */
export function show(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : (JSON.stringify(value) ?? String(value));
}

/** The short type name of a token, e.g. "FineTuneJob" for pulumi-nodejs:dynamic/azure-openai:FineTuneJob. */
export function shortType(type: string): string {
  return type.slice(type.lastIndexOf(":") + 1);
}

/**
 * The policy's config: the defaults of its configSchema overlaid with what the engine passes. The Pulumi CLI
 * already fills in schema defaults; this keeps a rule correct when a key is missing anyway.
 */
export function configOf<T extends object>(
  policy: { configSchema?: { properties: Record<string, { default?: unknown }> } },
  args: { getConfig<U extends object>(): U },
): T {
  const defaults = Object.fromEntries(
    Object.entries(policy.configSchema?.properties ?? {})
      .filter(([, schema]) => schema.default !== undefined)
      .map(([key, schema]) => [key, schema.default]),
  );
  const given = Object.fromEntries(
    Object.entries(args.getConfig<Record<string, unknown>>() ?? {}).filter(
      ([, v]) => v !== undefined,
    ),
  );
  return { ...defaults, ...given } as T;
}
