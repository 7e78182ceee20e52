/**
 * What every read and write of the store goes through: the backend in use (IndexedDB, or memory
 * once it failed; see `fallback.ts`), the channel to other tabs, and the reports of problems.
 * `store.ts` says what is read and written; this module says where, and who is told.
 */
import type { Backend, Write } from './backend.ts';
import { FallingBackBackend, WHOLE_STORE } from './fallback.ts';
import { formatKey, type StoreKey } from './keys.ts';
import { Listeners } from './listeners.ts';
import { upgradeKeys, upgradeWrites, type Upgrade } from './migration.ts';
import { ProblemReports } from './problems.ts';
import { openSyncChannel, type SyncChannel } from './sync.ts';
import type { BackendStoreSetup, StorageStatus, StoreChange } from './types.ts';

/** Where a write went: done, refused to protect a newer version's record, or not done at all. */
export type WriteOutcome = 'written' | 'newer' | 'failed';

export class StoreConnection {
  readonly problems = new ProblemReports();
  readonly #backends: FallingBackBackend;
  readonly #channel: SyncChannel | null;
  readonly #changes = new Listeners<StoreChange>();
  #closed = false;

  constructor(setup: BackendStoreSetup) {
    this.#backends = new FallingBackBackend(setup.backend, {
      fallBackToMemory: setup.fallBackToMemory,
      report: (kind, key, message) => this.problems.report(kind, key, message),
    });
    if (setup.onProblem) this.problems.add(setup.onProblem);
    this.#channel = setup.BroadcastChannel
      ? openSyncChannel(setup.BroadcastChannel, setup.channelName, (change) =>
          this.#receive(change),
        )
      : null;
  }

  get status(): StorageStatus {
    return this.#backends.status;
  }

  /** The backend in use now, for a write that cannot wait (see `Backend.putNow`). */
  get current(): Backend {
    return this.#backends.current;
  }

  /** Runs `operation` on the backend in use (see `FallingBackBackend.run`); never rejects. */
  run<T>(key: string, failed: T, operation: (backend: Backend) => Promise<T>): Promise<T> {
    if (this.#closed) {
      this.problems.report('failed', key, 'The store was closed; nothing was read or written.');
      return Promise.resolve(failed);
    }
    return this.#backends.run(key, failed, operation);
  }

  /** As `run`, for an operation that gives nothing but may fail: gives whether it was done. */
  async done(key: string, operation: (backend: Backend) => Promise<void>): Promise<boolean> {
    const outcome = await this.run(key, 'failed' as WriteOutcome, async (backend) => {
      await operation(backend);
      return 'written';
    });
    return outcome === 'written';
  }

  /**
   * Reads `keys` and writes what `plan` decides, atomically; `null` from `plan` means a record
   * of a newer version is in the way, which is reported and left alone.
   */
  write(
    key: StoreKey,
    keys: StoreKey[],
    plan: (current: unknown[]) => Write[] | null,
  ): Promise<WriteOutcome> {
    return this.run(formatKey(key), 'failed' as WriteOutcome, async (backend) => {
      let outcome = 'written' as WriteOutcome;
      await backend.update(keys, (current) => {
        const writes = plan(current);
        outcome = writes === null ? 'newer' : 'written';
        return writes ?? [];
      });
      if (outcome === 'newer') {
        this.problems.report(
          'newer-version',
          formatKey(key),
          'Not saved: a newer version of Progression wrote this record; open that version to ' +
            'change it.',
        );
      }
      return outcome;
    });
  }

  /** Writes migrated records back in the current version (see `upgradeWrites`). */
  async upgrade(upgrades: readonly Upgrade[]): Promise<void> {
    if (upgrades.length === 0) return;
    await this.run(WHOLE_STORE, undefined, (backend) =>
      backend.update(upgradeKeys(upgrades), (current) => upgradeWrites(upgrades, current)),
    );
  }

  /** Working in memory after IndexedDB failed, deletes everything in IndexedDB as well. */
  clearPrimary(): Promise<void> {
    return this.#backends.clearPrimary();
  }

  /** Tells other tabs of `change`; not once in memory, where this tab's data is no longer theirs. */
  post(change: StoreChange): void {
    if (this.#backends.onPrimary) this.#channel?.post(change);
  }

  /** Calls `listener` for each change another tab makes; returns the function that stops it. */
  subscribe(listener: (change: StoreChange) => void): () => void {
    return this.#changes.add(listener);
  }

  close(): void {
    this.#closed = true;
    this.#channel?.close();
    this.#backends.close();
    this.#changes.clear();
  }

  #receive(change: StoreChange): void {
    if (this.#closed || !this.#backends.onPrimary) return;
    this.#changes.notify(change);
  }
}
