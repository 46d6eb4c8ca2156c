import { qianfanServiceResources } from "../../policy/policies";
import {
  DEFAULT_ALLOWED_RESOURCE_TYPES,
  resourceTypeKey,
} from "../../policy/rules/qianfanServiceResources";
import { DOCUMENTED_RESOURCE_TYPES } from "../../provider/qianfan/valueLists";
import { happyQianfanService, happyQianfanTask } from "./fixtures";
import { atPreview, schemaDefaults, violations, withPath } from "./helpers";

const TYPES = DEFAULT_ALLOWED_RESOURCE_TYPES.join(", ");
const typeMessage = (what: string) =>
  `resourceConfig.type ${what}, which is not an allowed compute-unit type; use one of ${TYPES}, or add it to ` +
  "allowedResourceTypes in the policy config.";
const onUnits = (units: unknown[], extra: Record<string, unknown> = {}) => {
  const spec = withPath(
    withPath(happyQianfanService(), "props.resourceConfig", undefined),
    "props.billing",
    undefined,
  );
  return withPath(spec, "props.deploymentConfig", { deploymentComputeUnitList: units, ...extra });
};
const unit = (deploymentReplicasCount: unknown) => ({
  instanceId: "unit-a1",
  deploymentReplicasCount,
});

describe("finetune-qianfan-service-resources", () => {
  it("defaults to the types the provider documents and at most 4 replicas", () => {
    expect(schemaDefaults(qianfanServiceResources)).toEqual({
      allowedResourceTypes: [...DOCUMENTED_RESOURCE_TYPES],
      maxReplicas: 4,
    });
  });

  it.each([
    ["GPU-1-2", "GPU-1-2"],
    ["gpu-1-2", "GPU-1-2"],
    [" GPU-1-2 ", "GPU-1-2"],
    ["GPU-I-2", "GPU-1-2"],
    ["GPU-V-1", "GPU-5-1"],
    ["GPU-VI-2", "GPU-6-2"],
    ["GPU-VII-1", "GPU-7-1"],
    ["CPU-I-1", "CPU-1-1"],
    ["GPU-IIII-1", "GPU-IIII-1"],
    ["A100", "A100"],
  ])("reads %j as %s", (spelling, key) => {
    expect(resourceTypeKey(spelling)).toBe(key);
  });

  it.each([
    ["one GPU-1-1 replica", happyQianfanService(), {}],
    [
      "DescribeService's spelling GPU-I-2",
      withPath(happyQianfanService(), "props.resourceConfig.type", "GPU-I-2"),
      {},
    ],
    [
      "lower-case gpu-7-2",
      withPath(happyQianfanService(), "props.resourceConfig.type", "gpu-7-2"),
      {},
    ],
    ["4 replicas", withPath(happyQianfanService(), "props.resourceConfig.replicasCount", 4), {}],
    [
      "Tokens billing without resourceConfig",
      withPath(
        withPath(happyQianfanService(), "props.resourceConfig", undefined),
        "props.billing.chargeType",
        "Tokens",
      ),
      {},
    ],
    [
      "units bought before, 4 replicas in all",
      onUnits([unit(1), unit(3)], { replicasCount: 4 }),
      {},
    ],
    ["an unknown resourceConfig", atPreview(happyQianfanService(), "resourceConfig"), {}],
    [
      "an unknown type and replica count",
      atPreview(happyQianfanService(), "resourceConfig.type", "resourceConfig.replicasCount"),
      {},
    ],
    [
      "an unknown unit list",
      atPreview(onUnits([unit(9)]), "deploymentConfig.deploymentComputeUnitList"),
      {},
    ],
    [
      "a type added in the policy config",
      withPath(happyQianfanService(), "props.resourceConfig.type", "GPU-9-1"),
      { allowedResourceTypes: ["GPU-9-1"] },
    ],
    [
      "a type added in the config in the other spelling",
      withPath(happyQianfanService(), "props.resourceConfig.type", "CPU-1-2"),
      { allowedResourceTypes: ["CPU-I-2"] },
    ],
    [
      "10 replicas within a raised maxReplicas",
      withPath(happyQianfanService(), "props.resourceConfig.replicasCount", 10),
      { maxReplicas: 10 },
    ],
    [
      "another resource",
      withPath(happyQianfanTask(), "props.resourceConfig", { type: "X", replicasCount: 99 }),
      {},
    ],
  ])("passes %s", async (_, spec, config) => {
    expect(await violations(qianfanServiceResources, spec, config)).toEqual([]);
  });

  it.each([
    [
      "a type outside the list",
      withPath(happyQianfanService(), "props.resourceConfig.type", "GPU-9-1"),
      {},
      [typeMessage('is "GPU-9-1"')],
    ],
    [
      "a type refused by the config",
      withPath(happyQianfanService(), "props.resourceConfig.type", "GPU-I-8"),
      { allowedResourceTypes: ["GPU-1-1", "GPU-1-2"] },
      [
        'resourceConfig.type is "GPU-I-8", which is not an allowed compute-unit type; use one of GPU-1-1, GPU-1-2, ' +
          "or add it to allowedResourceTypes in the policy config.",
      ],
    ],
    [
      "a type that could be a secret, without quoting it",
      withPath(
        happyQianfanService(),
        "props.resourceConfig.type",
        "0123456789abcdef0123456789abcdef",
      ),
      {},
      [typeMessage("(the value is not shown)")],
    ],
    [
      "any type when allowedResourceTypes is empty",
      happyQianfanService(),
      { allowedResourceTypes: [] },
      [
        'resourceConfig.type is "GPU-1-1", which is not an allowed compute-unit type; allowedResourceTypes in the ' +
          "policy config is empty; add the type to it.",
      ],
    ],
    [
      "too many new replicas",
      withPath(happyQianfanService(), "props.resourceConfig.replicasCount", 5),
      {},
      [
        "resourceConfig.replicasCount is 5; lower it to 4 or raise maxReplicas in the policy config.",
      ],
    ],
    [
      "replicas over a lowered maxReplicas",
      withPath(happyQianfanService(), "props.resourceConfig.replicasCount", 2),
      { maxReplicas: 1 },
      [
        "resourceConfig.replicasCount is 2; lower it to 1 or raise maxReplicas in the policy config.",
      ],
    ],
    [
      "too many replicas on units bought before",
      onUnits([unit(2), unit(3)]),
      {},
      [
        "deploymentConfig.deploymentComputeUnitList[].deploymentReplicasCount adds up to 5 replicas; lower them " +
          "to 4 in all or raise maxReplicas in the policy config.",
      ],
    ],
    [
      "too many replicas on the known units while another is unknown",
      atPreview(onUnits([unit(5), unit(1)]), "deploymentConfig.deploymentComputeUnitList.1"),
      {},
      [
        "deploymentConfig.deploymentComputeUnitList[].deploymentReplicasCount adds up to 5 replicas; lower them " +
          "to 4 in all or raise maxReplicas in the policy config.",
      ],
    ],
    [
      "deploymentConfig.replicasCount over the limit",
      onUnits([unit(1)], { replicasCount: 6 }),
      {},
      [
        "deploymentConfig.replicasCount is 6; lower it to 4 or raise maxReplicas in the policy config.",
      ],
    ],
    [
      "a bad type and too many replicas at once",
      withPath(happyQianfanService(), "props.resourceConfig", {
        type: "GPU-2-1",
        replicasCount: 8,
      }),
      {},
      [
        typeMessage('is "GPU-2-1"'),
        "resourceConfig.replicasCount is 8; lower it to 4 or raise maxReplicas in the policy config.",
      ],
    ],
  ])("reports %s", async (_, spec, config, want) => {
    expect(await violations(qianfanServiceResources, spec, config)).toEqual(want);
  });
});
