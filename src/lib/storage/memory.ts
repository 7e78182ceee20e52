import { memoryBackend, MemoryDatabase } from './backend.ts';
import { BackendStore } from './store.ts';
import type { ProgressStore, StoreOptions } from './types.ts';

export { MemoryDatabase };

export interface MemoryStoreOptions extends StoreOptions {
  /**
   * The data to work on. Defaults to a new, empty one; pass the same database to two stores to
   * model two tabs of one browser.
   */
  database?: MemoryDatabase;
  /**
   * Constructor of the channel that tells other stores of changes. Defaults to `null`: memory
   * belongs to one tab, so there is nobody to tell.
   */
  BroadcastChannel?: typeof BroadcastChannel | null;
  /** Name of that channel; stores hear each other only on the same name. Defaults to `progression`. */
  channelName?: string;
}

/**
 * A progress store kept in memory, behaving exactly as the IndexedDB one (same keys, record
 * versions, migration, checks and cross-store messages), for unit tests and for a tab that
 * cannot use IndexedDB. Its status is always `ok`.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): ProgressStore {
  return new BackendStore({
    backend: memoryBackend(options.database ?? new MemoryDatabase()),
    fallBackToMemory: false,
    BroadcastChannel: options.BroadcastChannel ?? null,
    channelName: channelName(options.channelName ?? 'progression'),
    onProblem: options.onProblem,
  });
}

/** The channel stores of one database talk on. */
export function channelName(databaseName: string): string {
  return `progression.storage:${databaseName}`;
}
