import { checkQianfanService } from "../../provider/qianfan/serviceInputs";
import { UNKNOWN } from "../../provider/core/unknown";

const base = {
  modelSetId: "am-jb0kzci16x14",
  modelId: "amv-0590vsgisd6d",
  name: "api测试",
  urlSuffix: "apitest",
};
/** The doc's example of a service on new, prepaid resources. */
const prepaid = {
  ...base,
  resourceConfig: { region: "bj", type: "GPU-1-1", qps: 10, replicasCount: 2 },
  billing: {
    paymentTiming: "Prepaid",
    reservation: { reservationTimeUnit: "Month", reservationLength: 1 },
  },
};
/** The doc's example of a service on compute units bought before. */
const onUnits = {
  ...base,
  deploymentConfig: {
    qps: 1,
    replicaComputeUnitCount: 1,
    replicasCount: 1,
    deploymentComputeUnitList: [{ instanceId: "unit-gdqb1Fot", deploymentReplicasCount: 2 }],
  },
};
const postpaid = {
  ...base,
  resourceConfig: { type: "GPU-1-1", replicasCount: 1 },
  billing: { paymentTiming: "Postpaid", chargeType: "ComputingUnit" },
};
const reasons = (news: Record<string, unknown>) =>
  checkQianfanService(news)
    .failures.map((f) => f.reason)
    .join("\n");

describe("checkQianfanService", () => {
  it.each([
    ["the doc's prepaid example", prepaid],
    ["the doc's example on existing compute units", onUnits],
    ["a postpaid service", postpaid],
    [
      "a Tokens service without resourceConfig",
      { ...base, billing: { paymentTiming: "Postpaid", chargeType: "Tokens" } },
    ],
    [
      "a type spelt as DescribeService does",
      { ...postpaid, resourceConfig: { type: "GPU-I-2", replicasCount: 1 } },
    ],
    ["a 451-character description", { ...prepaid, description: "d".repeat(451) }],
  ])("accepts %s", (_name, news) => {
    const result = checkQianfanService(news);
    expect(result.failures).toEqual([]);
    expect(result.inputs).toMatchObject({ deployTimeoutSeconds: 3600, pollIntervalSeconds: 10 });
  });

  it("fails nothing on values not known yet (preview)", () => {
    expect(
      reasons({ ...base, modelSetId: UNKNOWN, modelId: UNKNOWN, deploymentConfig: UNKNOWN }),
    ).toBe("");
    expect(reasons({ ...prepaid, billing: UNKNOWN, resourceConfig: UNKNOWN })).toBe("");
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["no model set", { ...prepaid, modelSetId: undefined }, "modelSetId: is required"],
    [
      "a version id as model set",
      { ...prepaid, modelSetId: "amv-1" },
      'modelSetId: "amv-1" is not a Qianfan model set id (am-…)',
    ],
    ["no model version", { ...prepaid, modelId: undefined }, "modelId: is required"],
    [
      "a set id as model version",
      { ...prepaid, modelId: "am-1" },
      'modelId: "am-1" is not a Qianfan model version id (amv-…)',
    ],
    ["no name", { ...prepaid, name: undefined }, "name: is required: 2 to 20 characters"],
    [
      "a one-character name",
      { ...prepaid, name: "a" },
      'name: must be 2 to 20 characters (got "a")',
    ],
    [
      "a 21-character name",
      { ...prepaid, name: "n".repeat(21) },
      "name: must be 2 to 20 characters",
    ],
    [
      "a 452-character description (Qianfan's 500 less the package's marker)",
      { ...prepaid, description: "d".repeat(452) },
      "description: must be a string of at most 451 characters (got 452)",
    ],
    ["no urlSuffix", { ...prepaid, urlSuffix: undefined }, "urlSuffix: is required"],
    ...(["Upper", "-dash-first", "under_last_", "a", "x".repeat(21), "dot.in"] as const).map(
      (suffix): [string, Record<string, unknown>, string] => [
        `urlSuffix ${JSON.stringify(suffix)}`,
        { ...prepaid, urlSuffix: suffix },
        `urlSuffix: ${JSON.stringify(suffix)} must be 2 to 20 lower-case letters, digits, "_" or "-", beginning and ending with a letter or digit`,
      ],
    ),
    [
      "units and new resources at once",
      { ...onUnits, billing: prepaid.billing },
      "billing: buys new compute units, but deploymentConfig.deploymentComputeUnitList deploys on units bought before",
    ],
    [
      "an empty unit list without billing",
      { ...base, deploymentConfig: { deploymentComputeUnitList: [] } },
      "billing: is required to deploy on new compute units",
    ],
    [
      "nothing to deploy on",
      { ...base, billing: { paymentTiming: "Prepaid", reservation: { reservationLength: 1 } } },
      "resourceConfig: is required to deploy on new compute units",
    ],
    [
      "a unit without instance",
      {
        ...base,
        deploymentConfig: { deploymentComputeUnitList: [{ deploymentReplicasCount: 1 }] },
      },
      "deploymentConfig.deploymentComputeUnitList[0].instanceId: is required",
    ],
    [
      "a unit without replicas",
      { ...base, deploymentConfig: { deploymentComputeUnitList: [{ instanceId: "unit-1" }] } },
      "deploymentConfig.deploymentComputeUnitList[0].deploymentReplicasCount: is required",
    ],
    [
      "a unit list that is no list",
      { ...base, deploymentConfig: { deploymentComputeUnitList: "unit-1" } },
      "deploymentConfig.deploymentComputeUnitList: must be a list",
    ],
    [
      "a QPS of 0",
      { ...onUnits, deploymentConfig: { ...onUnits.deploymentConfig, qps: 0 } },
      "deploymentConfig.qps: must be a number above 0 and up to 50, to 0.01 (got 0)",
    ],
    [
      "a QPS of 50.5",
      { ...prepaid, resourceConfig: { ...prepaid.resourceConfig, qps: 50.5 } },
      "resourceConfig.qps: must be a number above 0 and up to 50",
    ],
    [
      "a QPS of 1.005",
      { ...prepaid, resourceConfig: { ...prepaid.resourceConfig, qps: 1.005 } },
      "resourceConfig.qps: must be a number above 0 and up to 50, to 0.01",
    ],
    [
      "an unknown region",
      { ...prepaid, resourceConfig: { ...prepaid.resourceConfig, region: "sh" } },
      'resourceConfig.region: "sh" is not a region; use one of bj, bd',
    ],
    [
      "no resource type",
      { ...prepaid, resourceConfig: { replicasCount: 1 } },
      "resourceConfig.type: is required: the compute-unit type, e.g. CPU-1-1, GPU-1-1",
    ],
    [
      "no replicas",
      { ...prepaid, resourceConfig: { type: "GPU-1-1" } },
      "resourceConfig.replicasCount: is required",
    ],
    [
      "0 replicas",
      { ...prepaid, resourceConfig: { type: "GPU-1-1", replicasCount: 0 } },
      "resourceConfig.replicasCount: must be a whole number from 1",
    ],
    [
      "no payment timing",
      { ...prepaid, billing: { reservation: { reservationLength: 1 } } },
      "billing.paymentTiming: is required; use one of Prepaid, Postpaid",
    ],
    [
      "the describe spelling of the payment timing",
      { ...prepaid, billing: { paymentTiming: "Prepay" } },
      'billing.paymentTiming: "Prepay" is not a payment timing; use one of Prepaid, Postpaid',
    ],
    [
      "prepaid without reservation",
      { ...prepaid, billing: { paymentTiming: "Prepaid" } },
      "billing.reservation: is required when Prepaid",
    ],
    [
      "a reservation of 13 months",
      { ...prepaid, billing: { paymentTiming: "Prepaid", reservation: { reservationLength: 13 } } },
      "billing.reservation.reservationLength: must be a whole number from 1 to 12 (got 13)",
    ],
    [
      "a reservation without length",
      { ...prepaid, billing: { paymentTiming: "Prepaid", reservation: {} } },
      "billing.reservation.reservationLength: is required when Prepaid: 1 to 12 (months)",
    ],
    [
      "a reservation in hours",
      {
        ...prepaid,
        billing: {
          paymentTiming: "Prepaid",
          reservation: { reservationTimeUnit: "Hour", reservationLength: 1 },
        },
      },
      'billing.reservation.reservationTimeUnit: "Hour" is not a reservation unit; use one of Month',
    ],
    [
      "auto renewal for 7",
      {
        ...prepaid,
        billing: {
          paymentTiming: "Prepaid",
          reservation: { reservationLength: 1, autoRenew: true, autoRenewTime: 7 },
        },
      },
      "billing.reservation.autoRenewTime: must be a whole number from 1 to 6 (got 7)",
    ],
    [
      "auto renewal as text",
      {
        ...prepaid,
        billing: {
          paymentTiming: "Prepaid",
          reservation: { reservationLength: 1, autoRenew: "yes" },
        },
      },
      "billing.reservation.autoRenew: must be true or false",
    ],
    [
      "a reservation with postpaid",
      {
        ...postpaid,
        billing: { ...postpaid.billing, reservation: { reservationLength: 1 } },
      },
      'billing.reservation: is only for paymentTiming "Prepaid"',
    ],
    [
      "postpaid without charge type",
      { ...postpaid, billing: { paymentTiming: "Postpaid" } },
      "billing.chargeType: is required when Postpaid; use one of ComputingUnit, Tokens",
    ],
    [
      "prepaid tokens",
      {
        ...prepaid,
        billing: { ...prepaid.billing, chargeType: "Tokens" },
      },
      'billing.chargeType: Tokens is paid as used: use paymentTiming "Postpaid"',
    ],
    [
      "a deploy timeout of 0",
      { ...prepaid, deployTimeoutSeconds: 0 },
      "deployTimeoutSeconds: must be a number from 1",
    ],
    [
      "a poll interval of 0",
      { ...prepaid, pollIntervalSeconds: 0 },
      "pollIntervalSeconds: must be a number from 1",
    ],
  ])("reports %s", (_name, news, message) => expect(reasons(news)).toContain(message));
});
