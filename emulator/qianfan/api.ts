import { qianfanErrorBody, qianfanErrorCodeFor } from "../errors";
import type { QianfanCredential } from "../credentials";
import type { Route, Vendor } from "../routing";

export const qianfanRoutes: readonly Route[] = [];

/**
 * Baidu Qianfan v2 under /v2. No routes yet, so every path answers 404; the credentials are for the
 * BCE signature check that comes with the first route.
 */
export function qianfanVendor(credentials: readonly QianfanCredential[]): Vendor {
  return {
    prefix: "/v2",
    routes: qianfanRoutes,
    admit: () => undefined,
    errorReply(error, requestId) {
      const code = error.code ?? qianfanErrorCodeFor(error.status);
      return {
        status: error.status,
        json: qianfanErrorBody(requestId, code, error.message),
        headers: { ...error.headers, "x-bce-request-id": requestId },
      };
    },
  };
}
