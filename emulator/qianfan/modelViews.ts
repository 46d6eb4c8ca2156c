// Custom models (model sets, `am-…`) and their versions (`amv-…`) as tests and routes see them.
// In the vendor's words a model version is a "model" (`modelId`) and a model is a "model set".
import type { QianfanModelState } from "./modelTimeline";

export interface QianfanModelSetView {
  /** `am-` and 12 of `a-z0-9`. */
  readonly id: string;
  readonly name: string;
  readonly modelType: string;
  readonly labels: readonly string[];
  readonly createdAtMs: number;
  /** Its creation, or the last version added or deleted. */
  readonly modifiedAtMs: number;
  /** Its versions' ids, oldest first. */
  readonly modelIds: readonly string[];
  /** Its versions' names ("V1", "V2"…), in the same order. */
  readonly modelNames: readonly string[];
}

export interface QianfanModelView {
  /** `amv-` and 12 of `a-z0-9`. */
  readonly id: string;
  readonly modelSetId: string;
  /** "V1" for a set's first version, and so on; never reused. */
  readonly version: string;
  readonly description: string;
  readonly state: QianfanModelState;
  /** The base model of the task it was trained by (`ERNIE-Speed-8K`). */
  readonly baseModel: string;
  readonly trainTaskId: string;
  readonly trainJobId: string;
  /** The checkpoint published, when one was chosen. */
  readonly checkpointStep: number | undefined;
  readonly createdAtMs: number;
  /** Its creation, or when it settled (Ready or Fail). */
  readonly modifiedAtMs: number;
}
