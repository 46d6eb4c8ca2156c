/**
 * The published package as a user gets it: `npm pack` into a temporary directory, then a fresh program outside the
 * repository installs only that tarball (with @pulumi/pulumi, and TypeScript for the example), copies
 * examples/quickstart and runs it through the engine harness against the emulator — preview, up, a no-op up,
 * destroy — with pulumi-finetune loaded from the tarball's copy, never from the repository. Then every public entry
 * point and both bins run from that directory, and `npm publish --dry-run` must pass.
 *
 * Runs after `npm run build && npm run stage` (pretest): the tarball holds dist/, and the harness and emulator
 * come from the repository's build.
 */
import { spawnSync, SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Emulator } from "../../emulator";
import { emptyState, EmulatorStack, startEmulatorStack } from "../../harness";

jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, "..", "..");
const QUICKSTART = path.join(ROOT, "examples", "quickstart");
const DYNAMIC = "pulumi-nodejs:dynamic";

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  bin: Record<string, string>;
  exports: Record<string, string | { types: string; default: string }>;
};
const quickstartPkg = JSON.parse(
  fs.readFileSync(path.join(QUICKSTART, "package.json"), "utf8"),
) as {
  dependencies: Record<string, string>;
  devDependencies?: Record<string, string>;
};

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string; size: number }[];
}

/**
 * The environment of child npm and node processes: this Node first on PATH, and none of the `npm_*` variables
 * `npm test` sets (an inherited npm_config_* would point npm at the repository).
 */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key)) env[key] = value;
  }
  env.PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`;
  return env;
}

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd,
    env: childEnv(),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 240_000,
  });
}

const explain = (result: SpawnSyncReturns<string>) =>
  `exit ${result.status}${result.error ? ` (${result.error.message})` : ""}\n${result.stdout}\n${result.stderr}`;

/** Every symbolic link under `dir`, with where it points. */
function symlinks(dir: string): { link: string; target: string }[] {
  const found: { link: string; target: string }[] = [];
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isSymbolicLink()) {
        found.push({ link: full, target: path.resolve(current, fs.readlinkSync(full)) });
      } else if (entry.isDirectory()) {
        walk(full);
      }
    }
  };
  walk(dir);
  return found;
}

function leftovers(emulator: Emulator): string[] {
  return [
    ...emulator.store.listFiles().map((f) => `file ${f.id}`),
    ...emulator.store
      .listUploads()
      .filter((u) => u.status === "pending")
      .map((u) => `pending upload ${u.id}`),
    ...emulator.store.jobs.list().map((j) => `job ${j.id}`),
  ];
}

const isInside = (file: string, dir: string) => {
  const relative = path.relative(dir, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
};

let workDir: string;
let packDir: string;
let programDir: string;
let packed: PackResult;
let tarball: string;
let installError: string | undefined;

beforeAll(() => {
  workDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-finetune-package-")));
  if (isInside(workDir, ROOT)) throw new Error(`temporary directory ${workDir} is inside ${ROOT}`);
  packDir = path.join(workDir, "pack");
  programDir = path.join(workDir, "program");
  fs.mkdirSync(packDir);
  fs.mkdirSync(programDir);

  const pack = run("npm", ["pack", "--json", "--pack-destination", packDir], ROOT);
  if (pack.status !== 0) throw new Error(`npm pack failed: ${explain(pack)}`);
  const [result] = JSON.parse(pack.stdout) as PackResult[];
  if (!result) throw new Error(`npm pack printed no package: ${explain(pack)}`);
  packed = result;
  tarball = path.join(packDir, packed.filename);

  // The quick start, as a user would lay it out, depending on the tarball instead of the registry's version.
  for (const entry of ["index.ts", "data", "Pulumi.yaml", "tsconfig.json"]) {
    fs.cpSync(path.join(QUICKSTART, entry), path.join(programDir, entry), { recursive: true });
  }
  const programPkg = {
    ...quickstartPkg,
    dependencies: {
      ...quickstartPkg.dependencies,
      "@pulumi/pulumi": pkg.dependencies["@pulumi/pulumi"],
      [pkg.name]: `file:${tarball}`,
    },
  };
  fs.writeFileSync(
    path.join(programDir, "package.json"),
    JSON.stringify(programPkg, null, 2) + "\n",
  );
  const started = Date.now();
  const install = run(
    "npm",
    ["install", "--no-audit", "--no-fund", "--ignore-scripts"],
    programDir,
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (install.status !== 0) installError = explain(install);
  console.log(
    `${packed.filename}: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ` +
      `${packed.entryCount} files; npm install in ${programDir} took ${seconds} s` +
      (installError ? " and FAILED" : ""),
  );
});

afterAll(() => {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

const requireInstalled = () => {
  if (installError) throw new Error(`npm install of the tarball failed: ${installError}`);
};

describe("the npm tarball", () => {
  it("holds only what users need: the build's JavaScript and declarations, README, LICENSE", () => {
    const files = packed.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(["package.json", "README.md", "LICENSE"]));
    const unexpected = files.filter(
      (file) =>
        !["package.json", "README.md", "LICENSE"].includes(file) &&
        !/^dist\/(provider|emulator)\/.+(\.js|\.d\.ts)$/.test(file),
    );
    expect(unexpected).toEqual([]);
    // No sources, tests, fixtures or development tooling, at any depth.
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    expect(
      files.filter((f) =>
        /(^|\/)(test|tests|__tests__|fixtures|bench|harness|scripts|examples|policy|node_modules)\//.test(
          f,
        ),
      ),
    ).toEqual([]);
    // No source maps: they would point stack traces at .ts sources that are not shipped (the build makes none).
    expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
    // Every bin and export target is in it.
    for (const bin of Object.values(pkg.bin)) expect(files).toContain(path.posix.normalize(bin));
    // Every export names its declarations (`types`) beside its JavaScript, and both are in it.
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (subpath === "./package.json") continue;
      expect(typeof target === "object" && target.types.endsWith(".d.ts")).toBe(true);
      const targets = typeof target === "string" ? [target] : [target.types, target.default];
      for (const one of targets) {
        const pattern = path.posix.normalize(one).replace(/\*/g, "[^/]+");
        expect(files.some((f) => new RegExp(`^${pattern}$`).test(f))).toBe(true);
      }
    }
  });

  it("installs into a fresh program outside the repository, with nothing linked back into it", () => {
    requireInstalled();
    const installed = path.join(programDir, "node_modules", pkg.name);
    expect(fs.lstatSync(installed).isDirectory()).toBe(true);
    const installedPkg = JSON.parse(
      fs.readFileSync(path.join(installed, "package.json"), "utf8"),
    ) as { version: string };
    expect(installedPkg.version).toBe(pkg.version);
    const intoRepository = symlinks(path.join(programDir, "node_modules")).filter(
      ({ target }) => target === ROOT || isInside(target, ROOT),
    );
    expect(intoRepository).toEqual([]);
    for (const id of [pkg.name, `${pkg.name}/emulator`, "@pulumi/pulumi"]) {
      const resolved = fs.realpathSync(require.resolve(id, { paths: [programDir] }));
      expect(isInside(resolved, path.join(programDir, "node_modules"))).toBe(true);
    }
  });

  it("type-checks the quick start against the published declarations", () => {
    requireInstalled();
    const tsc = run(
      process.execPath,
      [require.resolve("typescript/bin/tsc", { paths: [programDir] }), "--noEmit", "-p", "."],
      programDir,
    );
    expect(explain(tsc)).toMatch(/^exit 0/);
  });

  it("runs the quick start from the tarball: preview, up, a no-op up, destroy, nothing left", async () => {
    requireInstalled();
    let stack: EmulatorStack | undefined;
    try {
      stack = await startEmulatorStack({
        programDir,
        project: "finetune-quickstart",
        emulator: { processingMs: 100 },
      });
      const { engine, emulator } = stack;

      const preview = await engine.preview(emptyState());
      expect(preview.errors).toEqual([]);
      expect(preview.steps.length).toBeGreaterThanOrEqual(3);
      expect(preview.steps.every((s) => s.op === "create")).toBe(true);
      expect(leftovers(emulator)).toEqual([]);

      const up = await engine.up(emptyState());
      expect(up.errors).toEqual([]);
      expect(up.steps.map((s) => s.op)).toEqual(preview.steps.map(() => "create"));
      expect(up.outputs).toMatchObject({ trainingFileStatus: "processed" });
      expect(up.outputs.jobId).toEqual(expect.any(String));

      const dynamic = up.state.resources.filter((r) => r.type.startsWith(DYNAMIC));
      expect(dynamic.map((r) => r.name).sort()).toEqual(["job", "training", "validation"]);
      for (const resource of dynamic) {
        const provider = resource.outputs.__provider as string;
        expect(provider).toMatch(/require\("pulumi-finetune\/[a-z-]+\/hooks\/[A-Za-z]+"\)/);
        expect(Buffer.byteLength(provider)).toBeLessThanOrEqual(1024);
        expect(provider).not.toContain(ROOT);
        expect(provider).not.toContain(workDir);
      }
      // The provider host runs in the program's directory: what it requires is the tarball's copy.
      const hooks = dynamic.map(
        (r) => /require\("([^"]+)"\)/.exec(r.outputs.__provider as string)![1]!,
      );
      for (const id of hooks) {
        expect(isInside(require.resolve(id, { paths: [programDir] }), programDir)).toBe(true);
      }

      const again = await engine.up(up.state);
      expect(again.errors).toEqual([]);
      expect(again.steps.length).toBe(up.steps.length);
      expect(again.steps.every((s) => s.op === "same")).toBe(true);

      const destroy = await engine.destroy(again.state);
      expect(destroy.errors).toEqual([]);
      expect(destroy.state.resources.filter((r) => r.type.startsWith(DYNAMIC))).toEqual([]);
      expect(leftovers(emulator)).toEqual([]);
    } finally {
      await stack?.close();
    }
  });

  it("loads every public entry point from the installed package", () => {
    requireInstalled();
    const installed = path.join(programDir, "node_modules", pkg.name, "dist", "provider");
    const hooks = ["azure-openai", "qianfan"].flatMap((vendor) =>
      fs
        .readdirSync(path.join(installed, vendor, "hooks"))
        .filter((f) => f.endsWith(".js"))
        .map((f) => `${pkg.name}/${vendor}/hooks/${f.slice(0, -".js".length)}`),
    );
    expect(hooks.length).toBeGreaterThan(0);
    const script = `
      const ids = ${JSON.stringify([pkg.name, `${pkg.name}/emulator`, `${pkg.name}/package.json`, ...hooks])};
      const out = {};
      for (const id of ids) out[id] = { file: require.resolve(id), keys: Object.keys(require(id)) };
      console.log(JSON.stringify(out));
    `;
    const result = run(process.execPath, ["-e", script], programDir);
    expect(explain(result)).toMatch(/^exit 0/);
    const loaded = JSON.parse(result.stdout) as Record<string, { file: string; keys: string[] }>;
    for (const { file } of Object.values(loaded)) {
      expect(isInside(fs.realpathSync(file), path.join(programDir, "node_modules"))).toBe(true);
    }
    expect(loaded[pkg.name]!.keys).toEqual(
      expect.arrayContaining(["TrainingFile", "Upload", "FineTuneJob"]),
    );
    expect(loaded[`${pkg.name}/emulator`]!.keys).toContain("startEmulator");
    for (const hook of hooks) expect(loaded[hook]!.keys.length).toBeGreaterThan(0);
  });

  it.each([
    ["pulumi-finetune-emulator", /^Usage: pulumi-finetune-emulator/m],
    ["pulumi-finetune-sweep", /^Usage: pulumi-finetune-sweep/m],
  ])("runs the %s bin with --help", (bin, usage) => {
    requireInstalled();
    const result = run(path.join(programDir, "node_modules", ".bin", bin), ["--help"], programDir);
    expect(explain(result)).toMatch(/^exit 0/);
    expect(result.stdout).toMatch(usage);
  });

  it("passes npm publish --dry-run", () => {
    const result = run("npm", ["publish", "--dry-run"], ROOT);
    expect(explain(result)).toMatch(/^exit 0/);
    const warnings = result.stderr.split("\n").filter((line) => /\bwarn\b/i.test(line));
    if (warnings.length > 0) console.log(`npm publish --dry-run warnings:\n${warnings.join("\n")}`);
  });
});
