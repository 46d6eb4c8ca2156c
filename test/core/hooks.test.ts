import type * as pulumi from "@pulumi/pulumi";
import { defineHooks, Hooks, toWireValue, withoutProvider } from "../../provider/core/hooks";
import type { ResourceImplementation } from "../../provider/core/lifecycle";
import { PROVIDER_KEY } from "../../provider/core/serializedHooks";
import { ResourceInitError } from "../../provider/core/errors";
import { registerSecret } from "../../provider/core/redact";
import { resetStackConfig, stackConfig } from "../../provider/core/stackConfig";

const SECRET = "sk-hook-secret-42";
registerSecret(SECRET);

const PROVIDER = 'exports.handler = require("pulumi-finetune/azure-openai/hooks/file")';

type Thing = { a?: number; missing?: string; gone?: string };

/** An implementation that records what each hook received. */
function recorder(overrides: Partial<ResourceImplementation<Thing, Thing>> = {}) {
  const seen: Record<string, object[]> = {};
  const note = (hook: string, ...props: object[]) => (seen[hook] = props);
  const impl: ResourceImplementation<Thing, Thing> = {
    check: async (olds, news) => (note("check", olds, news), { inputs: news, failures: [] }),
    diff: async (_id, olds, news) => (note("diff", olds, news), { changes: false }),
    create: async (inputs) => (
      note("create", inputs),
      { id: "id-1", outs: { ...inputs, missing: undefined } }
    ),
    read: async (_id, props) => (note("read", props), { ...props, gone: undefined }),
    update: async (_id, olds, news) => (note("update", olds, news), { ...news, gone: undefined }),
    delete: async (_id, props) => void note("delete", props),
    ...overrides,
  };
  return { seen, provider: defineHooks(() => impl) };
}

afterEach(() => resetStackConfig());

describe("defineHooks", () => {
  const withProv = <T extends object>(p: T) => ({ ...p, [PROVIDER_KEY]: PROVIDER });

  it.each<[string, (p: Hooks<Thing, Thing>) => Promise<unknown>, number]>([
    ["check", (p) => p.check(withProv({ a: 1 }), withProv({ a: 2 })), 2],
    ["diff", (p) => p.diff("id-1", withProv({ a: 1 }), withProv({ a: 2 })), 2],
    ["create", (p) => p.create(withProv({ a: 1 })), 1],
    ["read", (p) => p.read("id-1", withProv({ a: 1 })), 1],
    ["update", (p) => p.update("id-1", withProv({ a: 1 }), withProv({ a: 2 })), 2],
    ["delete", (p) => p.delete("id-1", withProv({ a: 1 })), 1],
  ])("%s strips __provider before calling the implementation", async (hook, call, count) => {
    const { seen, provider } = recorder();
    await call(provider);
    expect(seen[hook]).toHaveLength(count);
    for (const props of seen[hook]!) {
      expect(props).not.toHaveProperty(PROVIDER_KEY);
      expect(props).toHaveProperty("a");
    }
  });

  it.each<[string, (p: Hooks<Thing, Thing>) => Promise<unknown>]>([
    ["create", (p) => p.create({ a: 1 }).then((r) => r.outs)],
    ["read", (p) => p.read("id-1", { a: 1 }).then((r) => r.props)],
    ["update", (p) => p.update("id-1", {}, { a: 1 }).then((r) => r.outs)],
  ])("%s drops undefined values from what it returns", async (_hook, returned) => {
    expect(await returned(recorder().provider)).toStrictEqual({ a: 1 });
  });

  it("without an update, a change the diff allows in place is recorded over the old state, touching nothing", async () => {
    const { provider } = recorder({ update: undefined });
    const old = { a: 1, missing: "kept" };
    await expect(provider.update("x", old, { a: 2 })).resolves.toEqual({
      outs: { a: 2, missing: "kept" },
    });
  });

  it("read: an object that is gone answers an empty id, which tells the engine to drop the resource", async () => {
    const { provider } = recorder({ read: async () => undefined });
    await expect(provider.read("x", { a: 1 })).resolves.toEqual({ id: "" });
  });

  it("a partial create keeps __provider in the state the engine records, so the engine can delete it later", async () => {
    const { provider } = recorder({
      create: async () => {
        throw new ResourceInitError("still running", "id-9", { a: 1, gone: undefined });
      },
    });
    const error = (await provider
      .create(withProv({ a: 1 }))
      .catch((e: unknown) => e)) as ResourceInitError;
    expect(error).toBeInstanceOf(ResourceInitError);
    expect(error.properties).toStrictEqual({ a: 1, [PROVIDER_KEY]: PROVIDER });
  });

  it("redacts a registered secret from a thrown error's message and stack", async () => {
    const { provider } = recorder({
      create: async () => {
        const error = new Error(
          `401 for key ${SECRET} (${Buffer.from(SECRET).toString("base64")})`,
        );
        void error.stack; // formatted now, with the secret, as a logger reading it would
        throw error;
      },
    });
    const error = (await provider.create({}).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe("401 for key [redacted] ([redacted])");
    expect(error.stack).toContain("401 for key [redacted]");
    expect(error.stack).not.toContain(SECRET);
  });

  it("rethrows a non-Error value unchanged", async () => {
    const plain: unknown = "plain"; // typed unknown: a non-Error rejection, on purpose
    const { provider } = recorder({
      delete: async () => {
        throw plain;
      },
    });
    await expect(provider.delete("id", {})).rejects.toBe("plain");
  });

  it("a failure to load the implementation is redacted too", async () => {
    const provider = defineHooks(() => {
      throw new Error(`cannot load with ${SECRET}`);
    });
    await expect(provider.create({})).rejects.toThrow("cannot load with [redacted]");
  });

  it("configure stores the stack config for later calls", async () => {
    const { provider } = recorder();
    const values: Record<string, string> = {
      "azure-openai:endpoint": "https://r.openai.azure.com",
    };
    const config: pulumi.dynamic.Config = { get: (k) => values[k], require: (k) => values[k]! };
    await provider.configure({ config });
    expect(stackConfig().get("azure-openai:endpoint")).toBe("https://r.openai.azure.com");
    expect(stackConfig().get("azure-openai:apiKey")).toBeUndefined();
  });
});

describe("toWireValue / withoutProvider", () => {
  it.each<[string, unknown, unknown]>([
    ["undefined", undefined, undefined],
    ["null", null, null],
    [
      "nested undefined",
      { a: 1, b: undefined, c: { d: undefined, e: [1] } },
      { a: 1, c: { e: [1] } },
    ],
    ["undefined in arrays becomes null", [1, undefined], [1, null]],
    [
      "a Date becomes its ISO string",
      { at: new Date(Date.UTC(2025, 0, 1)) },
      { at: "2025-01-01T00:00:00.000Z" },
    ],
  ])("toWireValue: %s", (_name, value, want) => expect(toWireValue(value)).toStrictEqual(want));

  it("withoutProvider keeps the same object when there is no __provider", () => {
    const props = { a: 1 };
    expect(withoutProvider(props)).toBe(props);
    expect(withoutProvider({ a: 1, [PROVIDER_KEY]: "x" })).toStrictEqual({ a: 1 });
  });
});
