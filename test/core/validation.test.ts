import { CredentialsError, InputError } from "../../provider/core/errors";
import { UNKNOWN } from "../../provider/core/unknown";
import {
  checkBoolean,
  checkNumber,
  describeRange,
  failureCollector,
  givenOnly,
  inRange,
  isKnown,
  NumberRange,
  settingFailure,
  shown,
} from "../../provider/core/validation";

describe("number ranges", () => {
  it.each<[NumberRange, string]>([
    [{ min: 1, max: 50, integer: true }, "a whole number from 1 to 50"],
    [{ min: 0, max: 10, exclusiveMin: true }, "a number above 0 and up to 10"],
    [{ min: 0, max: 1, exclusiveMin: true, exclusiveMax: true }, "a number above 0 and below 1"],
    [{ min: 0, max: 1, exclusiveMax: true }, "a number from 0 and below 1"],
  ])("%j is described as %s", (range, text) => expect(describeRange(range)).toBe(text));

  it.each<[unknown, NumberRange, boolean]>([
    [1, { min: 1, max: 2 }, true],
    [2, { min: 1, max: 2 }, true],
    [0.5, { min: 1, max: 2 }, false],
    [1.5, { min: 1, max: 2, integer: true }, false],
    [0, { min: 0, max: 1, exclusiveMin: true }, false],
    [1, { min: 0, max: 1, exclusiveMax: true }, false],
    [Number.NaN, { min: 0, max: 1 }, false],
    [Infinity, { min: 0, max: Infinity }, false],
    ["1", { min: 0, max: 2 }, false],
  ])("inRange(%j, %j) is %s", (value, range, want) => expect(inRange(value, range)).toBe(want));
});

describe("checks", () => {
  it.each<[string, unknown, string[]]>([
    ["in range", 3, []],
    ["out of range", 0, ["n: must be a whole number from 1 to 5 (got 0)."]],
    ["a string", "3", ['n: must be a whole number from 1 to 5 (got "3").']],
    ["not given", undefined, []],
    ["null counts as not given", null, []],
    ["not known yet (preview)", UNKNOWN, []],
  ])("checkNumber: %s", (_name, value, reasons) => {
    const { failures, fail } = failureCollector();
    checkNumber(value, "n", { min: 1, max: 5, integer: true }, fail);
    expect(failures.map((f) => f.reason)).toEqual(reasons);
    expect(failures.every((f) => f.property === "n")).toBe(true);
  });

  it.each<[unknown, number]>([
    [true, 0],
    [false, 0],
    ["true", 1],
    [UNKNOWN, 0],
    [undefined, 0],
  ])("checkBoolean(%j): %i failures", (value, count) => {
    const { failures, fail } = failureCollector();
    checkBoolean(value, "flag", fail);
    expect(failures).toHaveLength(count);
  });

  it("isKnown and givenOnly treat undefined, null and the unknown sentinel alike", () => {
    expect([0, "", false, [], {}].every(isKnown)).toBe(true);
    expect([undefined, null, UNKNOWN].some(isKnown)).toBe(false);
    expect(givenOnly({ a: 1, b: undefined, c: null, d: false })).toEqual({ a: 1, d: false });
  });

  it.each<[unknown, string]>([
    ["text", '"text"'],
    [{ a: 1 }, '{"a":1}'],
    [[1, 2], "[1,2]"],
    [undefined, "undefined"],
    [7, "7"],
  ])("shown(%j) is %s, never [object Object]", (value, text) => expect(shown(value)).toBe(text));
});

describe("settingFailure", () => {
  it("names the field of an InputError, the setting a CredentialsError names, else the one given", () => {
    expect(settingFailure(new InputError("azure-openai:sweepTag", "bad"), "x")).toEqual({
      property: "azure-openai:sweepTag",
      reason: "azure-openai:sweepTag: bad",
    });
    expect(
      settingFailure(
        new CredentialsError("no secret key", "qianfan:secretKey"),
        "qianfan:accessKey",
      ),
    ).toMatchObject({
      property: "qianfan:secretKey",
    });
    expect(
      settingFailure(new CredentialsError("no endpoint"), "azure-openai:endpoint"),
    ).toMatchObject({
      property: "azure-openai:endpoint",
    });
  });

  it("rethrows anything else", () => {
    expect(() => settingFailure(new RangeError("bug"), "x")).toThrow(RangeError);
  });
});
