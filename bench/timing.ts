/** Wall-clock timing helpers shared by the engine benchmarks. */

/** Runs `action` and returns how long it took, in seconds, with its value. */
export async function timed<T>(action: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await action();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, value };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
