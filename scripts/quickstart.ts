/**
 * `npm start`: the main job. Starts the emulator and runs the examples against it: `pulumi up`, a second
 * `pulumi up` that must change nothing, then `pulumi destroy`. With a Pulumi CLI on PATH this is the real CLI on a
 * local file backend; without one, the same sequence goes through the engine-protocol harness. Exits non-zero if
 * anything is left in the emulator.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  DEFAULT_AZURE_API_KEY,
  DEFAULT_QIANFAN_ACCESS_KEY,
  DEFAULT_QIANFAN_SECRET_KEY,
  Emulator,
  startEmulator,
} from "../emulator";
import {
  describeObject,
  Engine,
  emptyState,
  EXAMPLE_QIANFAN_TIMINGS,
  exampleConfig,
  exampleProgramConfig,
  OperationResult,
  ProviderHost,
  isOfflineService,
  remoteObjects,
} from "../harness";

export interface QuickstartOptions {
  programDirs?: string[];
  log?: (line: string) => void;
  /** Force the harness even when a Pulumi CLI is installed (tests). */
  useHarness?: boolean;
  processingMs?: number;
}

export interface QuickstartResult {
  ok: boolean;
  via: "pulumi-cli" | "engine-harness";
  /** Every remote object seen during the run, as first seen. */
  created: string[];
  /** What the destroy left that it should have deleted. */
  leftovers: string[];
  /** Qianfan services the destroy took offline: Baidu has no API to delete one, so they stay listed. */
  offline: string[];
}

/** This file runs from dist/scripts after a build, and from scripts/ under the tests. */
const REPOSITORY_ROOT = path.resolve(__dirname, __filename.endsWith(".ts") ? ".." : "../..");
const EXAMPLES = ["quickstart", "qianfan", "rft"];
const STACK = "quickstart";

export async function runQuickstart(options: QuickstartOptions = {}): Promise<QuickstartResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const programDirs =
    options.programDirs ?? EXAMPLES.map((name) => path.join(REPOSITORY_ROOT, "examples", name));
  const emulator = await startEmulator({
    processingMs: options.processingMs ?? 1000,
    ...EXAMPLE_QIANFAN_TIMINGS,
  });
  log(`Emulator (Azure OpenAI and Qianfan APIs) listening on ${emulator.url}`);
  const config = {
    "azure-openai:endpoint": emulator.url,
    "azure-openai:apiKey": DEFAULT_AZURE_API_KEY,
    "qianfan:endpoint": emulator.url,
    "qianfan:accessKey": DEFAULT_QIANFAN_ACCESS_KEY,
    "qianfan:secretKey": DEFAULT_QIANFAN_SECRET_KEY,
  };
  try {
    const cli = options.useHarness ? undefined : findPulumiCli();
    const seen = new Map<string, string>();
    for (const programDir of programDirs) {
      log(`\n##### examples/${path.basename(programDir)}`);
      const programConfig = exampleConfig(path.basename(programDir));
      const record = () => recordSeen(emulator, seen);
      if (cli) runWithCli(cli, programDir, config, programConfig, record, log);
      else await runWithHarness(programDir, config, record, log);
    }
    const created = [...seen.values()];
    const left = remoteObjects(emulator);
    const offline = left.filter(isOfflineService).map(describeObject);
    const leftovers = left.filter((o) => !isOfflineService(o)).map(describeObject);
    log(
      `\nCreated in the emulator during the run: ${created.length ? created.join(", ") : "nothing"}`,
    );
    if (offline.length > 0)
      log(
        `Taken offline, NOT deleted (Baidu has no API to delete a Qianfan service; delete it in the console): ${offline.join(", ")}`,
      );
    if (leftovers.length > 0) log(`LEFT BEHIND after destroy: ${leftovers.join(", ")}`);
    else
      log(
        `After destroy the emulator holds nothing${offline.length > 0 ? " but the services taken offline" : ""}: every remote object was deleted.`,
      );
    return {
      ok: leftovers.length === 0 && created.length > 0,
      via: cli ? "pulumi-cli" : "engine-harness",
      created,
      leftovers,
      offline,
    };
  } finally {
    await emulator.close();
  }
}

/** Records each remote object the first time it is seen, by id (a service is seen serving, then offline). */
function recordSeen(emulator: Emulator, seen: Map<string, string>): void {
  for (const object of remoteObjects(emulator))
    if (!seen.has(object.id)) seen.set(object.id, describeObject(object));
}

async function runWithHarness(
  programDir: string,
  config: Record<string, string>,
  record: () => void,
  log: (line: string) => void,
): Promise<void> {
  log(
    "Pulumi CLI not found on PATH: running the same preview, up, up, destroy through the engine-protocol harness",
  );
  log(
    "(the Pulumi SDK's dynamic-provider host, driven over gRPC with the calls the engine makes).",
  );
  const project = `finetune-${path.basename(programDir)}`;
  const host = await ProviderHost.start({ cwd: programDir, project, stack: STACK, config });
  const engine = new Engine({
    programDir,
    project,
    stack: STACK,
    host,
    config: exampleProgramConfig(path.basename(programDir), project),
  });
  try {
    const report = (title: string, result: OperationResult) => {
      log(`\n== ${title}`);
      for (const step of result.steps) log(`  ${step.op.padEnd(8)} ${step.type}  ${step.name}`);
      for (const [key, value] of Object.entries(result.outputs))
        log(`  output ${key}: ${JSON.stringify(value)}`);
      for (const error of result.errors) log(`  error: ${error}`);
      record();
      if (result.errors.length > 0) throw new Error(`${title} failed: ${result.errors.join("; ")}`);
    };
    report("pulumi preview", await engine.preview(emptyState()));
    const first = await engine.up(emptyState());
    report("pulumi up", first);
    const second = await engine.up(first.state);
    report("pulumi up (again: must change nothing)", second);
    const changed = second.steps.filter((s) => s.op !== "same");
    if (changed.length > 0)
      throw new Error(`the second up changed ${changed.map((s) => s.name).join(", ")}`);
    const destroyed = await engine.destroy(second.state);
    report("pulumi destroy", destroyed);
    if (destroyed.state.resources.length > 0)
      throw new Error("destroy left resources in the state");
    log("\nProvider log (what `pulumi up` prints from the provider):");
    for (const line of host.logs) log(`  ${line}`);
  } finally {
    await host.stop();
  }
}

function findPulumiCli(): string | undefined {
  const probe = spawnSync("pulumi", ["version"], { encoding: "utf8" });
  return probe.status === 0 ? "pulumi" : undefined;
}

function runWithCli(
  cli: string,
  programDir: string,
  config: Record<string, string>,
  programConfig: Readonly<Record<string, string>>,
  record: () => void,
  log: (line: string) => void,
): void {
  const backend = fs.mkdtempSync(path.join(os.tmpdir(), "finetune-quickstart-"));
  log(`Pulumi CLI found: running pulumi up, up, destroy with a local backend in ${backend}`);
  const env = {
    ...process.env,
    PULUMI_BACKEND_URL: `file://${backend}`,
    PULUMI_CONFIG_PASSPHRASE: "quickstart",
    PULUMI_SKIP_UPDATE_CHECK: "1",
  };
  const pulumi = (...args: string[]) => {
    log(`\n$ pulumi ${args.join(" ")}`);
    const result = spawnSync(cli, [...args, "--non-interactive"], {
      cwd: programDir,
      env,
      encoding: "utf8",
    });
    for (const line of `${result.stdout}${result.stderr}`.split("\n"))
      if (line.trim()) log(`  ${line}`);
    record();
    if (result.status !== 0)
      throw new Error(`pulumi ${args[0]} failed with exit code ${result.status}`);
  };
  try {
    pulumi("stack", "init", STACK);
    pulumi("config", "set", "azure-openai:endpoint", config["azure-openai:endpoint"]!);
    pulumi("config", "set", "--secret", "azure-openai:apiKey", config["azure-openai:apiKey"]!);
    pulumi("config", "set", "qianfan:endpoint", config["qianfan:endpoint"]!);
    pulumi("config", "set", "--secret", "qianfan:accessKey", config["qianfan:accessKey"]!);
    pulumi("config", "set", "--secret", "qianfan:secretKey", config["qianfan:secretKey"]!);
    for (const [key, value] of Object.entries(programConfig)) pulumi("config", "set", key, value);
    pulumi("up", "--yes");
    pulumi("up", "--yes", "--expect-no-changes");
    pulumi("destroy", "--yes");
    pulumi("stack", "rm", "--yes", STACK);
  } finally {
    fs.rmSync(backend, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runQuickstart().then(
    (result) => process.exit(result.ok ? 0 : 1),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
