/**
 * Reads a file from start to end through two reused buffers: while the caller works on one chunk, the next read is
 * already in flight. A chunk is valid until the caller asks for the next one; nothing is allocated per chunk.
 */
import { promises as fs } from "node:fs";

export const DEFAULT_CHUNK_BYTES = 1024 * 1024;

export async function* readFileChunks(
  path: string,
  chunkBytes = DEFAULT_CHUNK_BYTES,
): AsyncGenerator<Buffer> {
  const handle = await fs.open(path, "r");
  const buffers = [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)];
  let position = 0;
  const readInto = (buffer: Buffer) => {
    const read = handle.read(buffer, 0, buffer.length, position);
    // Awaited on the next turn; until then a failure must not count as unhandled.
    read.catch(() => undefined);
    return read;
  };
  let next = readInto(buffers[0]!);
  try {
    for (let turn = 0; ; turn ^= 1) {
      const { bytesRead } = await next;
      if (bytesRead === 0) return;
      position += bytesRead;
      const chunk = buffers[turn]!.subarray(0, bytesRead);
      next = readInto(buffers[turn ^ 1]!);
      yield chunk;
    }
  } finally {
    await next.catch(() => undefined);
    await handle.close();
  }
}
