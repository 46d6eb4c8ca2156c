/**
 * The identity each resource hands its provider (core/identity.ts), through the SDK's own host: stable across runs,
 * different between resources and stacks, and never a change, neither for stacks from before it existed nor when
 * it differs.
 */
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import {
  emptyState,
  emulatorConfig,
  Engine,
  ISOLATED_HOST_ENV,
  ProviderHost,
  type StackState,
} from "../../harness";
import { PROGRAMS } from "../helpers/stack";

const PROGRAM = path.join(PROGRAMS, "chained");
let emulator: Emulator;
const hosts: ProviderHost[] = [];

async function engineFor(stack: string): Promise<Engine> {
  const host = await ProviderHost.start({
    cwd: PROGRAM,
    project: "test",
    stack,
    config: emulatorConfig(emulator),
    env: ISOLATED_HOST_ENV,
  });
  hosts.push(host);
  return new Engine({ programDir: PROGRAM, project: "test", stack, host });
}

const identities = (state: StackState) =>
  Object.fromEntries(state.resources.map((r) => [r.name, r.outputs.__identity]));

function withIdentity(
  state: StackState,
  identity: (name: string) => string | undefined,
): StackState {
  const rewrite = (props: Record<string, unknown>, name: string) => {
    const { __identity: _, ...rest } = props;
    const value = identity(name);
    return value === undefined ? rest : { ...rest, __identity: value };
  };
  return {
    resources: state.resources.map((r) => ({
      ...r,
      inputs: rewrite(r.inputs, r.name),
      outputs: rewrite(r.outputs, r.name),
    })),
  };
}

beforeAll(async () => {
  emulator = await startEmulator({ processingMs: 50 });
});

afterAll(async () => {
  for (const host of hosts) await host.stop();
  await emulator.close();
});

describe("resource identity through the engine protocol", () => {
  let dev: Engine;
  let state: StackState;

  beforeAll(async () => {
    dev = await engineFor("dev");
    const up = await dev.up(emptyState());
    expect(up.errors).toEqual([]);
    state = up.state;
  });

  it("gives each resource its own identity, with the stack's part in common, kept in the state", () => {
    const { first, second } = identities(state);
    expect(first).toMatch(/^[0-9a-f]{8}_[0-9a-f]{12}$/);
    expect(second).toMatch(/^[0-9a-f]{8}_[0-9a-f]{12}$/);
    expect(first).not.toBe(second);
    expect(String(first).slice(0, 8)).toBe(String(second).slice(0, 8));
    // The remote name carries the marker that starts with the identity.
    const fileNames = emulator.store.listFiles().map((f) => f.filename);
    expect(fileNames).toEqual(
      expect.arrayContaining([expect.stringContaining(`pulumi-finetune.${String(first)}_`)]),
    );
  });

  it("is the same on the next run: nothing changes", async () => {
    const again = await dev.up(state);
    expect(again.errors).toEqual([]);
    expect(again.steps.map((s) => s.op)).toEqual(["same", "same"]);
    expect(identities(again.state)).toEqual(identities(state));
  });

  it("never shows as a change: not for a state from before it existed, not when it differs", async () => {
    const before = emulator.requests.length;
    for (const old of [
      withIdentity(state, () => undefined),
      withIdentity(state, () => "00000000_000000000000"),
    ]) {
      const up = await dev.up(old);
      expect(up.errors).toEqual([]);
      expect(up.steps.map((s) => s.op)).toEqual(["same", "same"]);
    }
    expect(emulator.requests.length).toBe(before);
  });

  it("differs in another stack of the same project", async () => {
    const prod = await engineFor("prod");
    const up = await prod.up(emptyState());
    expect(up.errors).toEqual([]);
    const mine = identities(state);
    const theirs = identities(up.state);
    expect(theirs.first).not.toBe(mine.first);
    expect(String(theirs.first).slice(0, 8)).not.toBe(String(mine.first).slice(0, 8));
    expect((await prod.destroy(up.state)).errors).toEqual([]);
    expect((await dev.destroy(state)).errors).toEqual([]);
    expect(emulator.store.listFiles()).toEqual([]);
  });
});
