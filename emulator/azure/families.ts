// Azure OpenAI serves two route families over the same state: the dated one (`/openai/<path>`,
// `api-version=YYYY-MM-DD[-preview]` required) and v1 (`/openai/v1/<path>`, `api-version` optional:
// `v1` or `preview`, default `v1`). Each route is declared once, under its dated key, and says which
// families have it; `expandFamilies` makes the served routes: the dated one as declared and, for
// routes v1 has, a copy keyed `METHOD /openai/v1/<path>`. Handlers learn the family from the context.
import type { Reply, RequestContext, Route } from "../routing";
import type { AzureStore } from "./azureStore";

export const AZURE_FAMILIES = ["dated", "v1"] as const;
export type AzureFamily = (typeof AZURE_FAMILIES)[number];

/** The v1 family's api-version values; `V1_DEFAULT_API_VERSION` when none is sent. */
export const V1_API_VERSIONS = ["v1", "preview"] as const;
export const V1_DEFAULT_API_VERSION = "v1";

/** Where the families' paths start; a v1 key is the dated key with `/openai/v1/` for `/openai/`. */
export const DATED_PREFIX = "/openai";
export const V1_PREFIX = "/openai/v1";

/**
 * What an Azure handler gets. The family is an explicit field rather than something to infer from
 * `api-version`: a dated route may be sent any api-version text, and `preview` is a v1 value.
 * `query` is the request's own query, untouched (on v1 it may have no api-version at all).
 */
export interface AzureContext extends RequestContext<AzureStore> {
  /** Which family's route answered: "dated" (`/openai/...`) or "v1" (`/openai/v1/...`). */
  family: AzureFamily;
  /** The api-version in force: as sent, or `v1` on the v1 family when none was sent. */
  apiVersion: string;
}

/** A route as the Azure folders declare it, once for every family. */
export interface AzureRoute {
  /** The dated key, "METHOD /openai/<path>"; the v1 copy is keyed "METHOD /openai/v1/<path>". */
  key: string;
  /** The families whose spec has this operation; default both (`AZURE_FAMILIES`). */
  families?: readonly AzureFamily[];
  /**
   * The success status per family, where the specs differ (a create: `CREATED`). When given, it
   * replaces the status of the handler's 2xx reply; refusals keep theirs.
   */
  successStatus?: Readonly<Record<AzureFamily, number>>;
  // A function property, so that handlers typed for a plain RequestContext<AzureStore> fit too.
  handle: (ctx: AzureContext) => Reply | Promise<Reply>;
}

/** Operations only the dated specs have: uploads, job DELETE, files/import. */
export const DATED_ONLY: readonly AzureFamily[] = ["dated"];

/** A create: 201 in the dated specs (2024-10-21, 2025-04-01-preview), 200 in v1. */
export const CREATED: Readonly<Record<AzureFamily, number>> = { dated: 201, v1: 200 };

/** The key of a route in a family: the dated key as is, or its `/openai/v1/` copy. */
export function familyKey(datedKey: string, family: AzureFamily): string {
  if (family === "dated") return datedKey;
  const [method, path] = datedKey.split(" ") as [string, string | undefined];
  if (!path?.startsWith(`${DATED_PREFIX}/`)) {
    throw new Error(`Route key "${datedKey}" is not under ${DATED_PREFIX}/.`);
  }
  return `${method} ${V1_PREFIX}${path.slice(DATED_PREFIX.length)}`;
}

/** The family a request path belongs to (by prefix; the v1 prefix is checked first). */
export function familyOfPath(pathname: string): AzureFamily {
  return pathname === V1_PREFIX || pathname.startsWith(`${V1_PREFIX}/`) ? "v1" : "dated";
}

export interface ExpandedRoutes {
  /** Every route served, dated ones first, each family in declaration order. */
  served: Route<AzureStore>[];
  /** Keys of the v1 copies that do not exist (dated-only operations); they answer 404. */
  absent: { key: string }[];
}

/** The served routes of every family, and the v1 keys of dated-only operations. */
export function expandFamilies(routes: readonly AzureRoute[]): ExpandedRoutes {
  const served: Route<AzureStore>[] = [];
  const absent: { key: string }[] = [];
  for (const family of AZURE_FAMILIES) {
    for (const route of routes) {
      const key = familyKey(route.key, family);
      if ((route.families ?? AZURE_FAMILIES).includes(family)) {
        served.push({ key, handle: (ctx) => handleIn(route, family, ctx) });
      } else {
        absent.push({ key });
      }
    }
  }
  return { served, absent };
}

async function handleIn(
  route: AzureRoute,
  family: AzureFamily,
  ctx: RequestContext<AzureStore>,
): Promise<Reply> {
  const apiVersion =
    ctx.query.get("api-version") ?? (family === "v1" ? V1_DEFAULT_API_VERSION : "");
  const reply = await route.handle({ ...ctx, family, apiVersion });
  const status = route.successStatus?.[family];
  return status !== undefined && reply.status >= 200 && reply.status < 300
    ? { ...reply, status }
    : reply;
}
