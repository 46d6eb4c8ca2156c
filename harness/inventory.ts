/** What the emulator holds, as a user would list it: every remote object a stack can leave behind, by kind. */
import type { Emulator } from "../emulator";

export type RemoteKind =
  | "training file"
  | "result file"
  | "pending upload"
  | "fine-tuning job"
  | "Qianfan job"
  | "Qianfan task"
  | "Qianfan dataset"
  | "Qianfan model set"
  | "Qianfan model"
  | "Qianfan service"
  /** Taken offline (Stopped): it stays listed at Qianfan, which has no API to delete a service. */
  | "offline Qianfan service";

export interface RemoteObject {
  kind: RemoteKind;
  id: string;
  /** What a person would recognise it by: a file's name, a job's model, a task's job. */
  label: string;
}

export function remoteObjects(emulator: Emulator): RemoteObject[] {
  const store = emulator.store;
  const qianfan = store.qianfan;
  const files = store.listFiles().map((f): RemoteObject => ({
    kind: f.purpose === "fine-tune-results" ? "result file" : "training file",
    id: f.id,
    label: f.filename,
  }));
  const pending = store
    .listUploads()
    .filter((u) => u.status === "pending")
    .map((u): RemoteObject => ({ kind: "pending upload", id: u.id, label: u.filename }));
  const jobs = store.jobs
    .list()
    .map((j): RemoteObject => ({ kind: "fine-tuning job", id: j.id, label: j.model }));
  const qianfanJobs = qianfan
    .listJobs()
    .map((j): RemoteObject => ({ kind: "Qianfan job", id: j.jobId, label: j.name }));
  const qianfanTasks = qianfan
    .listTasks()
    .map((t): RemoteObject => ({ kind: "Qianfan task", id: t.taskId, label: t.jobId }));
  const datasets = qianfan
    .listDatasets()
    .map((d): RemoteObject => ({ kind: "Qianfan dataset", id: d.datasetId, label: d.datasetName }));
  const modelSets = qianfan.listModelSets().map((s): RemoteObject => ({
    kind: "Qianfan model set",
    id: s.modelSetId,
    label: s.modelSetName,
  }));
  const models = qianfan.listModels().map((m): RemoteObject => ({
    kind: "Qianfan model",
    id: m.modelId,
    label: `${m.modelSetId}, from ${m.sourceInfo.trainTaskId}`,
  }));
  const services = qianfan.listServices().map((s): RemoteObject => ({
    kind: s.runStatus === "Stopped" ? "offline Qianfan service" : "Qianfan service",
    id: s.serviceId,
    label: s.name,
  }));
  return [
    ...files,
    ...pending,
    ...jobs,
    ...qianfanJobs,
    ...qianfanTasks,
    ...datasets,
    ...modelSets,
    ...models,
    ...services,
  ];
}

/** A Qianfan service taken offline: it stays listed, since Qianfan has no API to delete a service. */
export const isOfflineService = (object: RemoteObject): boolean =>
  object.kind === "offline Qianfan service";

export function describeObject(object: RemoteObject): string {
  switch (object.kind) {
    case "training file":
    case "result file":
      return `file ${object.id} (${object.label})`;
    default:
      return `${object.kind} ${object.id} (${object.label})`;
  }
}

export function countByKind(objects: readonly RemoteObject[]): Partial<Record<RemoteKind, number>> {
  const counts: Partial<Record<RemoteKind, number>> = {};
  for (const object of objects) counts[object.kind] = (counts[object.kind] ?? 0) + 1;
  return counts;
}
