/**
 * The few primitive operations a progress store needs from where it keeps data: IndexedDB
 * (indexeddb.ts) or a `Map` in memory (below). Everything else (versions, migration, tabs,
 * fallback) is written once, in store.ts, on top of these, so both behave the same.
 */
import { compareKeys, inRange, type KeyRange, type StoreKey } from './keys.ts';

export type Entry = readonly [key: StoreKey, value: unknown];

export type Write =
  { type: 'put'; key: StoreKey; value: unknown } | { type: 'delete'; key: StoreKey };

export interface Backend {
  /** Makes sure the data can be reached; rejects when it cannot. */
  open(): Promise<void>;
  /** Entries in key order, within `range` or all of them. */
  entries(range: KeyRange | null): Promise<Entry[]>;
  /** Keys in order, within `range` or all of them. */
  keys(range: KeyRange | null): Promise<StoreKey[]>;
  /**
   * Reads the values under `keys` (`undefined` where there is none), then applies the writes
   * `plan` returns, as one atomic step: all writes happen or none.
   */
  update(keys: readonly StoreKey[], plan: (current: unknown[]) => Write[]): Promise<void>;
  /** As `update`, reading every entry. */
  updateAll(plan: (current: Entry[]) => Write[]): Promise<void>;
  /** Deletes every entry. */
  clear(): Promise<void>;
  /**
   * Writes one value without reading first, issuing the write before returning (once the
   * database is open): for the moment the page goes away, when the answer to a read may never
   * come. Failures are ignored, since nobody is left to tell.
   */
  putNow(key: StoreKey, value: unknown): void;
  close(): void;
}

/**
 * Data kept in memory the way IndexedDB keeps it: values are structured clones, so what a caller
 * holds never changes what is stored. Share one between two memory stores to model two tabs.
 */
export class MemoryDatabase {
  readonly #entries = new Map<string, { key: StoreKey; value: unknown }>();

  constructor(entries: Iterable<Entry> = []) {
    for (const [key, value] of entries) this.#put(key, value);
  }

  entries(range: KeyRange | null): Entry[] {
    return [...this.#entries.values()]
      .filter((entry) => inRange(entry.key, range))
      .sort((a, b) => compareKeys(a.key, b.key))
      .map((entry) => [entry.key, structuredClone(entry.value)] as const);
  }

  keys(range: KeyRange | null): StoreKey[] {
    return [...this.#entries.values()]
      .map((entry) => entry.key)
      .filter((key) => inRange(key, range))
      .sort(compareKeys);
  }

  get(key: StoreKey): unknown {
    return structuredClone(this.#entries.get(JSON.stringify(key))?.value);
  }

  /** Applies every write or, when one cannot be cloned, none. */
  apply(writes: readonly Write[]): void {
    const cloned = writes.map((write) =>
      write.type === 'put' ? { ...write, value: structuredClone(write.value) } : write,
    );
    for (const write of cloned) {
      if (write.type === 'put') this.#put(write.key, write.value);
      else this.#entries.delete(JSON.stringify(write.key));
    }
  }

  clear(): void {
    this.#entries.clear();
  }

  #put(key: StoreKey, value: unknown): void {
    this.#entries.set(JSON.stringify(key), { key, value });
  }
}

export function memoryBackend(database: MemoryDatabase): Backend {
  // Answers asynchronously, as IndexedDB does, so callers cannot come to rely on the opposite.
  const later = async <T>(work: () => T): Promise<T> => {
    await Promise.resolve();
    return work();
  };
  return {
    open: () => later(() => undefined),
    entries: (range) => later(() => database.entries(range)),
    keys: (range) => later(() => database.keys(range)),
    update: (keys, plan) => later(() => database.apply(plan(keys.map((key) => database.get(key))))),
    updateAll: (plan) => later(() => database.apply(plan(database.entries(null)))),
    clear: () => later(() => database.clear()),
    putNow: (key, value) => database.apply([{ type: 'put', key, value }]),
    close: () => undefined,
  };
}
