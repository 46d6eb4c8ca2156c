// Model sets and model versions as the model actions answer them (research §4; DescribeModel's
// fields from the qianfan-api page Imnim2i64, whose JSON names are the v1 API's where not shown).
import { modelDate } from "./dates";
import type { QianfanModelState } from "./modelTimeline";
import type { QianfanModelSetView, QianfanModelView } from "./modelViews";

/** DescribeModelSet's `result` (the ai.baidu.com table), also DescribeCustomModelSets' items. */
export interface QianfanModelSetObject {
  modelSetId: string;
  modelSetName: string;
  modelType: string;
  /** `UserCreate` for a custom model. */
  source: "UserCreate";
  labels: string[];
  createTime: string;
  modifyTime: string;
  modelIds: string[];
  modelNames: string[];
}

export interface QianfanModelObject {
  modelSetId: string;
  modelId: string;
  state: QianfanModelState;
  /** The version's name, "V1". */
  version: string;
  baseModel: string;
  sourceInfo: {
    sourceType: "Train";
    trainTaskId: string;
    trainJobId: string;
    checkpointStep?: number;
  };
  /** Only when the version has one, as the doc says. */
  description?: string;
  createTime: string;
  modifyTime: string;
  ioMode: "chat";
  isSupportModelComp: boolean;
}

export function toModelSetObject(set: QianfanModelSetView): QianfanModelSetObject {
  return {
    modelSetId: set.id,
    modelSetName: set.name,
    modelType: set.modelType,
    source: "UserCreate",
    labels: [...set.labels],
    createTime: modelDate(set.createdAtMs),
    modifyTime: modelDate(set.modifiedAtMs),
    modelIds: [...set.modelIds],
    modelNames: [...set.modelNames],
  };
}

export function toModelObject(model: QianfanModelView): QianfanModelObject {
  return {
    modelSetId: model.modelSetId,
    modelId: model.id,
    state: model.state,
    version: model.version,
    baseModel: model.baseModel,
    sourceInfo: {
      sourceType: "Train",
      trainTaskId: model.trainTaskId,
      trainJobId: model.trainJobId,
      ...(model.checkpointStep === undefined ? {} : { checkpointStep: model.checkpointStep }),
    },
    ...(model.description === "" ? {} : { description: model.description }),
    createTime: modelDate(model.createdAtMs),
    modifyTime: modelDate(model.modifiedAtMs),
    ioMode: "chat",
    isSupportModelComp: false,
  };
}
