import { HttpError } from "../errors";
import { createRouter, type Route, type Vendor } from "../routing";
import { type AzureCredentials, isAuthorized, UNAUTHORIZED_MESSAGE } from "./auth";
import type { AzureStore } from "./azureStore";
import { azureErrorBody, azureErrorCodeFor, isAzureErrorCode } from "./errors";
import {
  type AzureRoute,
  DATED_PREFIX,
  expandFamilies,
  familyOfPath,
  V1_API_VERSIONS,
  V1_PREFIX,
} from "./families";
import { fileRoutes } from "./files";
import { jobRoutes } from "./jobs";
import { uploadRoutes } from "./uploads";

/** Every Azure operation, declared once under its dated key with the families that have it. */
export const azureRouteDeclarations: readonly AzureRoute[] = [
  ...fileRoutes,
  ...uploadRoutes,
  ...jobRoutes,
];

const expanded = expandFamilies(azureRouteDeclarations);

/** The routes served: the dated family, then the v1 copies (`METHOD /openai/v1/<path>`). */
export const azureRoutes: readonly Route<AzureStore>[] = expanded.served;

/** The v1 keys of dated-only operations (uploads, job DELETE, files/import): they answer 404. */
export const AZURE_V1_ABSENT_KEYS: readonly string[] = expanded.absent.map((r) => r.key);

const matchAbsent = createRouter(expanded.absent);

/**
 * The Azure OpenAI data plane under /openai: key or bearer auth; on the dated family api-version
 * is required (any value), on v1 (`/openai/v1/...`) it is optional and must be `v1` or `preview`.
 */
export function azureVendor(credentials: AzureCredentials): Vendor<AzureStore> {
  return {
    prefix: DATED_PREFIX,
    routes: azureRoutes,
    notServed(method, url) {
      // A dated-only operation under /openai/v1/ answers 404 as the service is reported to do,
      // also where another method of the same path exists (which would otherwise answer 405).
      if (matchAbsent(method, url).kind !== "found") return undefined;
      const message =
        `No route for ${method} ${url.pathname}: the v1 API (${V1_PREFIX}/) has no such ` +
        `operation; use ${DATED_PREFIX}/... with a dated api-version, e.g. ?api-version=2025-04-01-preview.`;
      return new HttpError(404, message);
    },
    admit({ headers, url }) {
      if (!isAuthorized(headers, credentials)) return new HttpError(401, UNAUTHORIZED_MESSAGE);
      const apiVersion = url.searchParams.get("api-version");
      if (familyOfPath(url.pathname) === "v1") {
        if (apiVersion === null || (V1_API_VERSIONS as readonly string[]).includes(apiVersion)) {
          return undefined;
        }
        const message =
          `api-version '${apiVersion}' is not a v1 API version; under ${V1_PREFIX}/ use ` +
          `${V1_API_VERSIONS.join(" or ")}, or leave it out (default v1).`;
        return new HttpError(400, message, { code: "invalidPayload", target: "api-version" });
      }
      if (!apiVersion) {
        const message =
          "The api-version query parameter is required, e.g. ?api-version=2024-10-21.";
        return new HttpError(400, message, { code: "invalidPayload", target: "api-version" });
      }
      return undefined;
    },
    errorReply(error) {
      const code = isAzureErrorCode(error.code) ? error.code : azureErrorCodeFor(error.status);
      const target = error.target === undefined ? {} : { target: error.target };
      return {
        status: error.status,
        json: azureErrorBody(code, error.message, target),
        headers: error.headers,
      };
    },
  };
}
