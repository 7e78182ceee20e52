/**
 * The memory fallback: a primary backend (IndexedDB for the app) that, when it fails (cannot
 * open, quota exceeded, broken connection), is replaced by memory holding a copy of what it still
 * gives, so nothing the user does is lost before they can make a backup. Says why, once, through
 * `report`. While in memory it tries the primary again now and then (at most every
 * `RETRY_AFTER_MS`, when something is read or written): once it works, what memory holds is
 * written to it, and what memory deleted meanwhile (a progress record, an added framework, a
 * checkpoint) is deleted from it too (a record another tab wrote later than memory's change is
 * kept), and the primary is used again, which is reported as `recovered`.
 */
import { memoryBackend, MemoryDatabase, type Backend, type Entry, type Write } from './backend.ts';
import type { StoreKey } from './keys.ts';
import { describeError, OpenError } from './indexeddb.ts';
import type { StorageProblem, StorageStatus } from './types.ts';

/** The whole store, as a problem's key. */
export const WHOLE_STORE = '*';

const KEEP_A_BACKUP = 'Progress is kept in memory until this tab closes: make a backup to keep it.';

/** How long after falling back (or a failed retry) the primary backend is tried again. */
export const RETRY_AFTER_MS = 5_000;

export type Report = (kind: StorageProblem['kind'], key: string, message: string) => void;

export class FallingBackBackend {
  readonly #primary: Backend;
  #backend: Backend;
  readonly #fallBackToMemory: boolean;
  readonly #report: Report;
  #fallingBack: Promise<void> | null = null;
  #status: StorageStatus = { kind: 'ok' };
  /** Whether the primary backend ever answered: only then may it hold data to delete. */
  #primaryWorked = false;
  /** When the primary may be tried again, in `now()` milliseconds; while in memory only. */
  #retryAt = Infinity;
  #retrying: Promise<void> | null = null;
  /** Keys memory deleted (and has not put again) since falling back, with when, by their JSON. */
  readonly #deleted = new Map<string, { key: StoreKey; at: number }>();
  readonly #now: () => number;

  /** `fallBackToMemory`: false for a store that is in memory already. */
  constructor(
    primary: Backend,
    options: { fallBackToMemory: boolean; report: Report; now?: () => number },
  ) {
    this.#primary = primary;
    this.#backend = primary;
    this.#fallBackToMemory = options.fallBackToMemory;
    this.#report = options.report;
    this.#now = options.now ?? (() => Date.now());
  }

  /** Where data is kept now. */
  get status(): StorageStatus {
    return this.#status;
  }

  /** Whether data is still kept in the primary backend (so shared with other tabs). */
  get onPrimary(): boolean {
    return this.#backend === this.#primary;
  }

  /** The backend in use now, for a write that cannot wait (the page is going away). */
  get current(): Backend {
    return this.#backend;
  }

  /**
   * Runs `operation` on the current backend. When the primary backend fails, moves to memory and
   * runs it there; any other failure is reported and gives `failed`. Never rejects.
   */
  async run<T>(key: string, failed: T, operation: (backend: Backend) => Promise<T>): Promise<T> {
    await this.#fallingBack;
    if (!this.onPrimary && this.#now() >= this.#retryAt) {
      this.#retrying ??= this.#retryPrimary().finally(() => (this.#retrying = null));
    }
    await this.#retrying;
    const backend = this.#backend;
    try {
      const result = await operation(backend);
      if (backend === this.#primary) this.#primaryWorked = true;
      return result;
    } catch (error) {
      const name = errorName(error);
      if (name === 'DataCloneError' || name === 'DataError') {
        this.#report('rejected', key, `This cannot be stored (${describeError(error)}).`);
        return failed;
      }
      if (backend !== this.#primary || !this.#fallBackToMemory) {
        this.#report('failed', key, `Storage failed (${describeError(error)}).`);
        return failed;
      }
      await this.#fallBack(key, error);
      return this.run(key, failed, operation);
    }
  }

  /**
   * After everything was deleted in memory: deletes what the primary backend still holds too,
   * and goes back to it if that worked, since it has room again.
   */
  async clearPrimary(): Promise<void> {
    if (this.onPrimary || !this.#primaryWorked) return;
    try {
      await this.#primary.clear();
      this.#backend = this.#primary;
      this.#fallingBack = null;
      this.#status = { kind: 'ok' };
      this.#retryAt = Infinity;
      this.#deleted.clear();
    } catch (error) {
      this.#report(
        'failed',
        WHOLE_STORE,
        `What IndexedDB holds could not be deleted (${describeError(error)}).`,
      );
    }
  }

  close(): void {
    this.#primary.close();
  }

  /** Memory, noting each key it deletes (forgetting one it puts again) for the way back. */
  #notingDeletions(memory: Backend): Backend {
    const note = (writes: Write[]) => {
      for (const write of writes) {
        const id = JSON.stringify(write.key);
        if (write.type === 'delete') this.#deleted.set(id, { key: write.key, at: this.#now() });
        else this.#deleted.delete(id);
      }
      return writes;
    };
    return {
      ...memory,
      update: (keys, plan) => memory.update(keys, (current) => note(plan(current))),
      updateAll: (plan) => memory.updateAll((current) => note(plan(current))),
      putNow: (key, value) => {
        this.#deleted.delete(JSON.stringify(key));
        memory.putNow(key, value);
      },
    };
  }

  async #fallBack(key: string, error: unknown): Promise<void> {
    this.#fallingBack ??= (async () => {
      const full =
        errorName(error) === 'QuotaExceededError' ||
        errorName(error) === 'NS_ERROR_DOM_QUOTA_REACHED';
      const opening = error instanceof OpenError;
      const reason = opening
        ? `IndexedDB could not be opened (${error.message})`
        : `IndexedDB failed (${describeError(error)})`;
      this.#status = full ? { kind: 'full' } : { kind: 'unavailable', reason };
      this.#report(
        full ? 'full' : 'unavailable',
        key,
        full
          ? `The browser has no more room for this site's data. ${KEEP_A_BACKUP}`
          : `${reason}. ${KEEP_A_BACKUP}`,
      );
      let entries: Entry[] = [];
      if (!opening) {
        try {
          entries = await this.#primary.entries(null);
        } catch (copyError) {
          this.#report(
            'failed',
            WHOLE_STORE,
            `What IndexedDB holds could not be read into memory (${describeError(copyError)}).`,
          );
        }
      }
      this.#deleted.clear();
      this.#backend = this.#notingDeletions(memoryBackend(new MemoryDatabase(entries)));
      this.#retryAt = this.#now() + RETRY_AFTER_MS;
    })();
    await this.#fallingBack;
  }

  /**
   * Tries the primary backend again: when it opens and takes, in one atomic step, what memory
   * holds and the deletions memory made, it is used from then on. A record it holds that another
   * tab changed later than memory did is kept. When it still fails, memory stays, and it is
   * tried again later.
   */
  async #retryPrimary(): Promise<void> {
    const memory = this.#backend;
    try {
      await this.#primary.open();
      const kept = await memory.entries(null);
      const deleted = [...this.#deleted.values()];
      await this.#primary.updateAll((current) => {
        const primary = new Map(current.map(([key, value]) => [JSON.stringify(key), value]));
        const puts = kept
          .filter(([key, value]) => !newerThan(primary.get(JSON.stringify(key)), value))
          .map(([key, value]): Write => ({ type: 'put', key, value }));
        const deletes = deleted
          .filter(({ key, at }) => {
            const value = primary.get(JSON.stringify(key));
            return value !== undefined && !(timeOf(value) > at);
          })
          .map(({ key }): Write => ({ type: 'delete', key }));
        return [...puts, ...deletes];
      });
    } catch {
      this.#retryAt = this.#now() + RETRY_AFTER_MS;
      return;
    }
    this.#backend = this.#primary;
    this.#fallingBack = null;
    this.#status = { kind: 'ok' };
    this.#retryAt = Infinity;
    this.#primaryWorked = true;
    this.#deleted.clear();
    this.#report(
      'recovered',
      WHOLE_STORE,
      'Storage works again: everything kept in memory meanwhile is saved in this browser.',
    );
  }
}

/** When a stored value was changed, in milliseconds (its `updatedAt`); NaN when it does not say. */
function timeOf(value: unknown): number {
  return typeof value === 'object' && value !== null && 'updatedAt' in value
    ? Date.parse(String(value.updatedAt))
    : NaN;
}

/** Whether stored value `a` is a record changed later than `b` (both with `updatedAt`). */
function newerThan(a: unknown, b: unknown): boolean {
  return timeOf(a) > timeOf(b);
}

function errorName(error: unknown): string | null {
  return typeof error === 'object' &&
    error !== null &&
    'name' in error &&
    typeof error.name === 'string'
    ? error.name
    : null;
}
