import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isPackageResource } from "../tokens";
import { configOf, show } from "../util";

export const DEFAULT_CREDENTIAL_PROPERTY_NAMES = [
  "apiKey",
  "api_key",
  "secretKey",
  "accessKey",
  "password",
  "token",
  "authorization",
];

export interface SecureEndpointsConfig {
  allowedHttpHosts: string[];
  credentialPropertyNames: string[];
}

/** Values that look like a credential whatever the property is called. Their text is never printed. */
const CREDENTIAL_SHAPES: { shape: RegExp; what: string }[] = [
  { shape: /sk-[A-Za-z0-9]{20,}/, what: "an sk- API key" },
  { shape: /bce-auth-v1\//, what: "a BCE authorization string" },
  { shape: /Bearer [A-Za-z0-9\-._~+/]+=*/, what: "a Bearer token" },
];
const AZURE_KEY = /^[0-9a-fA-F]{32}$/;
/** The dynamic provider's serialized code: not an input the user wrote. */
const SKIPPED_KEYS = new Set(["__provider"]);

const normalize = (name: string) => name.toLowerCase().replace(/[_-]/g, "");

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host === "::1" ||
    /^127(\.\d{1,3}){3}$/.test(host)
  );
}

/** A problem with an endpoint URL, or undefined when it is fine. */
export function endpointProblem(endpoint: string, allowedHttpHosts: string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return `endpoint is ${show(endpoint)}, which is not a URL; use an https:// URL.`;
  }
  if (url.protocol === "https:") return undefined;
  if (
    url.protocol === "http:" &&
    (isLoopbackHost(url.hostname) || allowedHttpHosts.includes(url.hostname))
  )
    return undefined;
  return (
    `endpoint is ${show(endpoint)}; use an https:// endpoint (plain http is allowed only for loopback hosts ` +
    "or hosts listed in allowedHttpHosts in the policy config)."
  );
}

/** Paths of the values under `props` that look like credentials, each with why; never the value itself. */
export function credentialPaths(
  props: unknown,
  credentialPropertyNames: string[],
): { path: string; why: string }[] {
  const names = credentialPropertyNames.map(normalize);
  const keyish = (key: string) => names.some((name) => normalize(key).endsWith(name));
  const found: { path: string; why: string }[] = [];
  const visit = (value: unknown, path: string, key: string | undefined, depth: number) => {
    if (depth > 32) return;
    if (typeof value === "string") {
      if (key !== undefined && keyish(key) && value !== "") {
        const what = AZURE_KEY.test(value) ? "an Azure API key" : "a credential";
        found.push({ path, why: `its property name says it holds ${what}` });
        return;
      }
      const match = CREDENTIAL_SHAPES.find(({ shape }) => shape.test(value));
      if (match) found.push({ path, why: `its value looks like ${match.what}` });
      return;
    }
    if (typeof value === "number" && key !== undefined && keyish(key)) {
      found.push({ path, why: "its property name says it holds a credential" });
      return;
    }
    if (value === null || typeof value !== "object") return;
    const entries = Array.isArray(value)
      ? value.map((_, i) => [`[${i}]`, i] as const)
      : Object.keys(value).map((k) => [k, k] as const);
    for (const [label, k] of entries) {
      if (typeof k === "string" && SKIPPED_KEYS.has(k)) continue;
      let child: unknown;
      try {
        child = (value as Record<string | number, unknown>)[k];
      } catch {
        continue; // unknown during preview: nothing to check yet.
      }
      const childPath =
        typeof k === "number" ? `${path}${label}` : path ? `${path}.${label}` : label;
      visit(child, childPath, typeof k === "string" ? k : key, depth + 1);
    }
  };
  visit(props, "", undefined, 0);
  return found;
}

export const secureEndpointsAndNoCredentials: ResourceValidationPolicy = {
  name: "finetune-secure-endpoints-and-no-credentials",
  description:
    "Fine-tuning resources call https endpoints and carry no credentials in their inputs.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedHttpHosts: { type: "array", items: { type: "string" }, default: [] },
      credentialPropertyNames: {
        type: "array",
        items: { type: "string" },
        default: DEFAULT_CREDENTIAL_PROPERTY_NAMES,
      },
    },
  },
  validateResource: (args, report) => {
    if (!isPackageResource(args.type)) return;
    const { allowedHttpHosts, credentialPropertyNames } = configOf<SecureEndpointsConfig>(
      secureEndpointsAndNoCredentials,
      args,
    );
    const endpoint: unknown = args.props.endpoint;
    if (typeof endpoint === "string") {
      const problem = endpointProblem(endpoint, allowedHttpHosts);
      if (problem) report(problem);
    }
    for (const { path, why } of credentialPaths(args.props, credentialPropertyNames)) {
      report(
        `${path} looks like a credential (${why}; the value is not shown); remove it from the resource inputs and ` +
          "set it as secret stack config (azure-openai:apiKey, qianfan:accessKey, qianfan:secretKey) or in the environment.",
      );
    }
  },
};
