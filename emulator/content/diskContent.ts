import {
  close,
  createReadStream,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  write,
} from "node:fs";
import { link, mkdir, open, rename, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { CONTENT_ROOTS, type ContentStore, type ContentWriter } from "./contentStore";

const READ_CHUNK_BYTES = 1024 * 1024;
const WRITE_BLOCK_BYTES = 1024 * 1024;

/**
 * Content as files under a directory, one per key. A file joined from upload parts is a directory holding the parts'
 * files, in order, so complete moves them instead of copying gigabytes.
 *
 * Under a data directory whose state is kept (`holdRemovals`), removals wait until the state that no longer names the
 * content is on disk, and complete links the parts into the file instead of moving them, so that whenever the emulator
 * stops, the state on disk names only content that is there.
 */
export class DiskContent implements ContentStore {
  /** Keys removed but still on disk, waiting for the state file; undefined: removals happen at once. */
  private held: string[] | undefined;

  constructor(readonly directory: string) {}

  /** From now on `remove` (and the sources of `concat`) wait for `takeHeldRemovals` and `removeNow`. */
  holdRemovals(): void {
    this.held ??= [];
  }

  /** The removals held so far, to perform (`removeNow`) once the state without them is written. */
  takeHeldRemovals(): string[] {
    return this.held?.splice(0) ?? [];
  }

  /** Holds removals again whose state could not be written. */
  holdAgain(keys: readonly string[]): void {
    this.held?.unshift(...keys);
  }

  removeNow(keys: readonly string[]): void {
    for (const key of keys) rmSync(this.pathOf(key), { recursive: true, force: true });
  }

  /** The bytes held under `key` (a joined file's pieces together), or undefined when it is missing. */
  sizeOf(key: string): number | undefined {
    try {
      return this.piecesOf(key).reduce((sum, piece) => sum + statSync(piece).size, 0);
    } catch {
      return undefined;
    }
  }

  /**
   * Removes every file under the content folders that no key in `named` is or lies in (what requests left that had
   * not answered when an earlier run stopped); returns their keys.
   */
  removeUnnamed(named: ReadonlySet<string>): string[] {
    const ancestors = new Set<string>();
    for (const key of named) {
      const segments = key.split("/");
      for (let i = 1; i < segments.length; i++) ancestors.add(segments.slice(0, i).join("/"));
    }
    const removed: string[] = [];
    const visit = (key: string) => {
      if (named.has(key)) return;
      const path = this.pathOf(key);
      if (ancestors.has(key) && statSync(path).isDirectory()) {
        for (const name of readdirSync(path)) visit(`${key}/${name}`);
        return;
      }
      rmSync(path, { recursive: true, force: true });
      removed.push(key);
    };
    for (const root of CONTENT_ROOTS) if (existsSync(this.pathOf(root))) visit(root);
    return removed;
  }

  /** The file, or directory of pieces, that holds `key`. */
  pathOf(key: string): string {
    return join(this.directory, ...key.split("/"));
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
  }

  writer(key: string): ContentWriter {
    const path = this.pathOf(key);
    mkdirSync(dirname(path), { recursive: true });
    return new BlockWriter(path);
  }

  async concat(key: string, sources: readonly string[]): Promise<number> {
    const path = this.pathOf(key);
    await mkdir(path, { recursive: true });
    let bytes = 0;
    const width = String(sources.length).length;
    for (const [index, source] of sources.entries()) {
      const sourcePath = this.pathOf(source);
      bytes += statSync(sourcePath).size;
      const piece = join(path, String(index).padStart(width, "0"));
      if (this.held) await linkOrMove(sourcePath, piece);
      else await rename(sourcePath, piece);
    }
    // Held: the parts stay until the state that names the file instead is written.
    if (this.held) for (const source of sources) this.remove(source);
    return bytes;
  }

  read(key: string): Buffer {
    const pieces = this.piecesOf(key);
    return pieces.length === 1
      ? readFileSync(pieces[0]!)
      : Buffer.concat(pieces.map((piece) => readFileSync(piece)));
  }

  stream(key: string): Readable {
    const pieces = this.piecesOf(key);
    return Readable.from(
      (async function* () {
        for (const piece of pieces)
          yield* createReadStream(piece, { highWaterMark: READ_CHUNK_BYTES });
      })(),
    );
  }

  async *scan(key: string): AsyncGenerator<Buffer> {
    const buffer = Buffer.allocUnsafeSlow(READ_CHUNK_BYTES);
    for (const piece of this.piecesOf(key)) {
      const file = await open(piece, "r");
      try {
        for (;;) {
          const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
          if (bytesRead === 0) break;
          yield buffer.subarray(0, bytesRead);
        }
      } finally {
        await file.close();
      }
    }
  }

  remove(key: string): void {
    if (this.held) this.held.push(key);
    else this.removeNow([key]);
  }

  private piecesOf(key: string): string[] {
    const path = this.pathOf(key);
    if (!statSync(path).isDirectory()) return [path];
    return readdirSync(path)
      .sort()
      .map((name) => join(path, name));
  }
}

/**
 * Writes a content as it arrives, gathered into blocks of 1 MiB: a request's body comes in chunks of 64 KiB, and
 * one write per chunk costs the emulator three times the CPU. Two blocks take turns, one filling while the other is
 * written, so a part of any size needs 2 MiB.
 */
class BlockWriter implements ContentWriter {
  private readonly fd: number;
  private filling = Buffer.allocUnsafeSlow(WRITE_BLOCK_BYTES);
  private spare = Buffer.allocUnsafeSlow(WRITE_BLOCK_BYTES);
  private filled = 0;
  private position = 0;
  private writing: Promise<void> = Promise.resolve();
  private closing?: Promise<void>;

  constructor(private readonly path: string) {
    this.fd = openSync(path, "w");
  }

  async write(chunk: Buffer): Promise<void> {
    for (let offset = 0; offset < chunk.length;) {
      const copied = chunk.copy(this.filling, this.filled, offset);
      this.filled += copied;
      offset += copied;
      if (this.filled === this.filling.length) await this.flush();
    }
  }

  async finish(): Promise<void> {
    await this.flush();
    await this.writing;
    await this.close();
  }

  abort(): void {
    rmSync(this.path, { force: true });
    void this.writing
      .catch(() => undefined)
      .then(() => this.close())
      .catch(() => undefined);
  }

  /** Once only: a part refused after it was stored is aborted too, and its descriptor may be another file's by then. */
  private close(): Promise<void> {
    this.closing ??= closeFile(this.fd);
    return this.closing;
  }

  /** Starts writing the filled block once the one before it is written, and fills the other meanwhile. */
  private async flush(): Promise<void> {
    await this.writing;
    if (this.filled === 0) return;
    this.writing = writeAll(this.fd, this.filling.subarray(0, this.filled), this.position);
    this.writing.catch(() => undefined);
    this.position += this.filled;
    [this.filling, this.spare] = [this.spare, this.filling];
    this.filled = 0;
  }
}

/** A second name for the part (no bytes copied); a move where the file system has no hard links. */
async function linkOrMove(source: string, target: string): Promise<void> {
  try {
    await link(source, target);
  } catch {
    await rename(source, target);
  }
}

const writeFd = promisify(write);
const closeFile = promisify(close);

async function writeAll(fd: number, block: Buffer, position: number): Promise<void> {
  for (let written = 0; written < block.length;) {
    written += (await writeFd(fd, block, written, block.length - written, position + written))
      .bytesWritten;
  }
}
