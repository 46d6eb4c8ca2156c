// The dataset actions: POST /v2/dataset?Action=<Action> with a JSON body (research §2).
import type { ActionArea } from "./actions";
import {
  matchesVersionFilter,
  parseDatasetRequest,
  parseDatasetsRequest,
  parseImportRequest,
  parseVersionRequest,
  parseVersionsRequest,
  versionIdOf,
} from "./datasetRequests";
import { toDatasetObject, toDatasetVersionObject, toImportTaskObject } from "./datasetObjects";
import { qianfanObjectNotFound } from "./errors";
import { nonEmptyString } from "./fields";
import { pageOf } from "./paging";

export const DATASET_PATH = "/v2/dataset";

export const datasetArea: ActionArea = {
  path: DATASET_PATH,
  actions: {
    /** Also makes version 1, which it answers. */
    CreateDataset: (body, { store }) =>
      toDatasetVersionObject(store.datasets.create(parseDatasetRequest(body))),
    /** Oldest first, as DescribeDatasetVersions documents for its list. */
    DescribeDatasets: (body, { store }) => {
      const page = parseDatasetsRequest(body);
      const { items, pageInfo } = pageOf(store.datasets.list(), (dataset) => dataset.id, page);
      return { datasetList: items.map(toDatasetObject), pageInfo };
    },
    DeleteDataset: (body, { store }) => {
      store.datasets.delete(nonEmptyString(body, "datasetId"));
      return true;
    },
    CreateDatasetVersion: (body, { store }) => {
      const { datasetId, description } = parseVersionRequest(body);
      return toDatasetVersionObject(store.datasets.createVersion(datasetId, description));
    },
    DescribeDatasetVersion: (body, { store }) => {
      const id = versionIdOf(body);
      const version = store.datasets.versions.get(id);
      if (!version) throw qianfanObjectNotFound("dataset version", id);
      return toDatasetVersionObject(version);
    },
    DeleteDatasetVersion: (body, { store }) => {
      store.datasets.deleteVersion(versionIdOf(body));
      return true;
    },
    PublishDatasetVersion: (body, { store }) => {
      store.datasets.publish(versionIdOf(body));
      return true;
    },
    DescribeDatasetVersions: (body, { store }) => {
      const { datasetId, page, filter } = parseVersionsRequest(body);
      if (!store.datasets.get(datasetId)) throw qianfanObjectNotFound("dataset", datasetId);
      const versions = store.datasets.versions
        .list(datasetId)
        .filter((version) => matchesVersionFilter(version, filter));
      const { items, pageInfo } = pageOf(versions, (version) => version.id, page);
      return { versionList: items.map(toDatasetVersionObject), pageInfo };
    },
    /** Answers the import task's id, a bare string. */
    CreateImportTask: (body, { store }) => store.datasets.createImport(parseImportRequest(body)).id,
    DescribeImportTask: (body, { store }) => {
      const id = nonEmptyString(body, "taskId");
      const task = store.datasets.imports.get(id);
      if (!task) throw qianfanObjectNotFound("import task", id);
      return toImportTaskObject(task);
    },
  },
};
