/**
 * Splits a byte stream into lines without holding more than one line (plus one chunk) in memory. A UTF-8 byte
 * order mark on the first line and CR before LF are dropped.
 */
export interface Line {
  number: number;
  text: string;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export async function* readLines(
  chunks: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>,
): AsyncGenerator<Line> {
  let carry: Buffer[] = [];
  let number = 0;
  const emit = (parts: Buffer[]): Line => {
    let bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    if (number === 0 && bytes.subarray(0, 3).equals(BOM)) bytes = bytes.subarray(3);
    if (bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN)
      bytes = bytes.subarray(0, -1);
    number++;
    return { number, text: bytes.toString("utf8") };
  };
  for await (const raw of chunks) {
    const chunk =
      typeof raw === "string" ? Buffer.from(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    let start = 0;
    for (let i = chunk.indexOf(NEWLINE, start); i !== -1; i = chunk.indexOf(NEWLINE, start)) {
      carry.push(chunk.subarray(start, i));
      yield emit(carry);
      carry = [];
      start = i + 1;
    }
    if (start < chunk.length) carry.push(chunk.subarray(start));
  }
  if (carry.some((part) => part.length > 0)) yield emit(carry);
}
