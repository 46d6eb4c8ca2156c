import { DEFAULT_AZURE_API_KEY, startEmulator, systemClock } from "../../emulator";

describe("startEmulator", () => {
  it("listens on 127.0.0.1 with a free port and the system clock by default", async () => {
    const emulator = await startEmulator();
    try {
      expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(emulator.clock).toBe(systemClock);
    } finally {
      await emulator.close();
    }
  });

  it("close() ends requests in flight, and closing twice is fine", async () => {
    let markInFlight = () => {};
    const inFlight = new Promise<void>((resolve) => (markInFlight = resolve));
    const emulator = await startEmulator({
      faults: [{ route: "GET /openai/files", status: 503, latencyMs: 1 }],
      // The injected latency never ends, so the request stays open until close().
      sleep: () => {
        markInFlight();
        return new Promise(() => {});
      },
    });
    const pending = fetch(`${emulator.url}/openai/files?api-version=1`, {
      headers: { "api-key": DEFAULT_AZURE_API_KEY },
    });
    await inFlight;
    await emulator.close();
    await expect(pending).rejects.toThrow("fetch failed");
    await emulator.close();
  }, 5000);
});
