/**
 * Taking a Qianfan service offline: all Baidu offers instead of a delete (research §5.6, §5.7). The QianfanService
 * delete does it, and so does a QianfanModel delete refused by a service an interrupted run of this stack made.
 */
import { poll } from "../core/poll";
import { progress } from "../core/progress";
import type { QianfanClient } from "./client";
import { describeService, requireService } from "./serviceObjects";

const LABEL = "QianfanService";
const AREA = "service";
const MAX_POLL_INTERVAL_MS = 30_000;
const DEACTIVATE_TIMEOUT_MS = 15 * 60_000;

/** What Baidu keeps after this package's delete, said wherever a delete can happen. */
export const NOT_DELETED =
  "Baidu offers no API to delete a Qianfan service, so removing this resource only takes the service offline " +
  "(DeactivateService): it stays listed in the Qianfan console, where you delete it, and compute units bought for " +
  "it stay allocated (and billed, if Postpaid) until you release them there (resource management).";

/** DeactivateService, then a wait until it is Stopped. A service already gone or Stopped is left as it is. */
export async function takeOffline(client: QianfanClient, serviceId: string): Promise<void> {
  const detail = await describeService(client, serviceId);
  if (!detail) {
    progress(`${LABEL}: ${serviceId} was already gone`);
    return;
  }
  let vendorNote = "";
  if (detail.runStatus !== "Stopped") {
    const result = await client.action<unknown>(
      "DeactivateService",
      { serviceId },
      "take the Qianfan service offline",
      AREA,
    );
    const message: unknown =
      typeof result === "object" && result ? Reflect.get(result, "message") : undefined;
    if (typeof message === "string" && message !== "") vendorNote = ` Qianfan says: ${message}`;
    progress(`${LABEL}: taking ${serviceId} offline (was ${detail.runStatus})`);
    await poll({
      what: `${LABEL} ${serviceId}`,
      read: () => requireService(client, serviceId),
      state: (d) => d.runStatus,
      done: (d) => d.runStatus === "Stopped",
      timeoutMs: DEACTIVATE_TIMEOUT_MS,
      timeoutHint: "It has not stopped yet; run `pulumi destroy` again later.",
      firstDelayMs: 5000,
      maxDelayMs: MAX_POLL_INTERVAL_MS,
    });
  }
  progress(`${LABEL}: ${serviceId} is offline (Stopped), NOT deleted. ${NOT_DELETED}${vendorNote}`);
}
