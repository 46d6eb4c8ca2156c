/**
 * A compact trend for progress lines: the last values as block characters, lowest ▁ to highest █. Plain text, no
 * control codes, so it reads the same in a terminal and in a CI log.
 */
const BLOCKS = "▁▂▃▄▅▆▇█";

export function sparkline(values: readonly number[], width = 16): string {
  const shown = values.filter((v) => Number.isFinite(v)).slice(-width);
  if (shown.length === 0) return "";
  const low = Math.min(...shown);
  const high = Math.max(...shown);
  if (high === low) return BLOCKS[3]!.repeat(shown.length);
  return shown
    .map((v) => BLOCKS[Math.round(((v - low) / (high - low)) * (BLOCKS.length - 1))])
    .join("");
}
