/**
 * Preview time per resource, and the HTTP requests it makes, which must be none. Each fixture program is previewed
 * through the engine harness against a fresh emulator, several times on one provider host (the median is kept; the
 * first run also loads the implementation in the host):
 *   fresh — from an empty state, so every resource goes through Check;
 *   after up — once the program has been created, from that state, so every resource goes through Check and Diff
 *     (requests counted from the end of the up).
 * Baseline: the same for a program that declares no resources, so that the fixed costs (the program's process, the
 * SDK, the package) show.
 */
import { emptyState, StackState } from "../harness";
import { EMPTY_PROGRAM, FixtureProgram } from "./fixturePrograms";
import { FixtureStack, startFixtureStack } from "./fixtureStack";
import { median, timed } from "./timing";

export interface PreviewRuns {
  runsMs: number[];
  medianMs: number;
  /** HTTP requests the emulator answered during all the runs. */
  requests: number;
}

export interface PreviewFigures extends PreviewRuns {
  /** medianMs / resources. */
  msPerResource: number;
  /** (medianMs − the baseline's) / resources: what each resource adds to a preview. */
  addedMsPerResource: number;
  /** medianMs / the baseline's medianMs. */
  ratioToBaseline: number;
  met: boolean;
}

export interface ProgramPreview {
  program: string;
  resources: number;
  fresh: PreviewFigures;
  afterUp: PreviewFigures;
}

export interface PreviewBenchResult {
  runs: number;
  baseline: PreviewRuns & { program: string };
  programs: ProgramPreview[];
  targetRequests: number;
  met: boolean;
}

export async function benchPreview(
  programs: readonly FixtureProgram[],
  runs = 5,
): Promise<PreviewBenchResult> {
  const baseline = await withStack(EMPTY_PROGRAM, async (stack, env) =>
    previewRuns(stack, EMPTY_PROGRAM, env, emptyState(), runs),
  );
  const figures = (measured: PreviewRuns, resources: number): PreviewFigures => ({
    ...measured,
    msPerResource: measured.medianMs / resources,
    addedMsPerResource: (measured.medianMs - baseline.medianMs) / resources,
    ratioToBaseline: measured.medianMs / baseline.medianMs,
    met: measured.requests === 0,
  });
  const results: ProgramPreview[] = [];
  for (const fixture of programs) {
    const { fresh, afterUp } = await withStack(fixture, async (stack, env) => {
      const fresh = await previewRuns(stack, fixture, env, emptyState(), runs);
      const up = await stack.engine.up(emptyState(), env);
      if (up.errors.length > 0)
        throw new Error(`up of ${fixture.program} failed: ${up.errors.join("; ")}`);
      return { fresh, afterUp: await previewRuns(stack, fixture, env, up.state, runs) };
    });
    const resources = fixture.kinds.length;
    results.push({
      program: fixture.program,
      resources,
      fresh: figures(fresh, resources),
      afterUp: figures(afterUp, resources),
    });
  }
  return {
    runs,
    baseline: { program: `${EMPTY_PROGRAM.program} (no resources)`, ...baseline },
    programs: results,
    targetRequests: 0,
    met: baseline.requests === 0 && results.every((r) => r.fresh.met && r.afterUp.met),
  };
}

async function withStack<T>(
  fixture: FixtureProgram,
  use: (stack: FixtureStack, env: Record<string, string>) => Promise<T>,
): Promise<T> {
  const stack = await startFixtureStack(fixture.program, fixture.emulator);
  try {
    return await use(stack, await fixture.env(stack.emulator));
  } finally {
    await stack.close();
  }
}

async function previewRuns(
  stack: FixtureStack,
  fixture: FixtureProgram,
  env: Record<string, string>,
  state: StackState,
  runs: number,
): Promise<PreviewRuns> {
  const before = stack.emulator.requests.length;
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { seconds, value } = await timed(() => stack.engine.preview(state, env));
    if (value.errors.length > 0)
      throw new Error(`preview of ${fixture.program} failed: ${value.errors.join("; ")}`);
    const dynamic = value.steps.filter((s) => s.type.startsWith("pulumi-nodejs:dynamic")).length;
    if (dynamic !== fixture.kinds.length) {
      throw new Error(
        `preview of ${fixture.program} went through ${dynamic} resources, expected ${fixture.kinds.length}`,
      );
    }
    runsMs.push(seconds * 1000);
  }
  return { runsMs, medianMs: median(runsMs), requests: stack.emulator.requests.length - before };
}
