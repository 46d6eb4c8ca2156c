/**
 * The fast path of validation. It reads one JSONL line where it lies in the bytes read (four bytes at a time through
 * long strings), without building its value, and answers only when it is sure: the line is blank, or it is a
 * well-formed example with nothing wrong (and of which format). Anything else — a line with a problem, or a shape it does not know — it leaves undecided, and the slow
 * path (JSON.parse, then `checkExample`) decides and words the problems. So a line it answers for is one that
 * JSON.parse accepts and `checkExample` passes: it is stricter than they are, never looser.
 *
 * What it checks, as `checkExample` does: chat lines (`messages`: a non-empty array of objects, each with a `role`
 * of CHAT_ROLES and string `content`, `weight` 0 or 1 if given; an assistant message; `tools` an array if given;
 * for `reinforcement` the last message the user's) and prompt/completion lines (both strings). Strings are checked
 * as JSON.parse checks them (escapes, no raw control characters) but never decoded; keys and roles are compared as
 * bytes, and one spelt with an escape is left undecided. Preference lines, content parts, `null` content, duplicate
 * keys that matter and nesting deeper than MAX_DEPTH are left undecided too.
 *
 * The line must end with a line feed (lineBlocks guarantees it): every loop stops there, as a line feed is not
 * allowed anywhere inside a JSON line, so the scanner never reads past it.
 */
import { CHAT_ROLES, ExampleFormat } from "./examples";

/** "blank", a format (a clean example of it), or undefined: not decided here. */
export type ScanVerdict = ExampleFormat | "blank" | undefined;

export const MAX_DEPTH = 64;

const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const PLUS = 0x2b;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const ONE = 0x31;
const NINE = 0x39;
const COLON = 0x3a;
const UPPER_E = 0x45;
const LEFT_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const RIGHT_BRACKET = 0x5d;
const LOWER_E = 0x65;
const LOWER_U = 0x75;
const LEFT_BRACE = 0x7b;
const RIGHT_BRACE = 0x7d;

const table = (bytes: Iterable<number>): Uint8Array => {
  const t = new Uint8Array(256);
  for (const b of bytes) t[b] = 1;
  return t;
};
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
/** Bytes that go into a JSON string as they are: all but the quote, the backslash and control characters. */
const PLAIN = table(range(SPACE, 0xff).filter((b) => b !== QUOTE && b !== BACKSLASH));
/** JSON whitespace that can be inside a line: the line feed ends it. */
const WHITESPACE = table([SPACE, TAB, CARRIAGE_RETURN]);
/** What may follow a backslash, besides `u` and four hex digits. */
const ESCAPED = table([...'"\\/bfnrt'].map((c) => c.charCodeAt(0)));
const HEX = table([..."0123456789abcdefABCDEF"].map((c) => c.charCodeAt(0)));
const DIGIT = table(range(ZERO, NINE));
/** What would continue a number after its first digit. */
const NUMBER_GOES_ON = table([...range(ZERO, NINE), DOT, LOWER_E, UPPER_E]);

const bytesOf = (text: string) => Buffer.from(text, "latin1");

/**
 * Whether any of the four bytes of `word` is a quote, a backslash or a control character: the test for a zero byte
 * (x - 0x01…) & ~x & 0x80…, on the word xor the quote and xor the backslash, and the test for a byte below 0x20.
 */
export function hasSpecialByte(word: number): boolean {
  const quote = word ^ 0x22222222;
  const backslash = word ^ 0x5c5c5c5c;
  const found =
    ((quote - 0x01010101) & ~quote) |
    ((backslash - 0x01010101) & ~backslash) |
    ((word - 0x20202020) & ~word);
  return (found & 0x80808080) !== 0;
}

/** Keys whose values `checkExample` reads; the key at index i is bit 1 << i, other keys count as 0. */
const TOP_KEYS = [
  "messages",
  "tools",
  "prompt",
  "completion",
  "input",
  "preferred_output",
  "non_preferred_output",
].map(bytesOf);
const MESSAGES = 1;
const TOOLS = 2;
const PROMPT = 4;
const COMPLETION = 8;
const PREFERENCE = 16 | 32 | 64;

/** With string content, `tool_calls` and `function_call` do not matter: they excuse only missing content. */
const MESSAGE_KEYS = ["role", "content", "weight"].map(bytesOf);
const ROLE = 1;
const CONTENT = 2;
const WEIGHT = 4;

const ROLES = CHAT_ROLES.map(bytesOf);
/** The only role a first byte can begin (the roles begin with different letters), none, or SEVERAL_ROLES. */
const SEVERAL_ROLES = -2;
const ROLE_BY_FIRST_BYTE = new Int8Array(256).fill(-1);
ROLES.forEach((role, i) => {
  const first = role[0]!;
  ROLE_BY_FIRST_BYTE[first] = ROLE_BY_FIRST_BYTE[first] === -1 ? i : SEVERAL_ROLES;
});
const ASSISTANT = CHAT_ROLES.indexOf("assistant");
const USER = CHAT_ROLES.indexOf("user");

const FAILED = -1;
/** A key spelt with an escape, which could be any key once decoded. */
const ESCAPED_KEY = -1;

export class ExampleScanner {
  /** After a verdict: the position of the line feed that ends the line. */
  end = 0;
  private b: Uint8Array = Buffer.alloc(0);
  /** The same bytes four at a time, from `aligned` on, for skipping through long strings. */
  private words: Int32Array = new Int32Array(0);
  private aligned = 0;
  private role = 0;
  private lastRole = 0;
  private hasAssistant = false;

  /** Reads the line that starts at `start` in `bytes`. */
  scan(bytes: Uint8Array, start: number, declared?: ExampleFormat): ScanVerdict {
    if (bytes !== this.b) this.use(bytes);
    const b = bytes;
    let p = this.space(start);
    if (b[p] === LINE_FEED) {
      this.end = p;
      return "blank";
    }
    if (b[p] !== LEFT_BRACE) return undefined;
    let seen = 0;
    let toolsAreArray = false;
    let promptIsString = false;
    let completionIsString = false;
    p = this.space(p + 1);
    if (b[p] !== RIGHT_BRACE) {
      for (;;) {
        const key = this.key(p, TOP_KEYS);
        if (key === ESCAPED_KEY || (key & seen) !== 0) return undefined;
        seen |= key;
        p = this.afterColon(this.after);
        if (p === FAILED) return undefined;
        if (key === MESSAGES) p = this.messages(p);
        else {
          if (key === TOOLS) toolsAreArray = b[p] === LEFT_BRACKET;
          else if (key === PROMPT) promptIsString = b[p] === QUOTE;
          else if (key === COMPLETION) completionIsString = b[p] === QUOTE;
          p = this.value(p, 1);
        }
        if (p === FAILED) return undefined;
        p = this.space(p);
        if (b[p] === COMMA) p = this.space(p + 1);
        else if (b[p] === RIGHT_BRACE) break;
        else return undefined;
      }
    }
    p = this.space(p + 1);
    if (b[p] !== LINE_FEED) return undefined;
    this.end = p;
    if ((seen & MESSAGES) !== 0) {
      if (declared === "reinforcement") return this.lastRole === USER ? "reinforcement" : undefined;
      if (!this.hasAssistant || ((seen & TOOLS) !== 0 && !toolsAreArray)) return undefined;
      return "chat";
    }
    if ((seen & PREFERENCE) !== 0) return undefined;
    if ((seen & (PROMPT | COMPLETION)) !== 0 && promptIsString && completionIsString)
      return "completion";
    return undefined;
  }

  private use(bytes: Uint8Array): void {
    this.b = bytes;
    this.aligned = (4 - (bytes.byteOffset & 3)) & 3;
    const count = Math.max(0, (bytes.length - this.aligned) >> 2);
    this.words = new Int32Array(bytes.buffer, bytes.byteOffset + this.aligned, count);
  }

  /** A `messages` array whose every message is clean; the position after it, or FAILED. */
  private messages(start: number): number {
    const b = this.b;
    if (b[start] !== LEFT_BRACKET) return FAILED;
    let p = this.space(start + 1);
    if (b[p] === RIGHT_BRACKET) return FAILED;
    this.hasAssistant = false;
    for (;;) {
      p = this.message(p);
      if (p === FAILED) return FAILED;
      if (this.role === ASSISTANT) this.hasAssistant = true;
      this.lastRole = this.role;
      p = this.space(p);
      if (b[p] === COMMA) p = this.space(p + 1);
      else if (b[p] === RIGHT_BRACKET) return p + 1;
      else return FAILED;
    }
  }

  /** One message object with a known role and string content; sets `role`. */
  private message(start: number): number {
    const b = this.b;
    if (b[start] !== LEFT_BRACE) return FAILED;
    let seen = 0;
    let role = FAILED;
    let p = this.space(start + 1);
    if (b[p] !== RIGHT_BRACE) {
      for (;;) {
        const key = this.key(p, MESSAGE_KEYS);
        if (key === ESCAPED_KEY || (key & seen) !== 0) return FAILED;
        seen |= key;
        p = this.afterColon(this.after);
        if (p === FAILED) return FAILED;
        if (key === ROLE) {
          if (b[p] !== QUOTE) return FAILED;
          role = this.roleAt(p + 1);
          if (role === FAILED) return FAILED;
          p = this.after;
        } else if (key === CONTENT) {
          if (b[p] !== QUOTE) return FAILED;
          p = this.text(p);
        } else if (key === WEIGHT) {
          if ((b[p] !== ZERO && b[p] !== ONE) || NUMBER_GOES_ON[b[p + 1]!] === 1) return FAILED;
          p++;
        } else p = this.value(p, 3);
        if (p === FAILED) return FAILED;
        p = this.space(p);
        if (b[p] === COMMA) p = this.space(p + 1);
        else if (b[p] === RIGHT_BRACE) break;
        else return FAILED;
      }
    }
    if (role === FAILED || (seen & CONTENT) === 0) return FAILED;
    this.role = role;
    return p + 1;
  }

  /** Set by `key` and `roleAt`: the position after the closing quote of what they read. */
  private after = 0;

  /** The bit of the key at `p` among `keys`, 0 for another key, or ESCAPED_KEY; sets `after` (FAILED if none). */
  private key(p: number, keys: readonly Buffer[]): number {
    const b = this.b;
    if (b[p] !== QUOTE) {
      this.after = FAILED;
      return 0;
    }
    for (let i = 0; i < keys.length; i++) {
      const end = this.quoted(p + 1, keys[i]!);
      if (end !== FAILED) {
        this.after = end;
        return 1 << i;
      }
    }
    const end = this.string(p);
    this.after = end;
    for (let i = p + 1; i < end - 1; i++) if (b[i] === BACKSLASH) return ESCAPED_KEY;
    return 0;
  }

  /** If the bytes at `p` are `name` and a closing quote, the position after the quote; else FAILED. */
  private quoted(p: number, name: Buffer): number {
    const b = this.b;
    for (let i = 0; i < name.length; i++) if (b[p + i] !== name[i]) return FAILED;
    return b[p + name.length] === QUOTE ? p + name.length + 1 : FAILED;
  }

  private afterColon(keyEnd: number): number {
    if (keyEnd === FAILED) return FAILED;
    const p = this.space(keyEnd);
    return this.b[p] === COLON ? this.space(p + 1) : FAILED;
  }

  /** The index in CHAT_ROLES of the role spelt at `p` up to a quote, or FAILED; sets `after`, the position after the quote. */
  private roleAt(p: number): number {
    const role = ROLE_BY_FIRST_BYTE[this.b[p]!]!;
    if (role === FAILED) return FAILED;
    if (role === SEVERAL_ROLES) {
      for (let i = 0; i < ROLES.length; i++) {
        this.after = this.quoted(p, ROLES[i]!);
        if (this.after !== FAILED) return i;
      }
      return FAILED;
    }
    const end = this.quoted(p, ROLES[role]!);
    this.after = end;
    return end === FAILED ? FAILED : role;
  }

  private equals(from: number, to: number, name: Buffer): boolean {
    if (to - from !== name.length) return false;
    for (let i = 0; i < name.length; i++) if (this.b[from + i] !== name[i]) return false;
    return true;
  }

  /** Past whitespace; the loop is out of line, as compact JSON has none. */
  private space(p: number): number {
    return WHITESPACE[this.b[p]!] === 1 ? this.pastSpace(p) : p;
  }

  private pastSpace(p: number): number {
    const b = this.b;
    while (WHITESPACE[b[p]!] === 1) p++;
    return p;
  }

  /** A string that starts at `p` (its quote); the position after its closing quote, or FAILED. */
  private string(p: number): number {
    const b = this.b;
    p++;
    for (;;) {
      while (PLAIN[b[p]!] === 1) p++;
      if (b[p] === QUOTE) return p + 1;
      p = this.escape(p);
      if (p === FAILED) return FAILED;
    }
  }

  /** The same for a string that may be long: four bytes at a time where it can. */
  private text(p: number): number {
    const b = this.b;
    const words = this.words;
    const aligned = this.aligned;
    p++;
    for (;;) {
      while (((p - aligned) & 3) !== 0 && PLAIN[b[p]!] === 1) p++;
      if (PLAIN[b[p]!] === 1) {
        let w = (p - aligned) >> 2;
        while (w < words.length && !hasSpecialByte(words[w]!)) w++;
        p = aligned + w * 4;
        while (PLAIN[b[p]!] === 1) p++;
      }
      if (b[p] === QUOTE) return p + 1;
      p = this.escape(p);
      if (p === FAILED) return FAILED;
    }
  }
  /** After a backslash at `p`, a valid escape: the position after it; else (a control character) FAILED. */
  private escape(p: number): number {
    const b = this.b;
    if (b[p] !== BACKSLASH) return FAILED; // a control character: the line feed is one
    const escaped = b[p + 1]!;
    if (ESCAPED[escaped] === 1) return p + 2;
    const hex = HEX[b[p + 2]!]! & HEX[b[p + 3]!]! & HEX[b[p + 4]!]! & HEX[b[p + 5]!]!;
    return escaped === LOWER_U && hex === 1 ? p + 6 : FAILED;
  }

  /** Any JSON value at `p`, checked but not read; the position after it, or FAILED. */
  private value(p: number, depth: number): number {
    const c = this.b[p];
    if (c === QUOTE) return this.text(p);
    if (c === LEFT_BRACE) return depth < MAX_DEPTH ? this.object(p, depth + 1) : FAILED;
    if (c === LEFT_BRACKET) return depth < MAX_DEPTH ? this.array(p, depth + 1) : FAILED;
    if (c === 0x74) return this.literal(p, TRUE);
    if (c === 0x66) return this.literal(p, FALSE);
    if (c === 0x6e) return this.literal(p, NULL);
    return this.number(p);
  }

  private object(start: number, depth: number): number {
    const b = this.b;
    let p = this.space(start + 1);
    if (b[p] === RIGHT_BRACE) return p + 1;
    for (;;) {
      if (b[p] !== QUOTE) return FAILED;
      p = this.afterColon(this.string(p));
      if (p === FAILED) return FAILED;
      p = this.value(p, depth);
      if (p === FAILED) return FAILED;
      p = this.space(p);
      if (b[p] === COMMA) p = this.space(p + 1);
      else return b[p] === RIGHT_BRACE ? p + 1 : FAILED;
    }
  }

  private array(start: number, depth: number): number {
    const b = this.b;
    let p = this.space(start + 1);
    if (b[p] === RIGHT_BRACKET) return p + 1;
    for (;;) {
      p = this.value(p, depth);
      if (p === FAILED) return FAILED;
      p = this.space(p);
      if (b[p] === COMMA) p = this.space(p + 1);
      else return b[p] === RIGHT_BRACKET ? p + 1 : FAILED;
    }
  }

  private literal(p: number, word: Buffer): number {
    return this.equals(p, p + word.length, word) ? p + word.length : FAILED;
  }

  /** JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
  private number(start: number): number {
    const b = this.b;
    let p = start;
    if (b[p] === MINUS) p++;
    if (b[p] === ZERO) p++;
    else if (DIGIT[b[p]!] === 1) while (DIGIT[b[p]!] === 1) p++;
    else return FAILED;
    if (b[p] === DOT) {
      p++;
      if (DIGIT[b[p]!] !== 1) return FAILED;
      while (DIGIT[b[p]!] === 1) p++;
    }
    if (b[p] === LOWER_E || b[p] === UPPER_E) {
      p++;
      if (b[p] === PLUS || b[p] === MINUS) p++;
      if (DIGIT[b[p]!] !== 1) return FAILED;
      while (DIGIT[b[p]!] === 1) p++;
    }
    return p;
  }
}

const TRUE = bytesOf("true");
const FALSE = bytesOf("false");
const NULL = bytesOf("null");
