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
    // Independent resources are created in either order, as under the real engine: compare ids masked, as a multiset.
    const masked = result.created.map((line) =>
      line
        .replace(/\b(file|ftjob|job|task)-\w+/g, "$1-ID")
        .replace(
          /pulumi-finetune\.[0-9a-f]{8}_[0-9a-f]{12}_[0-9a-f]{8}\./,
          "pulumi-finetune.MARKER.",
        ),
    );
    expect(masked.sort()).toEqual(
      [
        "file file-ID (pulumi-finetune.MARKER.training.jsonl)",
        "file file-ID (pulumi-finetune.MARKER.validation.jsonl)",
        "fine-tuning job ftjob-ID (gpt-4o-mini-2024-07-18)",
        "Qianfan job job-ID (faq-sft)",
        "Qianfan task task-ID (job-ID)",
        "file file-ID (pulumi-finetune.MARKER.training.jsonl)",
        "file file-ID (pulumi-finetune.MARKER.validation.jsonl)",
        "fine-tuning job ftjob-ID (o4-mini-2025-04-16)",
      ].sort(),
    );
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
  }, 180_000);
});
