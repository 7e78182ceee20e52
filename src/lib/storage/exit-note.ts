/**
 * Writing the exit journal (see exit-journal.ts), kept apart and tiny so a page can note its
 * last changes before the rest of the storage code has even loaded.
 */
import type { CriterionProgress } from '../core/progress.ts';

export const EXIT_JOURNAL_KEY = 'progression.exit-journal';

/** Adds records to the journal in `storage` (localStorage by default); never throws. */
export function noteAtExit(
  records: readonly CriterionProgress[],
  storage: Storage | null = defaultStorage(),
): void {
  if (!storage || records.length === 0) return;
  try {
    let noted: unknown;
    try {
      noted = JSON.parse(storage.getItem(EXIT_JOURNAL_KEY) ?? '[]');
    } catch {
      noted = [];
    }
    const kept = Array.isArray(noted) ? noted : [];
    storage.setItem(EXIT_JOURNAL_KEY, JSON.stringify([...kept, ...records].slice(-500)));
  } catch {
    // Storage full or denied: nothing more can be done as the page goes away.
  }
}

export function defaultStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
