/** The emulator under a burst of concurrent requests: no crash, nothing lost, every answer well-formed. */
import { DEFAULT_AZURE_API_KEY, startEmulator } from "../../emulator";

describe("a burst of 500 concurrent requests", () => {
  it("is answered in full without losing a stored object", async () => {
    const emulator = await startEmulator({ processingMs: 0 });
    try {
      const headers = { "api-key": DEFAULT_AZURE_API_KEY };
      const upload = (i: number) => {
        const form = new FormData();
        form.append("purpose", "assistants");
        form.append("file", new Blob([`file ${i}`]), `f${i}.txt`);
        return fetch(`${emulator.url}/openai/files?api-version=2025-04-01-preview`, {
          method: "POST",
          headers,
          body: form,
        });
      };
      const list = () =>
        fetch(`${emulator.url}/openai/files?api-version=2025-04-01-preview`, { headers });
      const unauthenticated = () =>
        fetch(`${emulator.url}/openai/files?api-version=2025-04-01-preview`);
      const requests = Array.from({ length: 500 }, (_, i) =>
        i % 5 === 0 ? list() : i % 5 === 1 ? unauthenticated() : upload(i),
      );
      const responses = await Promise.all(requests);

      const statuses = responses.map((r) => r.status);
      // Uploads answer 201 on a dated api-version, as the spec says; lists 200.
      expect(statuses.filter((s) => s === 201)).toHaveLength(300);
      expect(statuses.filter((s) => s === 200)).toHaveLength(100);
      expect(statuses.filter((s) => s === 401)).toHaveLength(100);
      await Promise.all(responses.map((r) => r.json()));
      expect(emulator.store.listFiles()).toHaveLength(300);
      const after = await list();
      expect(((await after.json()) as { data: unknown[] }).data).toHaveLength(300);
    } finally {
      await emulator.close();
    }
  });
});
