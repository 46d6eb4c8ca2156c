import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashFileOnWorker, keptHashingWorkers } from "../../provider/azure-openai/fileHasher";

describe("an idle hashing worker whose time runs out", () => {
  const dir = mkdtempSync(join(tmpdir(), "file-hasher-retire-"));
  afterAll(() => {
    jest.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is not handed to a hash asked for while it is ending", async () => {
    // Only the idle timers are faked: the worker's own events and promises run as they do.
    jest.useFakeTimers({ doNotFake: ["nextTick", "setImmediate", "queueMicrotask"] });
    const path = join(dir, "f");
    writeFileSync(path, "abc");
    await hashFileOnWorker(path, 3).digests;
    expect(keptHashingWorkers()).toBe(1);

    jest.advanceTimersByTime(10_000); // the kept worker's time runs out: it is being terminated
    const next = hashFileOnWorker(path, 3);
    await expect(next.digests).resolves.toMatchObject({ md5: "900150983cd24fb0d6963f7d28e17f72" });
  });
});
