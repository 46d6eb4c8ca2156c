/** IPC between the harness (parent) and the program runner (child). */
export interface RunnerMessage {
  kind: "newResource" | "call" | "done";
  id: number;
  payload: unknown;
}

export interface ParentMessage {
  id: number;
  result?: unknown;
  error?: string;
}

export interface MockResourceArgs {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  provider?: string;
  custom?: boolean;
  id?: string;
}

export interface RunnerDone {
  outputs: Record<string, unknown>;
  errors: string[];
  /** CPU time (user + system) the program's process used, in seconds. */
  cpuSeconds?: number;
}
