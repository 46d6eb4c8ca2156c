import { stepStatusAt } from "../../emulator/qianfan/timedStep";

const STEP = { during: "Importing", done: "ImportFinished", failed: "ImportFailed" } as const;

describe("stepStatusAt", () => {
  it.each([
    [999, false, "Importing"],
    [999, true, "Importing"],
    [1000, false, "ImportFinished"],
    [1000, true, "ImportFailed"],
    [5000, true, "ImportFailed"],
  ])(
    "at %i ms (scripted to fail: %s) is %s, for a step ending at 1000 ms",
    (nowMs, failed, want) => {
      expect(stepStatusAt(1000, failed, nowMs, STEP)).toBe(want);
    },
  );
});
