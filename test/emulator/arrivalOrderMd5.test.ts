import { createHash } from "node:crypto";
import { ArrivalOrderMd5 } from "../../emulator/azure/arrivalOrderMd5";

const md5 = (...texts: string[]) => createHash("md5").update(texts.join("")).digest("hex");
const reader = (text: string) =>
  async function* () {
    yield Buffer.from(text.slice(0, 2));
    yield Buffer.from(text.slice(2));
  };

describe("ArrivalOrderMd5", () => {
  type Scenario = (digest: ArrivalOrderMd5) => void;
  const inOrder: Scenario = (d) => {
    const [a, b] = [d.arrive(), d.arrive()];
    d.added(a, "p1", reader("first "));
    d.added(b, "p2", reader("second"));
  };
  const bodiesFinishOutOfOrder: Scenario = (d) => {
    const [a, b] = [d.arrive(), d.arrive()];
    d.added(b, "p2", reader("second"));
    d.added(a, "p1", reader("first "));
  };
  const oneFailed: Scenario = (d) => {
    const [a] = [d.arrive(), d.arrive()];
    d.added(a, "p1", reader("first "));
    d.abandoned();
  };
  const oneStillArriving: Scenario = (d) => {
    const [a] = [d.arrive(), d.arrive()];
    d.added(a, "p1", reader("first "));
  };

  it.each<[string, Scenario, string[], string | undefined]>([
    ["parts in the order they arrived", inOrder, ["p1", "p2"], md5("first ", "second")],
    [
      "bodies that finished out of order: still the order of arrival",
      bodiesFinishOutOfOrder,
      ["p1", "p2"],
      md5("first ", "second"),
    ],
    ["a list in another order", inOrder, ["p2", "p1"], undefined],
    ["a list with a part left out", inOrder, ["p1"], undefined],
    ["a part whose request failed", oneFailed, ["p1"], undefined],
    ["a part still arriving", oneStillArriving, ["p1"], undefined],
  ])("%s", async (_, scenario, partIds, expected) => {
    const digest = new ArrivalOrderMd5();
    scenario(digest);
    expect(await digest.md5Of(partIds)).toBe(expected);
  });

  describe("hashing parts as their bytes arrive", () => {
    // A streamed part must never be read back: this reader makes the answer undefined if it is.
    const neverRead = () => (): AsyncIterable<Buffer> => ({
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          throw new Error("read back a part that was hashed as it arrived");
        },
      }),
    });
    const receive = (d: ArrivalOrderMd5, sequence: number, text: string, offset = 0) =>
      d.received(sequence, offset, Buffer.from(text));

    const streamedOneAfterAnother: Scenario = (d) => {
      const a = d.arrive();
      receive(d, a, "fir");
      receive(d, a, "st ", 3);
      d.added(a, "p1", neverRead());
      const b = d.arrive();
      receive(d, b, "second");
      d.added(b, "p2", neverRead());
    };
    const secondBeganBeforeItsTurn: Scenario = (d) => {
      const [a, b] = [d.arrive(), d.arrive()];
      receive(d, a, "first ");
      receive(d, b, "sec");
      d.added(a, "p1", neverRead());
      // Its turn has come, but its first bytes were not hashed: it is read back instead.
      receive(d, b, "ond", 3);
      d.added(b, "p2", reader("second"));
    };
    const streamedPartFailed: Scenario = (d) => {
      const a = d.arrive();
      receive(d, a, "fir");
      d.abandoned();
    };
    const arrivedWhileOneWasReadBack: Scenario = (d) => {
      const a = d.arrive();
      d.added(a, "p0", reader("zeroth "));
      // p0 is still being read back: p1 cannot be hashed before it, so it is read back too.
      const b = d.arrive();
      receive(d, b, "first ");
      d.added(b, "p1", reader("first "));
    };

    it.each<[string, Scenario, string[], string | undefined]>([
      [
        "parts sent one after another: each hashed as it arrives",
        streamedOneAfterAnother,
        ["p1", "p2"],
        md5("first ", "second"),
      ],
      [
        "a part that began arriving before its turn: read back",
        secondBeganBeforeItsTurn,
        ["p1", "p2"],
        md5("first ", "second"),
      ],
      ["a streamed part whose request failed", streamedPartFailed, ["p1"], undefined],
      [
        "a part arriving while an earlier one is read back",
        arrivedWhileOneWasReadBack,
        ["p0", "p1"],
        md5("zeroth ", "first "),
      ],
      ["streamed parts listed in another order", streamedOneAfterAnother, ["p2", "p1"], undefined],
    ])("%s", async (_, scenario, partIds, expected) => {
      const digest = new ArrivalOrderMd5();
      scenario(digest);
      expect(await digest.md5Of(partIds)).toBe(expected);
    });
  });

  it("gives up, without an unhandled error, when a part cannot be read", async () => {
    const digest = new ArrivalOrderMd5();
    const [a, b] = [digest.arrive(), digest.arrive()];
    digest.added(a, "p1", async function* () {
      yield Buffer.from("x");
      throw Object.assign(new Error("ENOENT: gone"), { code: "ENOENT" });
    });
    digest.added(b, "p2", reader("second"));
    expect(await digest.md5Of(["p1", "p2"])).toBeUndefined();
  });

  it("answers again after a first answer (a complete refused for its md5 can be sent again)", async () => {
    const digest = new ArrivalOrderMd5();
    inOrder(digest);
    expect(await digest.md5Of(["p1", "p2"])).toBe(md5("first ", "second"));
    expect(await digest.md5Of(["p1", "p2"])).toBe(md5("first ", "second"));
  });
});
