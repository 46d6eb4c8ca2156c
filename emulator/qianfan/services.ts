// The service actions: POST /v2/service?Action=<Action> with a JSON body (research §5). There is
// no action that deletes a service: Baidu documents none, so the emulator serves none.
import type { ActionArea } from "./actions";
import { qianfanObjectNotFound } from "./errors";
import { nonEmptyString } from "./fields";
import { pageOf } from "./paging";
import { toServiceObject } from "./serviceObjects";
import {
  matchesServiceFilter,
  parseModifyRequest,
  parseServiceRequest,
  parseServicesRequest,
} from "./serviceRequests";

export const SERVICE_PATH = "/v2/service";

export const serviceArea: ActionArea = {
  path: SERVICE_PATH,
  actions: {
    CreateService: (body, { store }) => ({
      serviceId: store.services.create(parseServiceRequest(body)).id,
    }),
    DescribeService: (body, { store }) => {
      const id = nonEmptyString(body, "serviceId");
      const service = store.services.get(id);
      if (!service) throw qianfanObjectNotFound("service", id);
      return toServiceObject(service);
    },
    /** Oldest first, filtered as the doc lists. */
    DescribeServices: (body, { store }) => {
      const { page, filter } = parseServicesRequest(body);
      const services = store.services.list().filter((s) => matchesServiceFilter(s, filter));
      const { items, pageInfo } = pageOf(services, (service) => service.id, page);
      return { serviceList: items.map(toServiceObject), pageInfo };
    },
    ModifyService: (body, { store }) => {
      const { serviceId, modelSetId, modelId } = parseModifyRequest(body);
      store.services.modify(serviceId, modelSetId, modelId);
      return true;
    },
    DeactivateService: (body, { store }) =>
      store.services.deactivate(nonEmptyString(body, "serviceId")),
  },
};
