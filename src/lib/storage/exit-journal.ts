import { CriterionProgressSchema } from '../core/schemas/progress.ts';
import { check } from '../core/schemas/read.ts';
import type { CriterionProgress } from '../core/progress.ts';
import type { Write } from './backend.ts';
import type { StoreKey } from './keys.ts';
import { encodeCriterion, isNewer } from './records.ts';
import { defaultStorage, EXIT_JOURNAL_KEY as KEY, noteAtExit } from './exit-note.ts';

/**
 * A small, synchronous note of the changes still being written when the page goes away.
 * IndexedDB cannot promise that a write issued while a page unloads is done; Web Storage
 * writes before it returns. The next page replays the note into the store, newest change
 * winning, and clears it.
 */
export interface ExitJournal {
  /** Adds records to the note; never throws. */
  keep(records: readonly CriterionProgress[]): void;
  /** The records noted (checked like any stored record), and the note cleared. */
  take(): CriterionProgress[];
}

/** A journal in `storage` (the browser's localStorage by default); null where there is none. */
export function exitJournal(
  storage: Storage | null | undefined = defaultStorage(),
): ExitJournal | null {
  if (!storage) return null;
  const read = (): unknown[] => {
    try {
      const parsed: unknown = JSON.parse(storage.getItem(KEY) ?? '[]');
      return Array.isArray(parsed) ? parsed : [];
    } catch {
      return [];
    }
  };
  return {
    keep(records) {
      noteAtExit(records, storage);
    },
    take() {
      const noted = read().flatMap((value) => {
        const record = check(CriterionProgressSchema, value);
        return record.ok ? [record.value] : [];
      });
      try {
        storage.removeItem(KEY);
      } catch {
        // Nothing more to do.
      }
      return noted;
    },
  };
}

/**
 * The writes that replay a noted `record` over `current`, the value stored under `key` now:
 * none when the stored change is as new, `null` when a newer version of the app wrote it.
 */
export function replayWrites(
  record: CriterionProgress,
  key: StoreKey,
  current: unknown,
): Write[] | null {
  if (isNewer(current)) return null;
  const stored = (current as { updatedAt?: unknown } | undefined)?.updatedAt;
  return typeof stored === 'string' && stored >= record.updatedAt
    ? []
    : [{ type: 'put', key, value: encodeCriterion(record) }];
}
