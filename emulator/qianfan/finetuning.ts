// The fine-tuning actions: POST /v2/finetuning?Action=<Action> with a JSON body.
import type { Route } from "../routing";
import { type ActionArea, actionRoutes } from "./actions";
import { toJobObject, toTaskObject } from "./objects";
import { pageOf } from "./paging";
import { qianfanNotFound, type QianfanStore } from "./qianfanStore";
import { parsePageRequest } from "./pageRequest";
import { parseJobRequest, parseTaskRequest, requiredId } from "./requests";

export const FINETUNING_PATH = "/v2/finetuning";

export const fineTuningArea: ActionArea = {
  path: FINETUNING_PATH,
  actions: {
    CreateFineTuningJob: (body, { store }) => {
      const job = store.createJob(parseJobRequest(body, store.models));
      return { jobId: job.id };
    },
    CreateFineTuningTask: (body, { store }) => {
      const task = store.createTask(parseTaskRequest(body));
      return { jobId: task.job.id, taskId: task.id };
    },
    DescribeFineTuningTask: (body, { store }) => {
      const id = requiredId(body, "taskId");
      const task = store.tasks.get(id);
      if (!task) throw qianfanNotFound("task", id);
      return toTaskObject(task);
    },
    DescribeFineTuningJobs: (body, { store }) => {
      const request = parsePageRequest(body);
      const { items, pageInfo } = pageOf(store.jobs.list(), (job) => job.id, request);
      return { jobList: items.map(toJobObject), pageInfo };
    },
    DescribeFineTuningTasks: (body, { store }) => {
      const job = store.requireJob(requiredId(body, "jobId"));
      const request = parsePageRequest(body);
      const tasks = store.tasks.list(job.id);
      const { items, pageInfo } = pageOf(tasks, (task) => task.id, request);
      return { taskList: items.map(toTaskObject), pageInfo };
    },
    StopFineTuningTask: (body, { store }) => store.stopTask(requiredId(body, "taskId")),
    DeleteFineTuningTask: (body, { store }) => {
      store.deleteTask(requiredId(body, "taskId"));
      return true;
    },
    DeleteFineTuningJob: (body, { store }) => {
      store.deleteJob(requiredId(body, "jobId"));
      return true;
    },
  },
};

export const QIANFAN_ACTIONS: readonly string[] = Object.keys(fineTuningArea.actions);

export const fineTuningRoutes: readonly Route<QianfanStore>[] = actionRoutes(fineTuningArea);
