import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_AZURE_API_KEY, DiskContent, type Emulator } from "../../emulator";
import { AZURE_API_KEY_ENV, type CliIo, main } from "../../emulator/cli";

function fakeIo(env: CliIo["env"] = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l), env };
  return { io, stdout, stderr };
}

const listFiles = (url: string, key: string) =>
  fetch(`${url}/openai/files?api-version=2024-10-21`, { headers: { "api-key": key } });

describe("emulator CLI main", () => {
  let emulator: Emulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it("prints the base URL first, then where it binds and what it accepts", async () => {
    const { io, stdout } = fakeIo();
    const result = await main(["--port", "0"], io);
    emulator = result.emulator;
    expect(result.exitCode).toBe(0);
    expect(stdout[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stdout[0]).toBe(emulator?.url);
    expect(stdout[1]).toContain("127.0.0.1 only (loopback)");
    expect(stdout[2]).toContain("1 Azure API key (the well-known emulator key)");
    expect(stdout.join("\n")).not.toContain(DEFAULT_AZURE_API_KEY);
    expect((await listFiles(stdout[0] ?? "", DEFAULT_AZURE_API_KEY)).status).toBe(200);
  });

  it.each([
    [
      "--azure-api-key flags",
      ["--azure-api-key", "cli-key-1", "--azure-api-key", "cli-key-2"],
      {},
      ["cli-key-1", "cli-key-2"],
      "2 Azure API keys (from --azure-api-key)",
    ],
    [
      `$${AZURE_API_KEY_ENV}`,
      [],
      { [AZURE_API_KEY_ENV]: "env-key-1" },
      ["env-key-1"],
      `1 Azure API key (from ${AZURE_API_KEY_ENV})`,
    ],
  ])("takes keys from %s without printing them", async (_, argv, env, keys, summary) => {
    const { io, stdout } = fakeIo(env);
    emulator = (await main(argv, io)).emulator;
    const url = stdout[0] ?? "";
    expect(stdout.join("\n")).toContain(summary);
    for (const key of keys) {
      expect(stdout.join("\n")).not.toContain(key);
      expect((await listFiles(url, key)).status).toBe(200);
    }
    expect((await listFiles(url, DEFAULT_AZURE_API_KEY)).status).toBe(401);
  });

  it("says where it binds when --host is given", async () => {
    const { io, stdout } = fakeIo();
    emulator = (await main(["--host", "127.0.0.1"], io)).emulator;
    expect(stdout[1]).toBe("Bound to 127.0.0.1 as --host asked.");
  });

  it("logs one line per request only with --verbose, without the key", async () => {
    const quiet = fakeIo();
    emulator = (await main([], quiet.io)).emulator;
    const startupLines = [...quiet.stdout];
    await listFiles(quiet.stdout[0] ?? "", DEFAULT_AZURE_API_KEY);
    expect(quiet.stdout).toEqual(startupLines);
    await emulator?.close();

    const verbose = fakeIo();
    emulator = (await main(["--verbose", "--azure-api-key", "verbose-key"], verbose.io)).emulator;
    await listFiles(verbose.stdout[0] ?? "", "verbose-key");
    await listFiles(verbose.stdout[0] ?? "", "wrong-verbose-key");
    expect(verbose.stdout.slice(-2)).toEqual([
      expect.stringMatching(/^GET \/openai\/files 200 \d+ms$/),
      expect.stringMatching(/^GET \/openai\/files 401 \d+ms$/),
    ]);
    expect(verbose.stdout.join("\n")).not.toContain("verbose-key");
  });

  it("applies --processing-ms", async () => {
    const { io } = fakeIo();
    emulator = (await main(["--processing-ms", "0"], io)).emulator;
    expect(emulator?.store.processingMs).toBe(0);
  });

  it("keeps contents under --data-dir", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "emulator-cli-"));
    try {
      const { io } = fakeIo();
      emulator = (await main(["--data-dir", dataDir], io)).emulator;
      expect(emulator?.store.content).toEqual(new DiskContent(dataDir));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("prints usage for --help and starts nothing", async () => {
    const { io, stdout } = fakeIo();
    const result = await main(["--help"], io);
    expect(result).toEqual({ exitCode: 0 });
    expect(stdout[0]).toMatch(/^Usage: pulumi-finetune-emulator/);
  });

  it.each([
    [["--port", "http"], "--port must be an integer"],
    [["--port", "70000"], "--port must be an integer from 0 to 65535"],
    [["--processing-ms=1.5"], "--processing-ms must be an integer"],
    [["--bogus"], "Unknown option '--bogus'"],
  ])("exits 2 for %j", async (argv, message) => {
    const { io, stderr } = fakeIo();
    const result = await main(argv, io);
    expect(result).toEqual({ exitCode: 2 });
    expect(stderr.join("\n")).toContain(message);
  });

  it("exits 1 when the port is taken", async () => {
    const first = fakeIo();
    emulator = (await main([], first.io)).emulator;
    const port = new URL(emulator?.url ?? "").port;
    const second = fakeIo();
    expect(await main(["--port", port], second.io)).toEqual({ exitCode: 1 });
    expect(second.stderr.join("\n")).toContain("EADDRINUSE");
  });
});
