import { runQuickstart } from "../../scripts/quickstart";

describe("npm start (the quick start against the emulator)", () => {
  it("runs preview, up, an up that changes nothing, and destroy, leaving nothing in the emulator", async () => {
    const lines: string[] = [];
    const result = await runQuickstart({
      useHarness: true,
      processingMs: 50,
      log: (line) => lines.push(line),
    });

    expect(result).toMatchObject({ ok: true, via: "engine-harness", leftovers: [] });
    expect(result.created).toEqual([
      expect.stringMatching(/^file file-\w+ \(training\.jsonl\)$/),
      expect.stringMatching(/^file file-\w+ \(validation\.jsonl\)$/),
      expect.stringMatching(/^fine-tuning job ftjob-\w+ \(gpt-4o-mini-2024-07-18\)$/),
      expect.stringMatching(/^Qianfan job job-\w+ \(faq-sft\)$/),
      expect.stringMatching(/^Qianfan task task-\w+ \(job-\w+\)$/),
      expect.stringMatching(/^file file-\w+ \(training\.jsonl\)$/),
      expect.stringMatching(/^file file-\w+ \(validation\.jsonl\)$/),
      expect.stringMatching(/^fine-tuning job ftjob-\w+ \(o4-mini-2025-04-16\)$/),
    ]);
    const output = lines.join("\n");
    expect(output).toMatch(/^Emulator .* listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toContain("Pulumi CLI not found on PATH");
    // Independent resources finish in either order, as under the real engine: the second up's steps as a set.
    const secondUp =
      /== pulumi up \(again: must change nothing\)\n((?:\s+\w+\s+pulumi-nodejs:\S+\s+\S+\n)+)/.exec(
        output,
      )?.[1] ?? "";
    const steps = secondUp
      .trim()
      .split("\n")
      .map((line) => line.trim().split(/\s+/).join(" "));
    expect(steps.sort()).toEqual([
      "same pulumi-nodejs:dynamic/azure-openai:FineTuneJob job",
      "same pulumi-nodejs:dynamic/azure-openai:TrainingFile training",
      "same pulumi-nodejs:dynamic/azure-openai:Upload validation",
    ]);
    expect(output).toContain("After destroy the emulator holds nothing");
  });
});
