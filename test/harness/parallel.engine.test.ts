/**
 * Resource operations through the whole chain (program runner, engine harness, the SDK's provider host over gRPC,
 * the provider's transport, the emulator) run as many at once as the engine's `parallel` allows: unbounded by
 * default, as `pulumi up`'s, so independent creates overlap at the service; one at a time with 1.
 */
import * as path from "node:path";
import { EmulatorStack, emptyState, startEmulatorStack } from "../../harness";

const PAIRS = 4;
let stack: EmulatorStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** The most requests the emulator had begun and not yet answered, during `run`. */
async function peakAtService(running: EmulatorStack, run: () => Promise<unknown>) {
  const answered = () => running.emulator.requests.length;
  const answeredBefore = answered();
  let begun = 0;
  let peak = 0;
  running.emulator.faults.interceptor = (_route, point) => {
    if (point === "before") peak = Math.max(peak, ++begun - (answered() - answeredBefore));
    return undefined;
  };
  await run();
  return peak;
}

describe("the engine harness's parallel, end to end", () => {
  it.each([
    // Each file's create lists the files first: the 4 look-ups are at the service together.
    ["unbounded (the default)", undefined, PAIRS],
    ["2", 2, 2],
    ["1", 1, 1],
  ])(
    "with parallel %s, %d requests at most reach the service at once",
    async (_, parallel, want) => {
      stack = await startEmulatorStack({
        programDir: path.join(__dirname, "..", "fixtures", "programs", "largeStack"),
        project: "test",
        emulator: { processingMs: 0, routeLatencyMs: { "*": 100 }, maxActiveJobs: PAIRS + 1 },
        parallel,
      });
      const running = stack;
      const peak = await peakAtService(running, async () => {
        const up = await running.engine.up(emptyState(), { PAIRS: String(PAIRS) });
        expect(up.errors).toEqual([]);
        expect(up.state.resources).toHaveLength(PAIRS * 2);
      });
      expect(peak).toBe(want);
    },
  );
});
