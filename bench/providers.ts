/**
 * Serialized provider size per resource type. Every resource stores its provider in state (`__provider`); here that
 * is a require() of the package's hooks module, because the program loads the package from node_modules. Measured:
 *   in state — each fixture program's `up` through the engine harness against the emulator, `__provider` read from
 *     the resulting state;
 *   by value (the baseline) — the same hooks module loaded from the repository's dist/, outside node_modules,
 *     serialized here as the SDK serializes a provider (`runtime.serializeFunction(() => provider)`);
 *   from node_modules here — the installed copy serialized the same way, which must match the state's.
 * None of them may hold a credential the stacks are configured with, in any form the redactor knows.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { emptyState, StackState } from "../harness";
import { secretForms } from "../provider/core/redact";
import {
  FIXTURE_PROGRAMS,
  REPOSITORY_ROOT,
  STACK_CREDENTIALS,
  startFixtureStack,
} from "./fixtureStack";
import { FixtureProgram } from "./fixturePrograms";
import { RESOURCE_KINDS, ResourceKind } from "./resourceKinds";

const PROVIDER_KEY = "__provider";

export interface ProviderSize {
  kind: ResourceKind;
  hooksModule: string;
  program: string;
  /** `__provider` as the engine stored it. */
  stateText: string;
  stateBytes: number;
  /** The hooks module from dist/ serialized by value. */
  byValueBytes: number;
  /** stateBytes / byValueBytes. */
  ratio: number;
  /** The hooks module from node_modules serialized in this process. */
  nodeModulesBytes: number;
  nodeModulesMatchesState: boolean;
  credentialIn: { state: boolean; byValue: boolean; nodeModules: boolean };
}

export interface ProvidersBenchResult {
  resources: ProviderSize[];
  /** Hooks modules in dist/provider/<vendor>/hooks that no fixture program exercised. */
  hooksModulesNotMeasured: string[];
  met: { noCredential: boolean; stateIsRequire: boolean };
}

export async function benchProviders(
  programs: readonly FixtureProgram[],
): Promise<ProvidersBenchResult> {
  const resources: ProviderSize[] = [];
  for (const fixture of programs) {
    const state = await upState(fixture);
    for (const kind of new Set(fixture.kinds)) {
      if (resources.some((r) => r.kind === kind)) continue;
      resources.push(await measure(kind, fixture.program, state));
    }
  }
  const measured = new Set(resources.map((r) => r.hooksModule));
  const hooksModulesNotMeasured = hooksModulesInDist().filter((m) => !measured.has(m));
  return {
    resources,
    hooksModulesNotMeasured,
    met: {
      noCredential: resources.every(
        (r) => !r.credentialIn.state && !r.credentialIn.byValue && !r.credentialIn.nodeModules,
      ),
      stateIsRequire: resources.every((r) =>
        r.stateText.includes(`require("pulumi-finetune/${r.hooksModule}")`),
      ),
    },
  };
}

async function upState(fixture: FixtureProgram): Promise<StackState> {
  const stack = await startFixtureStack(fixture.program, fixture.emulator);
  try {
    const result = await stack.engine.up(emptyState(), await fixture.env(stack.emulator));
    if (result.errors.length > 0)
      throw new Error(`up of ${fixture.program} failed: ${result.errors.join("; ")}`);
    return result.state;
  } finally {
    await stack.close();
  }
}

async function measure(
  kind: ResourceKind,
  program: string,
  state: StackState,
): Promise<ProviderSize> {
  const { token, hooksModule } = RESOURCE_KINDS[kind];
  const resource = state.resources.find((r) => r.type === token);
  const stateText = resource?.outputs[PROVIDER_KEY];
  if (typeof stateText !== "string")
    throw new Error(`${program}: no ${PROVIDER_KEY} in the state of a ${token}`);
  const byValue = await serializedProvider(
    require(path.join(REPOSITORY_ROOT, "dist", "provider", `${hooksModule}.js`)) as object,
  );
  const nodeModules = await serializedProvider(
    require(installedHooksModule(hooksModule)) as object,
  );
  const stateBytes = Buffer.byteLength(stateText);
  const byValueBytes = Buffer.byteLength(byValue);
  return {
    kind,
    hooksModule,
    program,
    stateText,
    stateBytes,
    byValueBytes,
    ratio: stateBytes / byValueBytes,
    nodeModulesBytes: Buffer.byteLength(nodeModules),
    nodeModulesMatchesState: nodeModules === stateText,
    credentialIn: {
      state: holdsCredential(stateText),
      byValue: holdsCredential(byValue),
      nodeModules: holdsCredential(nodeModules),
    },
  };
}

/**
 * What the SDK's closure serializer makes of a provider, as its dynamic.Resource would store it (serializeProvider in
 * @pulumi/pulumi/dynamic); the package's resources write the same text themselves (core/serializedHooks.ts).
 */
async function serializedProvider(provider: object): Promise<string> {
  const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  return serialized.text;
}

/**
 * The hooks module in node_modules/pulumi-finetune, resolved as a fixture program resolves it (from this file,
 * inside the repository's own package, the name would resolve to the repository itself).
 */
function installedHooksModule(hooksModule: string): string {
  const file = require.resolve(`pulumi-finetune/${hooksModule}`, { paths: [FIXTURE_PROGRAMS] });
  if (!file.split(path.sep).includes("node_modules")) {
    return path.join(
      REPOSITORY_ROOT,
      "node_modules",
      "pulumi-finetune",
      "dist",
      "provider",
      `${hooksModule}.js`,
    );
  }
  return file;
}

function hooksModulesInDist(): string[] {
  const provider = path.join(REPOSITORY_ROOT, "dist", "provider");
  return fs
    .readdirSync(provider)
    .filter((vendor) => fs.existsSync(path.join(provider, vendor, "hooks")))
    .flatMap((vendor) =>
      fs
        .readdirSync(path.join(provider, vendor, "hooks"))
        .filter((name) => name.endsWith(".js"))
        .map((name) => `${vendor}/hooks/${name.slice(0, -".js".length)}`),
    );
}

function holdsCredential(text: string): boolean {
  return STACK_CREDENTIALS.some((credential) =>
    secretForms(credential).some((form) => text.includes(form)),
  );
}
