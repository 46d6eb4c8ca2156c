import { deploymentSku } from "../../policy/policies";
import { happyDeployment } from "./fixtures";
import { schemaDefaults, violations, withPath } from "./helpers";

const SKUS = "Standard, GlobalStandard, DeveloperTier";

describe("finetune-deployment-sku", () => {
  it("has the documented defaults in its config schema", () => {
    expect(schemaDefaults(deploymentSku)).toEqual({
      allowedSkus: ["Standard", "GlobalStandard", "DeveloperTier"],
      maxCapacity: 50,
    });
  });

  it.each([
    ["a fine-tuned deployment on Standard", happyDeployment(), {}],
    [
      "GlobalStandard at the capacity limit",
      withPath(
        withPath(happyDeployment(), "props.sku.name", "GlobalStandard"),
        "props.sku.capacity",
        50,
      ),
      {},
    ],
    ["DeveloperTier", withPath(happyDeployment(), "props.sku.name", "DeveloperTier"), {}],
    [
      "a base-model deployment on any SKU",
      withPath(withPath(happyDeployment(), "props.properties.model.name", "gpt-4o"), "props.sku", {
        name: "ProvisionedManaged",
        capacity: 500,
      }),
      {},
    ],
    [
      "a SKU added in the policy config",
      withPath(happyDeployment(), "props.sku.name", "ProvisionedManaged"),
      { allowedSkus: ["ProvisionedManaged"] },
    ],
    [
      "a capacity within a raised maxCapacity",
      withPath(happyDeployment(), "props.sku.capacity", 100),
      { maxCapacity: 100 },
    ],
  ])("passes %s", async (_, spec, config) => {
    expect(await violations(deploymentSku, spec, config)).toEqual([]);
  });

  it.each([
    [
      "a SKU outside allowedSkus",
      withPath(happyDeployment(), "props.sku.name", "ProvisionedManaged"),
      [
        `sku.name is "ProvisionedManaged"; use one of ${SKUS}, or add it to allowedSkus in the policy config.`,
      ],
    ],
    [
      "a capacity over maxCapacity",
      withPath(happyDeployment(), "props.sku.capacity", 51),
      ["sku.capacity is 51; lower it to 50 or raise maxCapacity in the policy config."],
    ],
    [
      "both at once",
      withPath(happyDeployment(), "props.sku", { name: "GlobalProvisionedManaged", capacity: 200 }),
      [
        `sku.name is "GlobalProvisionedManaged"; use one of ${SKUS}, or add it to allowedSkus in the policy config.`,
        "sku.capacity is 200; lower it to 50 or raise maxCapacity in the policy config.",
      ],
    ],
  ])("reports %s", async (_, spec, want) => {
    expect(await violations(deploymentSku, spec)).toEqual(want);
  });
});
