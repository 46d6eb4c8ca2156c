// The console's action routes, for every area: POST /v2/<area>?Action=<Action> with a JSON body,
// answered `{requestId, result}` with `x-bce-request-id`.
import { HttpError } from "../errors";
import type { Reply, RequestContext, Route } from "../routing";
import { INAPPROPRIATE_JSON_MESSAGE } from "./errors";
import { isObject, type JsonObject } from "./fields";
import type { QianfanStore } from "./qianfanStore";

/** One action: the body (an object, `{}` when empty) to the `result`. */
export type Action = (body: JsonObject, ctx: RequestContext<QianfanStore>) => unknown;

/** An area of the console API: its path and its actions by name. */
export interface ActionArea {
  /** "/v2/dataset". */
  readonly path: string;
  readonly actions: Readonly<Record<string, Action>>;
}

/** One route per action, keyed `POST <path>?Action=<Action>`, in the order the area lists them. */
export function actionRoutes(area: ActionArea): Route<QianfanStore>[] {
  return Object.entries(area.actions).map(([name, action]) => ({
    key: actionRouteKey(area.path, name),
    handle: async (ctx: RequestContext<QianfanStore>): Promise<Reply> => {
      const result = action(await jsonBody(ctx), ctx);
      return {
        status: 200,
        json: { requestId: ctx.requestId, result },
        headers: { "x-bce-request-id": ctx.requestId },
      };
    },
  }));
}

export const actionRouteKey = (path: string, action: string) => `POST ${path}?Action=${action}`;

/** The error for a request to an area whose Action is missing or unknown. */
export function unknownAction(area: ActionArea, url: URL): HttpError {
  const action = url.searchParams.get("Action");
  const known = `Known actions: ${Object.keys(area.actions).join(", ")}.`;
  const message = action
    ? `The Action '${action}' does not exist on ${area.path}. ${known}`
    : `The Action query parameter is required on ${area.path}. ${known}`;
  return new HttpError(400, message, { code: "InvalidURI" });
}

/** An empty body reads as `{}`: the list actions take only optional fields. */
async function jsonBody({ headers, body }: RequestContext<QianfanStore>): Promise<JsonObject> {
  if (!/^application\/json\s*(;|$)/i.test(headers["content-type"] ?? "")) {
    const message = "The Content-Type of a Qianfan console action must be application/json.";
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
