import { runQuickstart } from "../../scripts/quickstart";

describe("npm start (the quick start against the emulator)", () => {
  it("runs preview, up, an up that changes nothing, and destroy, leaving nothing in the emulator but the service taken offline", async () => {
    const lines: string[] = [];
    const result = await runQuickstart({
      useHarness: true,
      processingMs: 50,
      log: (line) => lines.push(line),
    });

    expect(result).toMatchObject({ ok: true, via: "engine-harness", leftovers: [] });
    // Baidu has no API to delete a service: the destroy took it offline, and says so.
    expect(result.offline).toEqual([
      expect.stringMatching(/^offline Qianfan service svco-\w+ \(faq-bot\)$/),
    ]);
    // Independent resources are created in either order, as under the real engine: compare ids masked, as a multiset.
    const masked = result.created.map((line) =>
      line
        .replace(/\b(file|ftjob|job|task|dg|am|amv|svco)-\w+/g, "$1-ID")
        .replace(/([._])[0-9a-f]{8}_[0-9a-f]{12}_[0-9a-f]{8}\b/, "$1MARKER"),
    );
    expect(masked.sort()).toEqual(
      [
        "file file-ID (pulumi-finetune.MARKER.training.jsonl)",
        "file file-ID (pulumi-finetune.MARKER.validation.jsonl)",
        "fine-tuning job ftjob-ID (gpt-4o-mini-2024-07-18)",
        "Qianfan dataset dg-ID (faq-train_MARKER)",
        "Qianfan job job-ID (faq-sft)",
        "Qianfan task task-ID (job-ID)",
        "Qianfan model set am-ID (faq-bot_MARKER)",
        "Qianfan model amv-ID (am-ID, from task-ID)",
        "Qianfan service svco-ID (faq-bot)",
        "file file-ID (pulumi-finetune.MARKER.training.jsonl)",
        "file file-ID (pulumi-finetune.MARKER.validation.jsonl)",
        "fine-tuning job ftjob-ID (o4-mini-2025-04-16)",
      ].sort(),
    );
    const output = lines.join("\n");
    expect(output).toMatch(/^Emulator .* listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toContain("Pulumi CLI not found on PATH");
    // Independent resources finish in either order, as under the real engine: each second up's steps as a set.
    const secondUps = [
      ...output.matchAll(
        /== pulumi up \(again: must change nothing\)\n((?:\s+\w+\s+pulumi-nodejs:\S+\s+\S+\n)+)/g,
      ),
    ].map((match) =>
      (match[1] ?? "")
        .trim()
        .split("\n")
        .map((line) => line.trim().split(/\s+/).join(" "))
        .sort(),
    );
    expect(secondUps.slice(0, 2)).toEqual([
      [
        "same pulumi-nodejs:dynamic/azure-openai:FineTuneJob job",
        "same pulumi-nodejs:dynamic/azure-openai:TrainingFile training",
        "same pulumi-nodejs:dynamic/azure-openai:Upload validation",
      ],
      [
        "same pulumi-nodejs:dynamic/qianfan:Dataset faq-data",
        "same pulumi-nodejs:dynamic/qianfan:FineTuneJob faq",
        "same pulumi-nodejs:dynamic/qianfan:FineTuneTask faq-lora",
        "same pulumi-nodejs:dynamic/qianfan:Model faq-model",
        "same pulumi-nodejs:dynamic/qianfan:Service faq-service",
      ],
    ]);
    // The Qianfan example's chain ends in a serving endpoint, trained on the dataset it imported.
    expect(output).toMatch(/output versionId: "ds-\w+"/);
    expect(output).toMatch(/output runStatus: "Done"/);
    expect(output).toMatch(/output modelId: "amv-\w+"/);
    expect(output).toMatch(/output serviceUrl: "https:\/\/\S+\/faq-bot"/);
    expect(output).toMatch(/output serviceStatus: "Serving"/);
    expect(output).toContain(
      "Taken offline, NOT deleted (Baidu has no API to delete a Qianfan service",
    );
    expect(output).toContain("After destroy the emulator holds nothing");
  }, 180_000);
});
