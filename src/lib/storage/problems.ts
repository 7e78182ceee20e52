/**
 * How the store tells the app what it could not do: a record refused before it was written, one
 * read back that cannot be used, a newer version's record left alone. Each problem names the
 * record's key, so the person can be told what and where.
 */
import type { Checked } from '../core/schemas/read.ts';
import { problemsInLine } from '../core/schemas/read.ts';
import { formatKey, type StoreKey } from './keys.ts';
import { Listeners } from './listeners.ts';
import type { Usable } from './migration.ts';
import { whyUnusable, type Decoded } from './records.ts';
import type { StorageProblem } from './types.ts';

export class ProblemReports {
  readonly #listeners = new Listeners<StorageProblem>();

  /** Calls `listener` with each problem; returns the function that stops it. */
  add(listener: (problem: StorageProblem) => void): () => void {
    return this.#listeners.add(listener);
  }

  /** Tells the listeners; with none yet, the console, so a problem is never silent. */
  report(kind: StorageProblem['kind'], key: string, message: string): void {
    if (this.#listeners.size === 0) console.warn(`Progression storage: ${key}: ${message}`);
    this.#listeners.notify({ kind, key, message });
  }

  /**
   * Whether a record given to be stored passes the checks it will meet when read back (a record
   * stored now but unreadable later would be lost); reports why when not.
   */
  valid(key: StoreKey, checked: Checked<unknown>): boolean {
    if (!checked.ok) {
      this.report('rejected', formatKey(key), `Not saved: ${problemsInLine(checked.problems)}.`);
    }
    return checked.ok;
  }

  /** Whether a decoded record can be used; when not, reports why it is left out. */
  usable: Usable = <T>(
    key: StoreKey,
    decoded: Decoded<T>,
  ): decoded is Extract<Decoded<T>, { kind: 'current' | 'migrated' }> => {
    const why = whyUnusable(decoded);
    if (why) this.report(why.kind, formatKey(key), why.message);
    return why === null;
  };
}
