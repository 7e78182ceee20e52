/**
 * What a replacement writes, planned from what is stored, inside the transaction that makes it:
 * a framework's records replaced by an import (with the entries that go with it, such as the
 * checkpoint that undoes it), or the whole store replaced by a restored backup. A record written
 * by a newer version of Progression is never overwritten or deleted: it is kept and named, so
 * the person can be told.
 */
import * as v from 'valibot';
import { jsonValue } from '../core/schemas/fields.ts';
import { check, readEntry } from '../core/schemas/read.ts';
import type { Entry, Write } from './backend.ts';
import { formatKey, type StoreKey } from './keys.ts';
import { decodeEntry, encodeEntry, isNewer } from './records.ts';

/** A planned replacement: its writes, and the keys of newer-version records it left alone. */
export interface Replacement {
  writes: Write[];
  kept: StoreKey[];
}

/** An entry update's writes, `newer` when a newer version wrote it, or why it cannot be kept. */
export type EntryPlan = Write[] | 'newer' | string;

/**
 * The plan for writing `next(stored value)` at `key`, read through `schema` (loaded beforehand,
 * so that planning runs inside a transaction without waiting). `next` gives null to delete.
 */
export function planEntry<T>(
  schema: v.GenericSchema<unknown, T>,
  key: StoreKey,
  next: (current: T | undefined) => T | null,
  current: unknown,
): EntryPlan {
  if (isNewer(current)) return 'newer';
  const decoded = current === undefined ? null : decodeEntry(current);
  const read =
    decoded && (decoded.kind === 'current' || decoded.kind === 'migrated')
      ? readEntry(schema, decoded.value)
      : null;
  const value = next(read?.ok ? read.value : undefined);
  if (value === null) return deleteIfPresent(key, current);
  const copied = check(jsonValue, value);
  if (!copied.ok) return 'it is not plain JSON data';
  const checked = readEntry(schema, copied.value);
  if (!checked.ok) return checked.message;
  return [{ type: 'put', key, value: encodeEntry(copied.value) }];
}

/**
 * The keys a framework's replacement reads and writes: those `present` now that `incoming` does
 * not write (to delete), then those it writes.
 */
export function replacementKeys(present: readonly StoreKey[], incoming: readonly Write[]) {
  const incomingKeys = new Set(incoming.map((write) => formatKey(write.key)));
  return [
    ...present.filter((key) => !incomingKeys.has(formatKey(key))),
    ...incoming.map((write) => write.key),
  ];
}

/**
 * Replaces what is stored at `keys` (as `replacementKeys` gives them, `current` their values) by
 * `incoming`: the keys before the incoming ones are deleted where present.
 */
export function planReplacement(
  keys: readonly StoreKey[],
  incoming: readonly Write[],
  current: readonly unknown[],
): Replacement {
  const firstIncoming = keys.length - incoming.length;
  const kept = keys.filter((_, index) => isNewer(current[index]));
  const newer = new Set(kept.map(formatKey));
  const writes = keys.flatMap((key, index): Write[] => {
    if (newer.has(formatKey(key))) return [];
    if (index < firstIncoming) return deleteIfPresent(key, current[index]);
    return [incoming[index - firstIncoming]!];
  });
  return { writes, kept };
}

/** Replaces every stored entry (`current`) by `incoming`. */
export function planReplaceAll(current: readonly Entry[], incoming: readonly Write[]): Replacement {
  const kept = current.filter(([, value]) => isNewer(value)).map(([key]) => key);
  const newer = new Set(kept.map(formatKey));
  const writes = [
    ...current
      .filter(([key]) => !newer.has(formatKey(key)))
      .map(([key]): Write => ({ type: 'delete', key })),
    ...incoming.filter((write) => !newer.has(formatKey(write.key))),
  ];
  return { writes, kept };
}

export function deleteIfPresent(key: StoreKey, current: unknown): Write[] {
  return current === undefined ? [] : [{ type: 'delete', key }];
}
