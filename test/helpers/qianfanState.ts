import type { TestStack } from "./stack";

/** The emulator's Qianfan jobs and tasks, as the service holds them now. */
export function qianfanJobs(stack: TestStack): { jobId: string }[] {
  return stack.emulator.store.qianfan.listJobs();
}

export function qianfanTasks(stack: TestStack): { taskId: string; runStatus: string }[] {
  return stack.emulator.store.qianfan.listTasks();
}
