// Services as tests and routes see them, the run status derived from the clock.
import type { JsonObject } from "./fields";
import type { QianfanChargeType, QianfanPayType } from "./serviceRequests";
import type { QianfanServiceRunStatus } from "./serviceTimeline";

export interface QianfanServiceView {
  /** `svco-` and 12 of `a-z0-9`. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly urlSuffix: string;
  /** The model version it runs (ModifyService switches it). */
  readonly modelSetId: string;
  readonly modelId: string;
  readonly baseModel: string;
  readonly serviceType: "chat";
  /** As sent, when sent. */
  readonly deploymentConfig: JsonObject | undefined;
  readonly resourceConfig: JsonObject | undefined;
  readonly billing: JsonObject | undefined;
  readonly chargeType: QianfanChargeType;
  readonly payType: QianfanPayType;
  readonly protocolVersion: number;
  readonly creator: string;
  readonly createdAtMs: number;
  readonly runStatus: QianfanServiceRunStatus;
  /** When DeactivateService stopped it. */
  readonly stoppedAtMs: number | undefined;
}
