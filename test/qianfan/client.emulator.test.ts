/** The signed client against the emulator's own verifier: what a tampered or stale request gets. */
import {
  createManualClock,
  DEFAULT_QIANFAN_ACCESS_KEY,
  DEFAULT_QIANFAN_SECRET_KEY,
  Emulator,
  startEmulator,
} from "../../emulator";
import { AuthenticationError, BadRequestError } from "../../provider/core/errors";
import { nodeHttpFetch } from "../../provider/core/nodeHttpFetch";
import { QianfanClient } from "../../provider/qianfan/client";

let emulator: Emulator;
afterEach(async () => {
  await emulator?.close();
});

function client(
  options: { secretKey?: string; tamper?: (headers: Record<string, string>) => void } = {},
) {
  return new QianfanClient(
    {
      endpoint: emulator.url,
      accessKey: DEFAULT_QIANFAN_ACCESS_KEY,
      secretKey: options.secretKey ?? DEFAULT_QIANFAN_SECRET_KEY,
    },
    {
      policy: { maxAttempts: 1 },
      fetch: (input, init) => {
        const headers = { ...(init?.headers as Record<string, string>) };
        options.tamper?.(headers);
        return nodeHttpFetch(input, { ...init, headers });
      },
    },
  );
}

describe("Qianfan requests the emulator must refuse", () => {
  it("accepts a correctly signed request", async () => {
    emulator = await startEmulator();
    await expect(client().action("DescribeFineTuningJobs", {})).resolves.toMatchObject({
      jobList: [],
    });
  });

  it.each<[string, Parameters<typeof client>[0], RegExp]>([
    [
      "a tampered signature",
      {
        tamper: (h) =>
          (h.authorization = h.authorization!.replace(/[0-9a-f]$/, (c) => (c === "0" ? "1" : "0"))),
      },
      /SignatureDoesNotMatch/,
    ],
    [
      "a signed header changed after signing",
      { tamper: (h) => (h["x-bce-date"] = "2020-01-01T00:00:00Z") },
      /SignatureDoesNotMatch/,
    ],
    [
      "a wrong secret key",
      { secretKey: "not-the-secret-key" },
      /SignatureDoesNotMatch[\s\S]*qianfan:secretKey/,
    ],
  ])(
    "refuses %s with an authentication error that says what to check",
    async (_name, options, message) => {
      emulator = await startEmulator();
      const error = await client(options)
        .action("DescribeFineTuningJobs", {})
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain(DEFAULT_QIANFAN_SECRET_KEY);
    },
  );

  it.each([
    ["expired", -3 * 3600_000],
    ["from the future", 10 * 60_000],
  ])(
    "refuses a timestamp %s (clock skew) and says to check the machine clock",
    async (_name, skewMs) => {
      emulator = await startEmulator({ clock: createManualClock(Date.now() - skewMs) });
      const error = await client()
        .action("DescribeFineTuningJobs", {})
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as Error).message).toMatch(/RequestExpired[\s\S]*machine clock/);
    },
  );

  it("names the parameter of a body the service finds inappropriate", async () => {
    emulator = await startEmulator();
    const error = await client()
      .action("CreateFineTuningJob", { name: "x", model: "ERNIE-Speed-8K", trainMode: "SFT" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as Error).message).toMatch(/InappropriateJSON.*param\[name\]/);
  });
});
