import { allowedBaseModels } from "../../policy/policies";
import {
  DEFAULT_ALLOWED_MODELS,
  DEFAULT_ALLOWED_QIANFAN_MODELS,
} from "../../policy/rules/allowedBaseModels";
import { happyJob, happyQianfanJob, happyTrainingFile } from "./fixtures";
import { schemaDefaults, violations, withPath } from "./helpers";

const AZURE = DEFAULT_ALLOWED_MODELS.join(", ");
const QIANFAN = DEFAULT_ALLOWED_QIANFAN_MODELS.join(", ");

describe("finetune-allowed-base-models", () => {
  it("has the documented defaults in its config schema", () => {
    expect(schemaDefaults(allowedBaseModels)).toEqual({
      allowedModels: [
        "gpt-4o-mini-2024-07-18",
        "gpt-4o-2024-08-06",
        "gpt-4.1-2025-04-14",
        "gpt-4.1-mini-2025-04-14",
        "gpt-35-turbo-0125",
      ],
      allowedQianfanModels: ["ERNIE-Speed-8K", "ERNIE-Lite-8K", "ERNIE-4.0-8K"],
    });
  });

  it.each([
    ["an Azure job", happyJob()],
    ["a Qianfan job", happyQianfanJob()],
    ["another resource", withPath(happyTrainingFile(), "props.model", "anything")],
  ])("passes %s on an allowed model", async (_, spec) => {
    expect(await violations(allowedBaseModels, spec)).toEqual([]);
  });

  it.each([
    [
      "an Azure model outside allowedModels",
      withPath(happyJob(), "props.model", "babbage-002"),
      `model is "babbage-002"; use one of ${AZURE}, or add it to allowedModels in the policy config.`,
    ],
    [
      "a Qianfan model outside allowedQianfanModels",
      withPath(happyQianfanJob(), "props.model", "ERNIE-3.5-8K"),
      `model is "ERNIE-3.5-8K"; use one of ${QIANFAN}, or add it to allowedQianfanModels in the policy config.`,
    ],
    [
      "a Qianfan model given to the Azure list",
      withPath(happyJob(), "props.model", "ERNIE-Speed-8K"),
      `model is "ERNIE-Speed-8K"; use one of ${AZURE}, or add it to allowedModels in the policy config.`,
    ],
  ])("reports %s", async (_, spec, want) => {
    expect(await violations(allowedBaseModels, spec)).toEqual([want]);
  });

  it("follows allowedModels from the policy config", async () => {
    const spec = withPath(happyJob(), "props.model", "babbage-002");
    expect(await violations(allowedBaseModels, spec, { allowedModels: ["babbage-002"] })).toEqual(
      [],
    );
    expect(
      await violations(allowedBaseModels, happyJob(), { allowedModels: ["babbage-002"] }),
    ).toEqual([
      'model is "gpt-4o-mini-2024-07-18"; use one of babbage-002, or add it to allowedModels in the policy config.',
    ]);
  });

  it("skips a job whose model is not known yet", async () => {
    expect(
      await violations(allowedBaseModels, withPath(happyJob(), "props.model", undefined)),
    ).toEqual([]);
  });
});
