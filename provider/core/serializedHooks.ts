/**
 * The `__provider` text each resource carries: what the SDK's provider host loads to find the provider (it calls the
 * `handler` the text exports). For a hooks module installed in node_modules it is, byte for byte, what the SDK's
 * closure serializer makes of it: one require() of the package's export. Written here, because the serializer costs
 * a program about 300 ms the first time (it loads its own modules and starts a V8 inspector session), at every
 * `pulumi preview` and `up`. Nor does the program load the hooks module (the provider host does). A copy anywhere
 * else (npm link, a local path) goes through the SDK's serializer, which stores it by value, with a warning.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

const PACKAGE = "pulumi-finetune";

/** The property of a dynamic resource that holds its provider's text. */
export const PROVIDER_KEY = "__provider";

/** Where the build puts a hooks module: `<package>/dist/provider/<vendor>/hooks/<name>.js`. */
const HOOKS_PATH =
  /[\\/]node_modules[\\/]pulumi-finetune[\\/]dist[\\/]provider[\\/]([a-z-]+)[\\/]hooks[\\/]([A-Za-z]+)\.js$/;

/** Resolves a module id as the program and the provider host do: from the directory they run in. */
export type ModuleResolver = (id: string) => string;

const resolveFromWorkingDirectory: ModuleResolver = (id) =>
  require.resolve(id, { paths: [process.cwd()] });

/**
 * The package export (`pulumi-finetune/<vendor>/hooks/<name>`) that loads the hooks module at `file`, if `file` is
 * the package installed in node_modules and the id resolves to that very file from where the program runs (a nested
 * copy that the id would not find is left to the SDK's serializer).
 */
export function installedHooksId(
  file: string,
  resolve: ModuleResolver = resolveFromWorkingDirectory,
): string | undefined {
  const match = HOOKS_PATH.exec(file);
  if (!match) return undefined;
  const id = `${PACKAGE}/${match[1]}/hooks/${match[2]}`;
  try {
    return path.resolve(resolve(id)) === path.resolve(file) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** A copy outside any node_modules (npm link, a local path): the SDK's serializer stores its code by value. */
export function isLinkedCopy(file: string): boolean {
  return !file.split(/[\\/]/).includes("node_modules");
}

/** The text the SDK's serializer gives `() => provider` when `provider` is the module `id`'s exports. */
export function requireText(id: string): string {
  return [
    "exports.handler = __f0;",
    `const provider = require(${JSON.stringify(id)});`,
    "",
    "function __f0() {",
    "  return (function() {",
    "    with({ this: undefined, arguments: undefined }) {",
    "",
    "return () => provider;",
    "",
    "    }",
    "  }).apply(undefined, undefined).apply(this, arguments);",
    "}",
    "",
  ].join("\n");
}

const texts = new Map<string, pulumi.Input<string>>();
const warned = new Set<string>();

/**
 * The `__provider` of a resource whose hooks module is `<vendor>/hooks/<name>` in this copy of the package (beside
 * core/). The module itself is loaded only where the SDK's serializer needs it; `token` names it in a warning.
 */
export function serializedHooks(vendor: string, name: string, token: string): pulumi.Input<string> {
  const key = `${vendor}/${name}`;
  let text = texts.get(key);
  if (text === undefined) {
    text = serialize(require.resolve(path.join(__dirname, "..", vendor, "hooks", name)), token);
    texts.set(key, text);
  }
  return text;
}

function serialize(file: string, token: string): pulumi.Input<string> {
  const id = installedHooksId(file);
  if (id !== undefined) return requireText(id);
  if (isLinkedCopy(file) && !warned.has(token)) {
    warned.add(token);
    void pulumi.log.warn(
      `pulumi-finetune (${token}) is loaded from ${file}, outside node_modules: its provider code will be stored ` +
        "in state by value instead of as a require() of the package. Install it with npm instead of linking it.",
    );
  }
  const hooks = require(file) as object;
  return pulumi.runtime
    .serializeFunction(() => hooks, { allowSecrets: true })
    .then((serialized) => serialized.text);
}
