// The model actions: POST /v2/model?Action=<Action> with a JSON body (research §4).
import type { ActionArea } from "./actions";
import { qianfanObjectNotFound } from "./errors";
import { nonEmptyString } from "./fields";
import { toModelObject, toModelSetObject } from "./modelObjects";
import { parseModelRequest, parseModelSetLookup, parseModelSetRequest } from "./modelRequests";
import { pageOf } from "./paging";
import { parsePageRequest } from "./pageRequest";

export const MODEL_PATH = "/v2/model";

export const modelArea: ActionArea = {
  path: MODEL_PATH,
  actions: {
    /** Answers the new set's id, a bare string. */
    CreateCustomModelSet: (body, { store }) =>
      store.customModels.createSet(parseModelSetRequest(body)).id,
    /** Oldest first. */
    DescribeCustomModelSets: (body, { store }) => {
      const page = parsePageRequest(body);
      const { items, pageInfo } = pageOf(store.customModels.sets.list(), (set) => set.id, page);
      return { modelSetList: items.map(toModelSetObject), pageInfo };
    },
    DescribeModelSet: (body, { store }) => {
      const lookup = parseModelSetLookup(body);
      const set =
        "id" in lookup
          ? store.customModels.sets.get(lookup.id)
          : store.customModels.sets.named(lookup.name);
      if (!set) {
        throw "id" in lookup
          ? qianfanObjectNotFound("model set", lookup.id)
          : qianfanObjectNotFound("model set named", lookup.name);
      }
      return toModelSetObject(set);
    },
    DeleteModelSet: (body, { store }) => {
      store.customModels.deleteSet(nonEmptyString(body, "modelSetId"));
      return true;
    },
    CreateCustomModel: (body, { store }) => {
      const model = store.customModels.create(parseModelRequest(body));
      return { modelSetId: model.modelSetId, modelId: model.id };
    },
    DescribeModel: (body, { store }) => {
      const id = nonEmptyString(body, "modelId");
      const model = store.customModels.versions.get(id);
      if (!model) throw qianfanObjectNotFound("model version", id);
      return toModelObject(model);
    },
    DeleteModel: (body, { store }) => {
      store.customModels.delete(nonEmptyString(body, "modelId"));
      return true;
    },
  },
};
