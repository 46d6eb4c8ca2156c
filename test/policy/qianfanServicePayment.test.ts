import { qianfanServicePayment } from "../../policy/policies";
import { isProductionStack } from "../../policy/rules/qianfanServicePayment";
import { stackOfUrn } from "../../policy/util";
import { happyQianfanService, happyQianfanTask } from "./fixtures";
import {
  atPreview,
  schemaDefaults,
  urnOf,
  violations,
  withPath,
  type ResourceSpec,
} from "./helpers";

const PREPAID = { paymentTiming: "Prepaid", reservation: { reservationLength: 1 } };
const prepaidIn = (stack: string): ResourceSpec => ({
  ...withPath(happyQianfanService(), "props.billing", PREPAID),
  stack,
});
const refused = (
  stack: string,
  listed = "which is not one of productionStacks (prod, production)",
) =>
  `billing.paymentTiming is "Prepaid" (a reservation paid up front) in stack "${stack}", ${listed}; use ` +
  '{ paymentTiming: "Postpaid", chargeType: "ComputingUnit" } outside production, or add the stack to ' +
  "productionStacks in the policy config.";

describe("finetune-qianfan-service-payment", () => {
  it("counts prod and production as production stacks by default", () => {
    expect(schemaDefaults(qianfanServicePayment)).toEqual({
      productionStacks: ["prod", "production"],
    });
  });

  it.each([
    [urnOf("t", "n", "prod"), "prod"],
    ["urn:pulumi:my-stack.v2::proj::pulumi-nodejs:dynamic/qianfan:Service::svc", "my-stack.v2"],
    ["urn:pulumi:dev::proj::a$b::svc", "dev"],
    ["not-a-urn", undefined],
  ])("reads the stack of %s as %s", (urn, stack) => {
    expect(stackOfUrn(urn)).toBe(stack);
  });

  it.each([
    ["prod", ["prod"], true],
    ["Prod", ["prod"], true],
    ["prod", ["acme/faq/prod"], true],
    ["production", ["prod", "production"], true],
    ["prod-eu", ["prod"], false],
    ["dev", ["prod", "production"], false],
    ["", ["prod"], false],
    ["prod", [], false],
  ])("stack %j in %j is production: %s", (stack, list, want) => {
    expect(isProductionStack(stack, list)).toBe(want);
  });

  it.each([
    ["a postpaid service in dev", happyQianfanService(), {}],
    [
      "a Tokens service in dev",
      withPath(happyQianfanService(), "props.billing.chargeType", "Tokens"),
      {},
    ],
    [
      "a service on units bought before",
      withPath(happyQianfanService(), "props.billing", undefined),
      {},
    ],
    ["a prepaid service in prod", prepaidIn("prod"), {}],
    ["a prepaid service in production", prepaidIn("production"), {}],
    [
      "a prepaid service in a stack the config lists",
      prepaidIn("live"),
      { productionStacks: ["live"] },
    ],
    ["a payment timing not known yet", atPreview(prepaidIn("dev"), "billing.paymentTiming"), {}],
    ["a billing not known yet", atPreview(prepaidIn("dev"), "billing"), {}],
    [
      "a spelling the provider refuses",
      withPath(prepaidIn("dev"), "props.billing.paymentTiming", "prepaid"),
      {},
    ],
    [
      "another resource",
      { ...withPath(happyQianfanTask(), "props.billing", PREPAID), stack: "dev" },
      {},
    ],
  ])("passes %s", async (_, spec, config) => {
    expect(await violations(qianfanServicePayment, spec, config)).toEqual([]);
  });

  it.each([
    ["a prepaid service in dev", prepaidIn("dev"), {}, refused("dev")],
    ["a prepaid service in prod-eu", prepaidIn("prod-eu"), {}, refused("prod-eu")],
    [
      "a prepaid service in prod when the config lists other stacks",
      prepaidIn("prod"),
      { productionStacks: ["live"] },
      refused("prod", "which is not one of productionStacks (live)"),
    ],
    [
      "a prepaid service anywhere when productionStacks is empty",
      prepaidIn("prod"),
      { productionStacks: [] },
      refused("prod", "and productionStacks is empty"),
    ],
  ])("reports %s", async (_, spec, config, want) => {
    expect(await violations(qianfanServicePayment, spec, config)).toEqual([want]);
  });
});
