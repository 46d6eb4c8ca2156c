import type { Clock } from "../clock";
import type { QianfanCredential } from "../credentials";
import type { Route, Vendor } from "../routing";
import { type ActionArea, actionRoutes, unknownAction } from "./actions";
import { checkBceAuth } from "./auth";
import { datasetArea } from "./datasets";
import { qianfanErrorBody, qianfanErrorCodeFor } from "./errors";
import { fineTuningArea } from "./finetuning";
import { modelArea } from "./models";
import type { QianfanStore } from "./qianfanStore";
import { serviceArea } from "./services";

/** The console areas served, each `POST /v2/<area>?Action=<Action>`. */
export const QIANFAN_AREAS: readonly ActionArea[] = [
  fineTuningArea,
  datasetArea,
  modelArea,
  serviceArea,
];

export const qianfanRoutes: readonly Route<QianfanStore>[] = QIANFAN_AREAS.flatMap(actionRoutes);

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
    noRoute: (_method, url) => {
      const area = QIANFAN_AREAS.find((candidate) => candidate.path === url.pathname);
      return area && unknownAction(area, url);
    },
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
