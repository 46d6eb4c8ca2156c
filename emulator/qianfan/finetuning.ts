// The fine-tuning actions: POST /v2/finetuning?Action=<Action> with a JSON body.
import { HttpError } from "../errors";
import type { Reply, RequestContext, Route } from "../routing";
import { INAPPROPRIATE_JSON_MESSAGE } from "./errors";
import { toJobObject, toTaskObject } from "./objects";
import { pageOf } from "./paging";
import { qianfanNotFound, type QianfanStore } from "./qianfanStore";
import {
  isObject,
  type JsonObject,
  parseJobRequest,
  parsePageRequest,
  parseTaskRequest,
  requiredId,
} from "./requests";

export const FINETUNING_PATH = "/v2/finetuning";

type Action = (body: JsonObject, ctx: RequestContext<QianfanStore>) => unknown;

const ACTIONS: Record<string, Action> = {
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
};

export const QIANFAN_ACTIONS: readonly string[] = Object.keys(ACTIONS);

export const fineTuningRoutes: readonly Route<QianfanStore>[] = Object.entries(ACTIONS).map(
  ([name, action]) => ({
    key: `POST ${FINETUNING_PATH}?Action=${name}`,
    handle: async (ctx: RequestContext<QianfanStore>): Promise<Reply> => {
      const result = action(await jsonBody(ctx), ctx);
      return {
        status: 200,
        json: { requestId: ctx.requestId, result },
        headers: { "x-bce-request-id": ctx.requestId },
      };
    },
  }),
);

/** The error for a request to /v2/finetuning whose Action is missing or unknown. */
export function unknownAction(url: URL): HttpError {
  const action = url.searchParams.get("Action");
  const known = `Known actions: ${QIANFAN_ACTIONS.join(", ")}.`;
  const message = action
    ? `The Action '${action}' does not exist on ${FINETUNING_PATH}. ${known}`
    : `The Action query parameter is required on ${FINETUNING_PATH}. ${known}`;
  return new HttpError(400, message, { code: "InvalidURI" });
}

/** An empty body reads as `{}`: the list actions take only optional fields. */
async function jsonBody({ headers, body }: RequestContext<QianfanStore>): Promise<JsonObject> {
  if (!/^application\/json\s*(;|$)/i.test(headers["content-type"] ?? "")) {
    const message = "The Content-Type of a fine-tuning action must be application/json.";
    throw new HttpError(400, message, { code: "InvalidHTTPRequest" });
  }
  const bytes = await body.bytes();
  if (bytes.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch {
    // No parser detail: it would quote the body back.
    throw new HttpError(400, "The JSON you provided was not well-formed.", {
      code: "MalformedJSON",
    });
  }
  if (!isObject(parsed)) {
    const message = `${INAPPROPRIATE_JSON_MESSAGE} The body must be a JSON object.`;
    throw new HttpError(400, message, { code: "InappropriateJSON" });
  }
  return parsed;
}
