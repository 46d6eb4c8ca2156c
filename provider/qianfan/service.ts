import * as pulumi from "@pulumi/pulumi";
import { FinetuneResource } from "../core/resource";
import type { CHARGE_TYPES, REGIONS } from "./serviceInputs";
import type { PAYMENT_TIMINGS } from "./valueLists";
import type { QianfanServiceOutputs } from "./serviceProvider";

/** Compute units bought before, to deploy on. */
export interface QianfanDeploymentConfigArgs {
  /** The instances (`unit-…`) and how many replicas run on each; an empty list means "buy new ones". */
  deploymentComputeUnitList?: pulumi.Input<
    pulumi.Input<{
      instanceId: pulumi.Input<string>;
      deploymentReplicasCount: pulumi.Input<number>;
    }>[]
  >;
  /** How many replicas. */
  replicasCount?: pulumi.Input<number>;
  /** Per-replica QPS, above 0 and up to 50 (default: the model's estimate). */
  qps?: pulumi.Input<number>;
  /** Compute units per replica (HuggingFace models only). */
  replicaComputeUnitCount?: pulumi.Input<number>;
}

/** New compute units to buy (with billing). */
export interface QianfanResourceConfigArgs {
  /** bj or bd; by default Qianfan picks a region that has the resource. */
  region?: pulumi.Input<(typeof REGIONS)[number]>;
  /** The compute-unit type, e.g. GPU-1-1 (passed as given: Baidu's pages spell types two ways). */
  type?: pulumi.Input<string>;
  /** Per-replica QPS, above 0 and up to 50. */
  qps?: pulumi.Input<number>;
  /** How many replicas to buy. */
  replicasCount?: pulumi.Input<number>;
}

/** How new compute units are paid. */
export interface QianfanBillingArgs {
  /** Prepaid (with reservation) or Postpaid (with chargeType). */
  paymentTiming: pulumi.Input<(typeof PAYMENT_TIMINGS)[number]>;
  /** Postpaid only: ComputingUnit (compute-unit time) or Tokens (tokens used). */
  chargeType?: pulumi.Input<(typeof CHARGE_TYPES)[number]>;
  /** Prepaid only: for how long. */
  reservation?: pulumi.Input<{
    reservationTimeUnit?: pulumi.Input<"Month">;
    /** 1 to 12 months. */
    reservationLength: pulumi.Input<number>;
    autoRenew?: pulumi.Input<boolean>;
    autoRenewTimeUnit?: pulumi.Input<"Month">;
    /** 1 to 6. */
    autoRenewTime?: pulumi.Input<number>;
  }>;
}

export interface QianfanServiceArgs {
  /** The model set (`am-…`), e.g. a QianfanModel's modelSetId. Switched in place (ModifyService). */
  modelSetId: pulumi.Input<string>;
  /** The model version (`amv-…`), e.g. a QianfanModel's modelId. Switched in place (ModifyService). */
  modelId: pulumi.Input<string>;
  /** 2 to 20 characters. Replaces the service when changed. */
  name: pulumi.Input<string>;
  /** The end of the service's URL: 2 to 20 of a-z, 0-9, `_`, `-`, a letter or digit first and last. Replaces. */
  urlSuffix: pulumi.Input<string>;
  /**
   * Up to 451 characters. Replaces when changed. Qianfan gets it followed by ` [pulumi-finetune <marker>]`, which
   * identifies the service as this resource's (so a killed run's service is taken over, and removed by a destroy).
   */
  description?: pulumi.Input<string>;
  /** Deploy on compute units bought before. Replaces when changed. */
  deploymentConfig?: pulumi.Input<QianfanDeploymentConfigArgs>;
  /** Buy new compute units (with billing). Replaces when changed. */
  resourceConfig?: pulumi.Input<QianfanResourceConfigArgs>;
  /** How new compute units are paid (with resourceConfig). Replaces when changed. */
  billing?: pulumi.Input<QianfanBillingArgs>;
  /** How long to wait until Serving (default 3600 s); after it the service stays in the state, still deploying. */
  deployTimeoutSeconds?: pulumi.Input<number>;
  /** First poll interval (default 10 s), growing up to 30 s while nothing changes. */
  pollIntervalSeconds?: pulumi.Input<number>;
}

/**
 * A Qianfan model service (`pulumi-nodejs:dynamic/qianfan:Service`): a model version deployed at a URL. Baidu has no
 * API to delete a service: removing this resource takes it offline (DeactivateService) and leaves it listed in the
 * console, with any compute units bought for it, until you delete and release them there.
 */
export class QianfanService extends FinetuneResource {
  /** The service's id (`svco-…`); also the resource id. */
  declare readonly serviceId: pulumi.Output<QianfanServiceOutputs["serviceId"]>;
  /** Where the service answers. */
  declare readonly url: pulumi.Output<QianfanServiceOutputs["url"]>;
  /** The access point, as Qianfan reports it. */
  declare readonly endpoint: pulumi.Output<QianfanServiceOutputs["endpoint"]>;
  /** New, Deploying, Serving, Failed or Stopped, at the last create, update or refresh. */
  declare readonly runStatus: pulumi.Output<QianfanServiceOutputs["runStatus"]>;
  /** ComputingUnit or Tokens, as Qianfan reports it. */
  declare readonly chargeType: pulumi.Output<QianfanServiceOutputs["chargeType"]>;

  constructor(name: string, args: QianfanServiceArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = {
      serviceId: undefined,
      url: undefined,
      endpoint: undefined,
      runStatus: undefined,
      chargeType: undefined,
    };
    super("service", "qianfan", "Service", name, { ...outputs, ...args }, opts);
  }
}
