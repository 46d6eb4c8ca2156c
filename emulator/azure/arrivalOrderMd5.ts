import { createHash } from "node:crypto";
import { setImmediate as yieldToRequests } from "node:timers/promises";

const YIELD_EVERY_BYTES = 8 * 1024 * 1024;

/**
 * The MD5 of an upload's parts in the order their requests arrived, computed while later parts are still coming in.
 * Clients send parts in order, so complete usually lists them in this order and need not read every byte again; when
 * it does not (a part was retried, or requests overtook each other), complete hashes the parts itself.
 *
 * A part that is next in the order from its first byte on is hashed as its bytes arrive; one that arrives while
 * earlier parts are still coming in is read back once it is stored and its turn comes.
 */
export class ArrivalOrderMd5 {
  private readonly hash = createHash("md5");
  private readonly hashedPartIds: string[] = [];
  private readonly arrived = new Map<
    number,
    { partId: string; read: () => AsyncIterable<Buffer> }
  >();
  private issued = 0;
  private next = 0;
  /** The part being hashed as it arrives. */
  private streaming?: number;
  private broken = false;
  private running?: Promise<void>;

  /** Called when a part's request arrives, before its body is read; returns its place in the order. */
  arrive(): number {
    return this.issued++;
  }

  /** Bytes of a part, as they arrive: `offset` is how many of its bytes came before `chunk`. */
  received(sequence: number, offset: number, chunk: Buffer): void {
    if (this.broken) return;
    if (offset === 0 && sequence === this.next && this.streaming === undefined && !this.running)
      this.streaming = sequence;
    if (this.streaming === sequence) this.hash.update(chunk);
  }

  /** A part stored; `read` gives its bytes, each chunk valid until the next is asked for. */
  added(sequence: number, partId: string, read: () => AsyncIterable<Buffer>): void {
    if (this.broken) return;
    if (this.streaming === sequence) {
      this.streaming = undefined;
      this.hashedPartIds.push(partId);
      this.next++;
    } else {
      this.arrived.set(sequence, { partId, read });
    }
    this.startHashing();
  }

  /** A part whose request failed: the arrival order no longer describes the upload. */
  abandoned(): void {
    this.broken = true;
    this.arrived.clear();
  }

  /** The MD5 of exactly these parts in this order, if that is the order hashed; otherwise undefined. */
  async md5Of(partIds: readonly string[]): Promise<string | undefined> {
    while (this.running) await this.running;
    if (this.broken || this.next !== this.issued || partIds.length !== this.hashedPartIds.length)
      return undefined;
    if (partIds.some((id, index) => id !== this.hashedPartIds[index])) return undefined;
    return this.hash.copy().digest("hex");
  }

  private startHashing(): void {
    if (this.running || this.broken || !this.arrived.has(this.next)) return;
    this.running = this.hashInOrder()
      // A part that cannot be read (its upload was cancelled meanwhile): complete hashes the parts itself.
      .catch(() => this.abandoned())
      .finally(() => {
        this.running = undefined;
        this.startHashing();
      });
  }

  private async hashInOrder(): Promise<void> {
    for (
      let part = this.arrived.get(this.next);
      part && !this.broken;
      part = this.arrived.get(this.next)
    ) {
      this.arrived.delete(this.next);
      let sinceYield = 0;
      for await (const chunk of part.read()) {
        if (this.broken) break;
        this.hash.update(chunk);
        sinceYield += chunk.length;
        // Now and then, so hashing a 64 MiB part does not hold up other requests.
        if (sinceYield >= YIELD_EVERY_BYTES) {
          sinceYield = 0;
          await yieldToRequests();
        }
      }
      this.hashedPartIds.push(part.partId);
      this.next++;
    }
  }
}
