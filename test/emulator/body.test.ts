import { parseJson } from "../../emulator/body";
import { HttpError } from "../../emulator";

describe("parseJson", () => {
  it("parses JSON", () => {
    expect(parseJson(Buffer.from('{"a":1}'))).toEqual({ a: 1 });
  });

  it.each([["{oops"], [""], ['{"secret-ish": ']])("answers 400 without quoting %j", (text) => {
    const error = (() => {
      try {
        parseJson(Buffer.from(text));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 400, message: "The request body is not valid JSON." });
  });
});
