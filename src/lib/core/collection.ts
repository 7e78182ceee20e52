/**
 * Collections: named sets of key -> value entries kept beside progress and carried in backups.
 * A small module of its own so features can define one without loading the backup code.
 */

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** One value of a collection, under a key unique within the collection. */
export interface CollectionEntry {
  key: string;
  value: JsonValue;
}

/** Collection name -> its entries in key order. Built without a prototype. */
export type CollectionsContents = Record<string, CollectionEntry[]>;

export type CollectionRead<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * A named set of key -> value entries kept beside progress and carried in backups, for data a
 * feature adds later (framework files the user loaded, assessments they received) without a new
 * storage or backup format. Values must be plain JSON data.
 */
export interface Collection<T> {
  /** Stable name, used in storage keys and as the backup field: see `COLLECTION_NAME`. */
  readonly name: string;
  /**
   * Checks a value read from storage or a backup file: the typed value, or why it cannot be
   * used. Must not throw.
   */
  readonly read: (value: unknown) => CollectionRead<T>;
}

/** Lowercase ASCII letters, digits and `-`, starting with a letter, at most 64 characters. */
export const COLLECTION_NAME = /^[a-z][a-z0-9-]{0,63}$/;

/** Defines a collection. Throws for a name `COLLECTION_NAME` refuses (a programming error). */
export function defineCollection<T>(
  name: string,
  read: (value: unknown) => CollectionRead<T>,
): Collection<T> {
  if (!COLLECTION_NAME.test(name)) {
    throw new Error(`Collection name "${name}" must match ${String(COLLECTION_NAME)}.`);
  }
  return { name, read };
}
