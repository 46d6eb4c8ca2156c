import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Writes valid chat-format JSONL of at least `bytes` bytes, varied enough not to compress to nothing; with
 * `atMost`, of at most `bytes` (whole lines short of it), so that a file of N parts' size has N parts, not N + 1.
 */
export async function generateChatJsonl(
  dir: string,
  bytes: number,
  options: { atMost?: boolean } = {},
): Promise<string> {
  const file = path.join(dir, `chat-${bytes}${options.atMost ? "-at-most" : ""}.jsonl`);
  const stream = fs.createWriteStream(file);
  let written = 0;
  for (let i = 0; written < bytes; i++) {
    const line =
      JSON.stringify({
        messages: [
          { role: "system", content: "You are a terse assistant for infrastructure questions." },
          {
            role: "user",
            content: `Question ${i}: how many replicas does service ${i % 97} need at ${i % 13} rps?`,
          },
          {
            role: "assistant",
            content: `Service ${i % 97} needs ${(i % 7) + 1} replicas at ${i % 13} requests per second.`,
          },
        ],
      }) + "\n";
    if (options.atMost && written + Buffer.byteLength(line) > bytes) break;
    written += Buffer.byteLength(line);
    if (!stream.write(line))
      await new Promise<void>((resolve) => stream.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return file;
}
