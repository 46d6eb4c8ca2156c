// How a store's objects reach the state file and come back: each store is a list of kinds (Azure
// files, uploads and jobs; Qianfan jobs and tasks), and each kind says how one of its objects is
// written and read back. A new kind persists by adding its own entry to its store's list.
import { StateError, type StateReader } from "./stateJson";

/** Content an object needs on disk (`files/<id>`, `parts/<upload>/<part>`), and its size. */
export interface NamedContent {
  key: string;
  bytes: number;
}

/** One kind of object a store keeps. */
export interface PersistedKind {
  /** Its key in the store's section of the state file: "files", "tasks". */
  readonly name: string;
  /**
   * Every object of the kind, in the order the store holds them (oldest first), as plain data
   * (`JSON.stringify` writes it; `undefined` fields are left out).
   */
  write(): object[];
  /**
   * Reads one object back (what `write` wrote) and adds it to the store, which is being restored;
   * returns the content it names. Throws a `StateError` naming the field it cannot read.
   */
  read(json: StateReader): readonly NamedContent[];
}

/** A store whose objects outlive the emulator when it has a data directory. */
export interface PersistentStore {
  /** Its objects, kind by kind: `{ files: [...], uploads: [...] }`. */
  snapshot(): Record<string, object[]>;
  /**
   * Loads a snapshot into this store, which holds nothing yet. A kind the snapshot lacks is empty
   * (the file was written before the kind existed); one the store does not know is refused, since
   * dropping its objects would lose them. Returns the content the objects name.
   */
  restore(section: StateReader): NamedContent[];
}

/** A `PersistentStore` made of kinds, restored in their order (a kind may look up an earlier one). */
export function persistentKinds(kinds: readonly PersistedKind[]): PersistentStore {
  return {
    snapshot: () => Object.fromEntries(kinds.map((kind) => [kind.name, kind.write()])),
    restore(section) {
      const unknown = section.keys().filter((name) => !kinds.some((kind) => kind.name === name));
      if (unknown.length > 0) {
        throw new StateError(
          `${section.path} holds ${unknown.map((name) => `'${name}'`).join(", ")}, which this ` +
            "emulator does not know (was the file written by a newer version?)",
        );
      }
      return kinds.flatMap((kind) =>
        section.has(kind.name) ? section.list(kind.name).flatMap((item) => kind.read(item)) : [],
      );
    },
  };
}
