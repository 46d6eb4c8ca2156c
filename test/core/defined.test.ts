import { definedOnly } from "../../provider/core/defined";

describe("definedOnly", () => {
  it.each([
    [{ a: 1, b: undefined }, { a: 1 }],
    [
      { a: null, b: 0, c: "", d: false },
      { a: null, b: 0, c: "", d: false },
    ],
    [{ a: undefined }, {}],
  ])("keeps of %j the defined values: %j", (record, want) => {
    expect(definedOnly(record)).toStrictEqual(want);
  });

  it("spread over older values, keeps those it lacks", () => {
    const state = { id: "x", status: "Ready", url: "https://old" };
    expect({ ...state, ...definedOnly({ status: "Serving", url: undefined }) }).toEqual({
      id: "x",
      status: "Serving",
      url: "https://old",
    });
  });
});
