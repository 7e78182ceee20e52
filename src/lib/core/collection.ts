/**
 * Collections: named sets of key -> value entries kept beside progress and carried in backups.
 * A small module of its own so features can define one without loading the backup code.
 *
 * A new kind of stored record is a collection: its schema in `schemas/` (or beside the
 * collection, for a small one), then `defineCollection(name, schema)`. Storage, backups and
 * restores then read every entry through that schema, and nothing else reads it by hand.
 */
import type { RecordSchema } from './schemas/read.ts';

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
   * What one entry's value must be. Loaded when storage first reads or writes an entry, so a
   * page that only names the collection carries no schema code.
   */
  readonly loadSchema: () => Promise<RecordSchema<T>>;
}

/** Lowercase ASCII letters, digits and `-`, starting with a letter, at most 64 characters. */
export const COLLECTION_NAME = /^[a-z][a-z0-9-]{0,63}$/;

/**
 * Defines a collection whose entries `schema` reads (or a function loading it, to keep the
 * schema out of the first view). Throws for a name `COLLECTION_NAME` refuses (a programming
 * error).
 */
export function defineCollection<T>(
  name: string,
  schema: RecordSchema<T> | (() => Promise<RecordSchema<T>>),
): Collection<T> {
  if (!COLLECTION_NAME.test(name)) {
    throw new Error(`Collection name "${name}" must match ${String(COLLECTION_NAME)}.`);
  }
  return {
    name,
    loadSchema: typeof schema === 'function' ? schema : () => Promise.resolve(schema),
  };
}
