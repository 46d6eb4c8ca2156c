// Qianfan services (`svco-…`): a Ready model version deployed at a URL. Baidu documents no action
// that deletes one; DeactivateService stops it. The run status comes from the clock.
import type { Clock } from "../clock";
import { newAlnumId } from "../ids";
import type { PersistedKind } from "../state/persistentStore";
import type { StateReader } from "../state/stateJson";
import { QIANFAN_CREATOR } from "./account";
import { inappropriateJson, qianfanObjectNotFound } from "./errors";
import type { QianfanModelView } from "./modelViews";
import { CHARGE_TYPES, type NewQianfanService, PAY_TYPES } from "./serviceRequests";
import {
  isActiveService,
  type QianfanServiceTimings,
  type ServicePlan,
  serviceRunStatusAt,
} from "./serviceTimeline";
import type { QianfanServiceView } from "./serviceViews";

export interface ServiceStoreOptions {
  timings: Readonly<QianfanServiceTimings>;
  /** A model version (`amv-…`), if it exists. */
  modelOf: (modelId: string) => QianfanModelView | undefined;
}

/** What a service keeps: the request as sent, the model it runs, its plan; the view derives the rest. */
interface ServiceRecord
  extends
    ServicePlan,
    Omit<NewQianfanService, "modelSetId" | "modelId">,
    Pick<QianfanServiceView, "id" | "createdAtMs"> {
  /** ModifyService switches these. */
  modelSetId: string;
  modelId: string;
  baseModel: string;
  stoppedAtMs: number | undefined;
}

/** DeactivateService's `result`. */
export interface QianfanDeactivation {
  operation: boolean;
  message: string;
}

const DEACTIVATED =
  "The service is offline. Compute units bought for it stay yours and, if Postpaid, are billed " +
  "until released (resource management in the console).";

/** A service fails to deploy when its name contains "fail" (any case). */
const serviceFails = (name: string) => name.toLowerCase().includes("fail");

export class ServiceStore {
  private readonly records = new Map<string, ServiceRecord>();

  readonly persistedKinds: readonly PersistedKind[] = [
    {
      name: "services",
      write: () => [...this.records.values()],
      read: (json) => {
        const service = readService(json);
        this.records.set(service.id, service);
        return [];
      },
    },
  ];

  constructor(
    private readonly clock: Clock,
    private readonly options: ServiceStoreOptions,
  ) {}

  get(id: string): QianfanServiceView | undefined {
    const service = this.records.get(id);
    return service && this.view(service);
  }

  /** Oldest first. */
  list(): QianfanServiceView[] {
    return [...this.records.values()].map((service) => this.view(service));
  }

  /** A Ready model version, at a urlSuffix no New, Deploying or Serving service holds. */
  create(service: NewQianfanService): QianfanServiceView {
    const model = this.readyModel(service.modelSetId, service.modelId);
    const holder = this.list().find(
      (other) => other.urlSuffix === service.urlSuffix && isActiveService(other.runStatus),
    );
    if (holder) {
      const detail = `The urlSuffix '${service.urlSuffix}' is taken by the service '${holder.id}'; choose another.`;
      throw inappropriateJson("urlSuffix", detail);
    }
    const record: ServiceRecord = {
      ...service,
      id: newAlnumId("svco-"),
      modelSetId: model.modelSetId,
      modelId: model.id,
      baseModel: model.baseModel,
      createdAtMs: this.clock.now(),
      newMs: this.options.timings.newMs,
      deployingMs: this.options.timings.deployingMs,
      failed: serviceFails(service.name),
      stoppedAtMs: undefined,
    };
    this.records.set(record.id, record);
    return this.view(record);
  }

  /** Switches a Serving service to another Ready model version, at once. */
  modify(serviceId: string, modelSetId: string, modelId: string): void {
    const record = this.requireService(serviceId);
    const status = serviceRunStatusAt(record, this.clock.now());
    if (status !== "Serving") {
      const detail = `The service '${serviceId}' is ${status}; only a Serving service can switch its model version.`;
      throw inappropriateJson("serviceId", detail);
    }
    const model = this.readyModel(modelSetId, modelId);
    record.modelSetId = model.modelSetId;
    record.modelId = model.id;
    record.baseModel = model.baseModel;
  }

  /** Takes a service offline (Stopped from now); a Stopped one answers the same (a retry). */
  deactivate(serviceId: string): QianfanDeactivation {
    const record = this.requireService(serviceId);
    record.stoppedAtMs ??= this.clock.now();
    return { operation: true, message: DEACTIVATED };
  }

  /** The New, Deploying or Serving service that runs a model version, if any. */
  usingModel(modelId: string): { id: string; runStatus: string } | undefined {
    const service = this.list().find(
      (candidate) => candidate.modelId === modelId && isActiveService(candidate.runStatus),
    );
    return service && { id: service.id, runStatus: service.runStatus };
  }

  /** For tests: the service disappears, as if deleted in the console (the API cannot). */
  remove(serviceId: string): boolean {
    return this.records.delete(serviceId);
  }

  private requireService(id: string): ServiceRecord {
    const service = this.records.get(id);
    if (!service) throw qianfanObjectNotFound("service", id);
    return service;
  }

  private readyModel(modelSetId: string, modelId: string): QianfanModelView {
    const model = this.options.modelOf(modelId);
    if (!model) {
      throw inappropriateJson("modelId", `The model version '${modelId}' does not exist.`);
    }
    if (model.modelSetId !== modelSetId) {
      const detail = `The model version '${modelId}' belongs to the model set '${model.modelSetId}', not '${modelSetId}'.`;
      throw inappropriateJson("modelId", detail);
    }
    if (model.state !== "Ready") {
      const detail = `The model version '${modelId}' is ${model.state}; deploy it once it is Ready (DescribeModel).`;
      throw inappropriateJson("modelId", detail);
    }
    return model;
  }

  private view(service: ServiceRecord): QianfanServiceView {
    const { newMs, deployingMs, failed, ...kept } = service;
    return {
      ...kept,
      serviceType: "chat",
      creator: QIANFAN_CREATOR,
      runStatus: serviceRunStatusAt(service, this.clock.now()),
    };
  }
}

/** A service as `persistedKinds` wrote it. */
function readService(json: StateReader): ServiceRecord {
  return {
    id: json.string("id"),
    name: json.string("name"),
    description: json.string("description"),
    urlSuffix: json.string("urlSuffix"),
    modelSetId: json.string("modelSetId"),
    modelId: json.string("modelId"),
    baseModel: json.string("baseModel"),
    deploymentConfig: json.optionalRecord("deploymentConfig"),
    resourceConfig: json.optionalRecord("resourceConfig"),
    billing: json.optionalRecord("billing"),
    chargeType: json.oneOf("chargeType", CHARGE_TYPES),
    payType: json.oneOf("payType", PAY_TYPES),
    protocolVersion: json.number("protocolVersion"),
    createdAtMs: json.number("createdAtMs"),
    newMs: json.number("newMs"),
    deployingMs: json.number("deployingMs"),
    failed: json.boolean("failed"),
    stoppedAtMs: json.optionalNumber("stoppedAtMs"),
  };
}
