import { diffProps } from "../../provider/core/diff";
import { containsUnknown, isUnknown, UNKNOWN } from "../../provider/core/unknown";

const REPLACE = ["model", "trainingFile", "hyperparameters"] as const;
const UPDATE = ["waitForCompletion", "timeoutMinutes"] as const;
const DEFAULTS = { waitForCompletion: true, hyperparameters: { nEpochs: "auto" } };

const OLD = {
  model: "gpt-4o-mini",
  trainingFile: "file-1",
  hyperparameters: { nEpochs: 3 },
  waitForCompletion: true,
  timeoutMinutes: 60,
};

describe("diffProps", () => {
  it.each<[string, Record<string, unknown>, string[], boolean]>([
    ["nothing changed", {}, [], false],
    ["a replace key changed", { model: "gpt-4.1-mini" }, ["model"], true],
    [
      "two replace keys changed",
      { model: "m2", trainingFile: "file-2" },
      ["model", "trainingFile"],
      true,
    ],
    ["a nested value changed", { hyperparameters: { nEpochs: 4 } }, ["hyperparameters"], true],
    ["an update key changed: update, not replace", { timeoutMinutes: 90 }, [], true],
    ["an unknown replace key", { trainingFile: UNKNOWN }, ["trainingFile"], true],
    [
      "an unknown nested value",
      { hyperparameters: { nEpochs: UNKNOWN } },
      ["hyperparameters"],
      true,
    ],
    ["an unknown update key", { timeoutMinutes: UNKNOWN }, [], true],
    ["a key in neither list", { description: "new" }, [], false],
    [
      "an update key dropped, but equal to its default",
      { waitForCompletion: undefined },
      [],
      false,
    ],
  ])("%s", (_name, change, replaces, changes) => {
    expect(diffProps(OLD, { ...OLD, ...change }, REPLACE, UPDATE, DEFAULTS)).toEqual({
      changes,
      replaces,
      deleteBeforeReplace: false,
    });
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>, string[], boolean]>([
    ["absent on both sides", {}, {}, [], false],
    [
      "absent vs its default",
      {},
      { hyperparameters: { nEpochs: "auto" }, waitForCompletion: true },
      [],
      false,
    ],
    ["null vs its default", { waitForCompletion: null }, { waitForCompletion: true }, [], false],
    ["absent vs a non-default", {}, { hyperparameters: { nEpochs: 2 } }, ["hyperparameters"], true],
    ["default vs an explicit false", {}, { waitForCompletion: false }, [], true],
  ])("defaults: %s", (_name, olds, news, replaces, changes) => {
    expect(diffProps(olds, news, REPLACE, UPDATE, DEFAULTS)).toMatchObject({ changes, replaces });
  });

  it("an unknown value is a change even when it equals the old value", () => {
    expect(diffProps({ model: UNKNOWN }, { model: UNKNOWN }, REPLACE, UPDATE)).toMatchObject({
      changes: true,
      replaces: ["model"],
    });
  });

  it("without defaults, absent and present differ", () => {
    expect(diffProps({}, { waitForCompletion: true }, REPLACE, UPDATE)).toMatchObject({
      changes: true,
      replaces: [],
    });
  });
});

describe("unknown", () => {
  it.each<[unknown, boolean, boolean]>([
    [UNKNOWN, true, true],
    ["04da6b54", false, false],
    [{ a: [1, { b: UNKNOWN }] }, false, true],
    [[UNKNOWN], false, true],
    [{ a: null, b: 1 }, false, false],
    [undefined, false, false],
  ])("%j: isUnknown %s, containsUnknown %s", (value, unknown, contains) => {
    expect(isUnknown(value)).toBe(unknown);
    expect(containsUnknown(value)).toBe(contains);
  });
});
