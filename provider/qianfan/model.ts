import * as pulumi from "@pulumi/pulumi";
import { FinetuneResource } from "../core/resource";
import type { MODEL_TYPES } from "./valueLists";
import type { QianfanModelOutputs } from "./modelProvider";

export interface QianfanModelArgs {
  /** The fine-tuning task to publish: a Done QianfanFineTuneTask's taskId (`task-…`). Replaces when changed. */
  taskId: pulumi.Input<string>;
  /** Publish this checkpoint step instead of the final model. Replaces when changed. */
  checkpointStep?: pulumi.Input<number>;
  /** Publish into this existing model set (`am-…`); it is never deleted. Give this or modelSetName. */
  modelSetId?: pulumi.Input<string>;
  /**
   * Publish into a model set this resource creates, of this name (followed at Qianfan by `_` and this resource's
   * marker), and deletes once empty. Give this or modelSetId.
   */
  modelSetName?: pulumi.Input<string>;
  /** The type of a set this resource creates: Text2Text (default), Text2Image, Embedding, Reasoning, … */
  modelType?: pulumi.Input<(typeof MODEL_TYPES)[number]>;
  /** The version's description, up to 300 characters. Replaces when changed. */
  description?: pulumi.Input<string>;
  /** How long to wait for the version to be Ready (default 3600 s); after it the version is deleted. */
  readyTimeoutSeconds?: pulumi.Input<number>;
  /** First poll interval (default 5 s), growing up to 30 s while nothing changes. */
  pollIntervalSeconds?: pulumi.Input<number>;
}

/**
 * A fine-tuned task published as a Qianfan custom model version (`pulumi-nodejs:dynamic/qianfan:Model`), ready for
 * a QianfanService.
 */
export class QianfanModel extends FinetuneResource {
  /** The version's id (`amv-…`, Qianfan's `modelId`); also the resource id. */
  declare readonly modelId: pulumi.Output<QianfanModelOutputs["modelId"]>;
  /** The model set (`am-…`) it is in. */
  declare readonly modelSetId: pulumi.Output<QianfanModelOutputs["modelSetId"]>;
  /** Whether this resource created the model set. */
  declare readonly createdModelSet: pulumi.Output<QianfanModelOutputs["createdModelSet"]>;
  /** The created set's name at Qianfan. */
  declare readonly remoteModelSetName: pulumi.Output<QianfanModelOutputs["remoteModelSetName"]>;
  /** The version's state (Ready once created), when the service reports one. */
  declare readonly status: pulumi.Output<QianfanModelOutputs["status"]>;

  constructor(name: string, args: QianfanModelArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = {
      modelId: undefined,
      modelSetId: undefined,
      createdModelSet: undefined,
      remoteModelSetName: undefined,
      status: undefined,
    };
    super("model", "qianfan", "Model", name, { ...outputs, ...args }, opts);
  }
}
