import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DEFAULT_AZURE_API_KEY,
  DEFAULT_QIANFAN_ACCESS_KEY,
  DEFAULT_QIANFAN_SECRET_KEY,
  DiskContent,
  type Emulator,
} from "../../emulator";
import {
  AZURE_API_KEY_ENV,
  AZURE_BEARER_TOKEN_ENV,
  type CliIo,
  main,
  QIANFAN_KEYS_ENV,
} from "../../emulator/cli";
import { qianfanError, qianfanFetch } from "./qianfanHelpers";

function fakeIo(env: CliIo["env"] = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l), env };
  return { io, stdout, stderr };
}

const listFiles = (url: string, key: string) =>
  fetch(`${url}/openai/files?api-version=2024-10-21`, { headers: { "api-key": key } });
const listFilesWithToken = (url: string, token: string) =>
  fetch(`${url}/openai/files?api-version=2024-10-21`, {
    headers: { authorization: `Bearer ${token}` },
  });
/** A signed DescribeFineTuningJobs with this pair. */
const describeJobs = (emulator: Emulator, accessKey: string, secretKey: string) =>
  qianfanFetch(emulator, "DescribeFineTuningJobs", {}, { accessKey, secretKey });

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

  it("accepts the well-known Qianfan pair by default, and no Azure bearer token", async () => {
    const { io, stdout } = fakeIo();
    emulator = (await main([], io)).emulator!;
    expect(stdout[2]).toBe(
      "Accepting 1 Azure API key (the well-known emulator key) and the well-known Qianfan AK/SK pair.",
    );
    const res = await describeJobs(
      emulator,
      DEFAULT_QIANFAN_ACCESS_KEY,
      DEFAULT_QIANFAN_SECRET_KEY,
    );
    expect(res.status).toBe(200);
    expect((await listFilesWithToken(emulator.url, "any-token")).status).toBe(401);
  });

  it.each([
    {
      name: "--qianfan-key flags",
      argv: ["--qianfan-key", "AK-cli-1:SK-cli-1", "--qianfan-key", "AK-cli-2:SK:with:colons"],
      env: {},
      pairs: [
        ["AK-cli-1", "SK-cli-1"],
        ["AK-cli-2", "SK:with:colons"],
      ],
      summary: "2 Qianfan AK/SK pairs (from --qianfan-key)",
    },
    {
      name: `$${QIANFAN_KEYS_ENV}`,
      argv: [],
      env: { [QIANFAN_KEYS_ENV]: "AK-env-1:SK-env-1, AK-env-2:SK-env-2" },
      pairs: [
        ["AK-env-1", "SK-env-1"],
        ["AK-env-2", "SK-env-2"],
      ],
      summary: `2 Qianfan AK/SK pairs (from ${QIANFAN_KEYS_ENV})`,
    },
    {
      name: "--qianfan-key over the environment",
      argv: ["--qianfan-key=AK-flag:SK-flag"],
      env: { [QIANFAN_KEYS_ENV]: "AK-ignored:SK-ignored" },
      pairs: [["AK-flag", "SK-flag"]],
      refused: [["AK-ignored", "SK-ignored"]],
      summary: "1 Qianfan AK/SK pair (from --qianfan-key)",
    },
  ])("takes Qianfan pairs from $name, replacing the well-known pair", async (c) => {
    const { io, stdout } = fakeIo(c.env);
    emulator = (await main(c.argv, io)).emulator!;
    const printed = stdout.join("\n");
    expect(printed).toContain(c.summary);
    for (const [accessKey, secretKey] of c.pairs) {
      expect(printed).not.toContain(secretKey!);
      expect((await describeJobs(emulator, accessKey!, secretKey!)).status).toBe(200);
      // The right access key with another secret key: the signature does not match.
      const wrongSecret = await describeJobs(emulator, accessKey!, `${secretKey}-wrong`);
      expect(wrongSecret.status).toBe(403);
      expect((await qianfanError(wrongSecret)).code).toBe("SignatureDoesNotMatch");
    }
    for (const [accessKey, secretKey] of [
      [DEFAULT_QIANFAN_ACCESS_KEY, DEFAULT_QIANFAN_SECRET_KEY],
      ...(c.refused ?? []),
    ]) {
      const res = await describeJobs(emulator, accessKey!, secretKey!);
      expect(res.status).toBe(403);
      expect((await qianfanError(res)).code).toBe("InvalidAccessKeyId");
    }
    // Azure keeps its well-known key: the Qianfan pairs do not touch it.
    expect((await listFiles(emulator.url, DEFAULT_AZURE_API_KEY)).status).toBe(200);
  });

  it.each([
    {
      name: "--azure-bearer-token flags",
      argv: ["--azure-bearer-token", "cli-token-1", "--azure-bearer-token", "cli-token-2"],
      env: {},
      tokens: ["cli-token-1", "cli-token-2"],
      keys: [],
      summary: "0 Azure API keys (none given), 2 Azure bearer tokens (from --azure-bearer-token)",
    },
    {
      name: `$${AZURE_BEARER_TOKEN_ENV}`,
      argv: [],
      env: { [AZURE_BEARER_TOKEN_ENV]: "env-token-1" },
      tokens: ["env-token-1"],
      keys: [],
      summary: `1 Azure bearer token (from ${AZURE_BEARER_TOKEN_ENV})`,
    },
    {
      name: "a token and a key together",
      argv: ["--azure-bearer-token", "both-token", "--azure-api-key", "both-key"],
      env: { [AZURE_API_KEY_ENV]: "ignored-env-key" },
      tokens: ["both-token"],
      keys: ["both-key"],
      summary:
        "1 Azure API key (from --azure-api-key), 1 Azure bearer token (from --azure-bearer-token)",
    },
  ])("takes Azure bearer tokens from $name, replacing the well-known key", async (c) => {
    const { io, stdout } = fakeIo(c.env);
    emulator = (await main(c.argv, io)).emulator!;
    const printed = stdout.join("\n");
    expect(printed).toContain(c.summary);
    expect(printed).toContain("the well-known Qianfan AK/SK pair");
    for (const token of c.tokens) {
      expect(printed).not.toContain(token);
      expect((await listFilesWithToken(emulator.url, token)).status).toBe(200);
    }
    for (const key of c.keys) expect((await listFiles(emulator.url, key)).status).toBe(200);
    expect((await listFilesWithToken(emulator.url, "not-a-token")).status).toBe(401);
    expect((await listFiles(emulator.url, DEFAULT_AZURE_API_KEY)).status).toBe(401);
    expect((await listFiles(emulator.url, "ignored-env-key")).status).toBe(401);
  });

  it("answers /health on a started emulator without credentials", async () => {
    const { io, stdout } = fakeIo();
    emulator = (await main(["--qianfan-key", "AK-h:SK-h", "--azure-api-key", "k-h"], io)).emulator!;
    const res = await fetch(`${stdout[0]}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", azure: true, qianfan: true });
    expect(emulator.requests).toEqual([]);
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
      expect(emulator?.store.content).toBeInstanceOf(DiskContent);
      expect((emulator?.store.content as DiskContent).directory).toBe(dataDir);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("prints usage for --help and starts nothing", async () => {
    const { io, stdout } = fakeIo();
    const result = await main(["--help"], io);
    expect(result).toEqual({ exitCode: 0 });
    expect(stdout[0]).toMatch(/^Usage: pulumi-finetune-emulator/);
    for (const name of [
      "--azure-api-key KEY",
      "--azure-bearer-token TOKEN",
      "--qianfan-key AK:SK",
      AZURE_API_KEY_ENV,
      AZURE_BEARER_TOKEN_ENV,
      QIANFAN_KEYS_ENV,
      "GET /health",
    ]) {
      expect(stdout[0]).toContain(name);
    }
  });

  it("prints usage for --help even when the environment holds a bad value", async () => {
    const { io, stdout, stderr } = fakeIo({ [QIANFAN_KEYS_ENV]: "no-colon" });
    expect(await main(["--help"], io)).toEqual({ exitCode: 0 });
    expect(stdout[0]).toMatch(/^Usage:/);
    expect(stderr).toEqual([]);
  });

  // The secret part of every bad value below contains "s3cret", which no message may repeat.
  it.each([
    {
      argv: ["--qianfan-key", "AKs3cret"],
      env: {},
      says: "--qianfan-key must be ACCESS_KEY:SECRET_KEY",
    },
    {
      argv: ["--qianfan-key", ":s3cret"],
      env: {},
      says: "--qianfan-key must be ACCESS_KEY:SECRET_KEY",
    },
    {
      argv: ["--qianfan-key", "AK:"],
      env: {},
      says: "--qianfan-key must be ACCESS_KEY:SECRET_KEY",
    },
    { argv: ["--qianfan-key", "A/K:s3cret"], env: {}, says: 'no "/" in the access key' },
    { argv: ["--qianfan-key", "AK:s3 cret"], env: {}, says: "--qianfan-key must be" },
    {
      argv: ["--qianfan-key", "AK1:s3cret", "--qianfan-key", "AK2:s3cret\n"],
      env: {},
      says: "--qianfan-key (value 2) must be ACCESS_KEY:SECRET_KEY",
    },
    {
      argv: ["--qianfan-key", "AK:s3cret1", "--qianfan-key", "AK:s3cret2"],
      env: {},
      says: "--qianfan-key: pair 2 repeats an earlier access key",
    },
    {
      argv: [],
      env: { [QIANFAN_KEYS_ENV]: "AK1:s3cret1,,AK2:s3cret2" },
      says: `${QIANFAN_KEYS_ENV} (value 2) must be ACCESS_KEY:SECRET_KEY`,
    },
    {
      argv: [],
      env: { [QIANFAN_KEYS_ENV]: "AK1:s3cret1,AK1:s3cret2" },
      says: `${QIANFAN_KEYS_ENV}: pair 2 repeats an earlier access key`,
    },
    { argv: ["--azure-api-key", ""], env: {}, says: "--azure-api-key must be non-empty" },
    { argv: ["--azure-api-key", "s3cret key"], env: {}, says: "--azure-api-key must be non-empty" },
    {
      argv: ["--azure-api-key", "ok", "--azure-api-key", "s3cret\t"],
      env: {},
      says: "--azure-api-key (value 2) must be non-empty, without spaces or control characters",
    },
    { argv: ["--azure-bearer-token", ""], env: {}, says: "--azure-bearer-token must be non-empty" },
    {
      argv: ["--azure-bearer-token", "Bearer s3cret"],
      env: {},
      says: "--azure-bearer-token must be non-empty",
    },
    {
      argv: [],
      env: { [AZURE_API_KEY_ENV]: " s3cret" },
      says: `${AZURE_API_KEY_ENV} must be non-empty, without spaces`,
    },
    {
      argv: [],
      env: { [AZURE_BEARER_TOKEN_ENV]: "s3cret\u0000" },
      says: `${AZURE_BEARER_TOKEN_ENV} must be non-empty, without spaces`,
    },
    { argv: ["--qianfan-key"], env: {}, says: "Option '--qianfan-key <value>' argument missing" },
  ])("refuses $argv / $env with a usage error: $says", async ({ argv, env, says }) => {
    const { io, stdout, stderr } = fakeIo(env);
    expect(await main(argv, io)).toEqual({ exitCode: 2 });
    expect(stdout).toEqual([]);
    const message = stderr.join("\n");
    expect(message).toContain(says);
    expect(message).toContain("Run with --help for usage.");
    expect(message).not.toContain("s3cret");
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
