import type { Clock } from "../clock";
import type { QianfanCredential } from "../credentials";
import type { Route, Vendor } from "../routing";
import { checkBceAuth } from "./auth";
import { qianfanErrorBody, qianfanErrorCodeFor } from "./errors";
import type { QianfanStore } from "./qianfanStore";
import { FINETUNING_PATH, fineTuningRoutes, unknownAction } from "./finetuning";

export const qianfanRoutes: readonly Route<QianfanStore>[] = fineTuningRoutes;

export interface QianfanVendorOptions {
  credentials: readonly QianfanCredential[];
  /** The bce-auth-v1 time window is checked against it. */
  clock: Clock;
}

/** Baidu Qianfan v2 under /v2: bce-auth-v1 on every request, errors as {requestId, code, message}. */
export function qianfanVendor(options: QianfanVendorOptions): Vendor<QianfanStore> {
  return {
    prefix: "/v2",
    routes: qianfanRoutes,
    admit: (request) => checkBceAuth(request, options),
    noRoute: (_method, url) => (url.pathname === FINETUNING_PATH ? unknownAction(url) : undefined),
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
