import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const chatLine = (question: string) =>
  JSON.stringify({
    messages: [
      { role: "system", content: "You answer in one sentence." },
      { role: "user", content: question },
      { role: "assistant", content: `An answer to ${question}.` },
    ],
  });

export const chatJsonl = (count: number, prefix = "q") =>
  Array.from({ length: count }, (_, i) => chatLine(`${prefix}${i}`)).join("\n") + "\n";

/** Writes valid chat JSONL of at least `bytes` bytes to a temp file and returns its path. */
export function writeChatFile(bytes: number, name = "train.jsonl", prefix = "q"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-finetune-test-"));
  const file = path.join(dir, name);
  const fd = fs.openSync(file, "w");
  let written = 0;
  for (let i = 0; written < bytes; i++) {
    const line = chatLine(`${prefix}${i}`) + "\n";
    fs.writeSync(fd, line);
    written += Buffer.byteLength(line);
  }
  fs.closeSync(fd);
  return file;
}
