/**
 * The keys records are stored under. Arrays are valid IndexedDB keys and sort element by element,
 * so every record of one framework sits in one key range:
 *
 *     ['progress', frameworkId, criterionId]   one criterion's progress
 *     ['settings', frameworkId]                one framework's settings
 *     ['collection', name, key]                one entry of a collection
 *     ['detached', frameworkId, 'ids']         the criterion ids of its detached progress
 *     ['detached', frameworkId, 'records']     its detached progress (see detached.ts)
 *     'progress:<frameworkId>:<criterionId>'   a version 0 record (see records.ts), read and
 *                                              moved to its array key
 */

const LEGACY_PREFIX = 'progress:';

/** A key as this app uses them: a string, or an array of keys. */
export type StoreKey = string | readonly StoreKey[];

/** Keys from `lower` to `upper`, both included. */
export interface KeyRange {
  lower: StoreKey;
  upper: StoreKey;
}

export type ParsedKey =
  | { kind: 'progress'; frameworkId: string; criterionId: string; legacy: boolean }
  | { kind: 'settings'; frameworkId: string }
  | { kind: 'entry'; collection: string; key: string }
  | { kind: 'detached'; frameworkId: string; part: 'ids' | 'records' }
  | { kind: 'other' };

export function progressKey(frameworkId: string, criterionId: string): StoreKey {
  return ['progress', frameworkId, criterionId];
}

export function settingsKey(frameworkId: string): StoreKey {
  return ['settings', frameworkId];
}

export function entryKey(collection: string, key: string): StoreKey {
  return ['collection', collection, key];
}

export function detachedIdsKey(frameworkId: string): StoreKey {
  return ['detached', frameworkId, 'ids'];
}

export function detachedRecordsKey(frameworkId: string): StoreKey {
  return ['detached', frameworkId, 'records'];
}

/** Where version 0 kept a criterion's progress. */
export function legacyProgressKey(frameworkId: string, criterionId: string): StoreKey {
  return `${LEGACY_PREFIX}${frameworkId}:${criterionId}`;
}

/** Every array key that starts with `prefix`: an array sorts after every string. */
export function under(...prefix: string[]): KeyRange {
  return { lower: prefix, upper: [...prefix, []] };
}

/** Every version 0 key, or those of one framework. */
export function legacyProgressKeys(frameworkId?: string): KeyRange {
  const prefix = frameworkId === undefined ? LEGACY_PREFIX : `${LEGACY_PREFIX}${frameworkId}:`;
  return { lower: prefix, upper: `${prefix}\uffff` };
}

/** What a stored key stands for; `other` for keys this version does not write. */
export function parseKey(key: unknown): ParsedKey {
  if (typeof key === 'string') {
    // Criterion ids never hold a colon, so the last one ends the framework id.
    const colon = key.lastIndexOf(':');
    if (key.startsWith(LEGACY_PREFIX) && colon > LEGACY_PREFIX.length && colon < key.length - 1) {
      return {
        kind: 'progress',
        frameworkId: key.slice(LEGACY_PREFIX.length, colon),
        criterionId: key.slice(colon + 1),
        legacy: true,
      };
    }
    return { kind: 'other' };
  }
  if (!Array.isArray(key) || !key.every((part) => typeof part === 'string')) {
    return { kind: 'other' };
  }
  const [kind, first, second] = key as string[];
  if (kind === 'progress' && key.length === 3 && first !== undefined && second !== undefined) {
    return { kind: 'progress', frameworkId: first, criterionId: second, legacy: false };
  }
  if (kind === 'settings' && key.length === 2 && first !== undefined) {
    return { kind: 'settings', frameworkId: first };
  }
  if (kind === 'collection' && key.length === 3 && first !== undefined && second !== undefined) {
    return { kind: 'entry', collection: first, key: second };
  }
  if (kind === 'detached' && key.length === 3 && first !== undefined) {
    if (second === 'ids' || second === 'records')
      return { kind: 'detached', frameworkId: first, part: second };
  }
  return { kind: 'other' };
}

/** A key as problems name it: its JSON, as the browser's developer tools show it. */
export function formatKey(key: StoreKey): string {
  return JSON.stringify(key);
}

/** IndexedDB's order of keys: strings before arrays, strings by UTF-16 code units, arrays by element. */
export function compareKeys(a: StoreKey, b: StoreKey): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string') return -1;
  if (typeof b === 'string') return 1;
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const order = compareKeys(a[index] as StoreKey, b[index] as StoreKey);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

export function inRange(key: StoreKey, range: KeyRange | null): boolean {
  return (
    range === null || (compareKeys(range.lower, key) <= 0 && compareKeys(key, range.upper) <= 0)
  );
}
