/**
 * Cuts a byte stream into blocks of whole lines, each block ending with a line feed, so that a line can be read in
 * place, where it lies in the chunk it came in. Only a line that spans chunks is copied (with the parts before it);
 * the last line of a stream that does not end with a line feed gets one. Nothing of a chunk is kept after the next
 * one is asked for, so the source may reuse its buffer.
 */
export type Chunks =
  AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>;

export const LINE_FEED = 0x0a;
const FINAL_LINE_FEED = Buffer.from([LINE_FEED]);

export function asBuffer(chunk: Buffer | Uint8Array | string): Buffer {
  if (typeof chunk === "string") return Buffer.from(chunk);
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
}

export async function* lineBlocks(chunks: Chunks): AsyncGenerator<Buffer> {
  let carry: Buffer[] = [];
  for await (const raw of chunks) {
    const chunk = asBuffer(raw);
    let start = 0;
    if (carry.length > 0) {
      const end = chunk.indexOf(LINE_FEED);
      if (end === -1) {
        carry.push(Buffer.from(chunk));
        continue;
      }
      carry.push(chunk.subarray(0, end + 1));
      yield Buffer.concat(carry);
      carry = [];
      start = end + 1;
    }
    const last = chunk.lastIndexOf(LINE_FEED);
    if (last >= start) {
      yield chunk.subarray(start, last + 1);
      start = last + 1;
    }
    if (start < chunk.length) carry.push(Buffer.from(chunk.subarray(start)));
  }
  if (carry.length > 0) yield Buffer.concat([...carry, FINAL_LINE_FEED]);
}
