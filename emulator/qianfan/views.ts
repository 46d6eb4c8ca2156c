// Jobs and tasks as tests and routes see them. Their own module so the store that makes them and
// the wire objects made from them share the types without importing each other.
import type { QianfanCheckpoint, QianfanRunStatus } from "./qianfanTimeline";

export interface QianfanJobView {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly model: string;
  readonly trainMode: string;
  readonly createdAtMs: number;
}

/** A task as tests and routes see it, with its status derived from the clock. */
export interface QianfanTaskView {
  readonly id: string;
  readonly job: QianfanJobView;
  readonly parameterScale: string;
  readonly hyperParameterConfig: Readonly<Record<string, unknown>>;
  readonly datasetConfig: Readonly<Record<string, unknown>>;
  readonly incrementTaskId: string | undefined;
  readonly createdAtMs: number;
  readonly runStatus: QianfanRunStatus;
  /** "37%", only while Running. */
  readonly runProgress: string | undefined;
  readonly finishedAtMs: number | undefined;
  /** Only once Done. */
  readonly metrics: Readonly<Record<string, string>> | undefined;
  readonly checkpoints: readonly QianfanCheckpoint[];
  /** Only once Failed. */
  readonly errorMessage: string | undefined;
}
