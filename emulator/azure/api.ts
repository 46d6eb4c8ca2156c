import { HttpError } from "../errors";
import type { Route, Vendor } from "../routing";
import { type AzureCredentials, isAuthorized, UNAUTHORIZED_MESSAGE } from "./auth";
import type { AzureStore } from "./azureStore";
import { azureErrorBody, azureErrorCodeFor, isAzureErrorCode } from "./errors";
import { fileRoutes } from "./files";
import { jobRoutes } from "./jobs";
import { uploadRoutes } from "./uploads";

export const azureRoutes: readonly Route<AzureStore>[] = [
  ...fileRoutes,
  ...uploadRoutes,
  ...jobRoutes,
];

/** The Azure OpenAI data plane under /openai: key or bearer auth, api-version on every call. */
export function azureVendor(credentials: AzureCredentials): Vendor<AzureStore> {
  return {
    prefix: "/openai",
    routes: azureRoutes,
    admit({ headers, url }) {
      if (!isAuthorized(headers, credentials)) return new HttpError(401, UNAUTHORIZED_MESSAGE);
      if (!url.searchParams.get("api-version")) {
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
