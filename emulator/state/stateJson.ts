// Reading the state file back field by field, so a damaged or foreign file is refused naming the
// field rather than misread.

/** The state file does not hold what the emulator wrote; the message names the field. */
export class StateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StateError";
  }
}

/** A value read back from the state file, with where it is (`stores.azure.jobs[3].timings`). */
export class StateReader {
  constructor(
    private readonly value: unknown,
    /** Where the value is in the file, for errors; "" for the whole file. */
    readonly path: string,
  ) {}

  /** The names of this object's fields. */
  keys(): string[] {
    return Object.keys(this.fields());
  }

  /** Whether the field is present (and not null). */
  has(name: string): boolean {
    return present(this.fields()[name]);
  }

  /** A field holding an object, to read further. */
  at(name: string): StateReader {
    const reader = this.child(name);
    reader.fields();
    return reader;
  }

  optionalAt(name: string): StateReader | undefined {
    return this.has(name) ? this.at(name) : undefined;
  }

  /** A field holding an array; each item to read further. */
  list(name: string): StateReader[] {
    const reader = this.child(name);
    if (!Array.isArray(reader.value)) throw reader.wrong("an array");
    const items: readonly unknown[] = reader.value;
    return items.map((item, i) => new StateReader(item, `${reader.path}[${i}]`));
  }

  string(name: string): string {
    const reader = this.child(name);
    if (typeof reader.value !== "string") throw reader.wrong("a string");
    return reader.value;
  }

  optionalString(name: string): string | undefined {
    return this.has(name) ? this.string(name) : undefined;
  }

  nullableString(name: string): string | null {
    return this.optionalString(name) ?? null;
  }

  /** A finite number. */
  number(name: string): number {
    const reader = this.child(name);
    if (typeof reader.value !== "number" || !Number.isFinite(reader.value)) {
      throw reader.wrong("a number");
    }
    return reader.value;
  }

  optionalNumber(name: string): number | undefined {
    return this.has(name) ? this.number(name) : undefined;
  }

  boolean(name: string): boolean {
    const reader = this.child(name);
    if (typeof reader.value !== "boolean") throw reader.wrong("true or false");
    return reader.value;
  }

  numbers(name: string): number[] {
    return this.list(name).map((item) => {
      if (typeof item.value !== "number" || !Number.isFinite(item.value)) {
        throw item.wrong("a number");
      }
      return item.value;
    });
  }

  /** A field holding an array of strings. */
  stringList(name: string): string[] {
    return this.list(name).map((item) => {
      if (typeof item.value !== "string") throw item.wrong("a string");
      return item.value;
    });
  }

  /**
   * An id field naming an object of another kind, which must be restored already (a version's
   * dataset): `what` names that kind in the error.
   */
  reference(name: string, what: string, exists: (id: string) => boolean): string {
    const id = this.string(name);
    if (!exists(id)) {
      throw new StateError(`${this.child(name).path} names ${what} '${id}', which the state lacks`);
    }
    return id;
  }

  /** One of `values`. */
  oneOf<T extends string>(name: string, values: readonly T[]): T {
    const value = this.string(name);
    if (!(values as readonly string[]).includes(value)) {
      throw this.child(name).wrong(`one of ${values.join(", ")}`);
    }
    return value as T;
  }

  /** A JSON object kept as it is (a request's configuration, a grader). */
  record(name: string): Readonly<Record<string, unknown>> {
    return this.at(name).fields();
  }

  optionalRecord(name: string): Readonly<Record<string, unknown>> | undefined {
    return this.has(name) ? this.record(name) : undefined;
  }

  /** A JSON object of strings (metadata). */
  strings(name: string): Readonly<Record<string, string>> {
    const reader = this.at(name);
    return Object.fromEntries(reader.keys().map((key) => [key, reader.string(key)]));
  }

  private fields(): Readonly<Record<string, unknown>> {
    if (typeof this.value !== "object" || this.value === null || Array.isArray(this.value)) {
      throw this.wrong("an object");
    }
    return this.value as Readonly<Record<string, unknown>>;
  }

  private child(name: string): StateReader {
    const path = this.path === "" ? name : `${this.path}.${name}`;
    return new StateReader(this.fields()[name], path);
  }

  private wrong(expected: string): StateError {
    const where = this.path === "" ? "the state" : this.path;
    return new StateError(`${where} must be ${expected} (found ${describe(this.value)})`);
  }
}

const present = (value: unknown) => value !== undefined && value !== null;

/** What a value is, never what it says. */
function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return `a ${typeof value}`;
}
