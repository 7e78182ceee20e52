import type { Backend } from './backend.ts';
import { exitJournal, type ExitJournal } from './exit-journal.ts';
import { indexedDbBackend, OpenError } from './indexeddb.ts';
import { channelName } from './memory.ts';
import { BackendStore } from './store.ts';
import type { ProgressStore, StoreOptions } from './types.ts';

export interface IndexedDbStoreOptions extends StoreOptions {
  /**
   * The IndexedDB factory to open the database with. Defaults to the browser's `indexedDB`;
   * an explicit `undefined` stands for a browser without IndexedDB. Tests pass a fresh
   * `new IDBFactory()` from fake-indexeddb.
   */
  indexedDB?: IDBFactory | undefined;
  /** The `IDBKeyRange` class that goes with `indexedDB`. Defaults to the browser's. */
  IDBKeyRange?: typeof IDBKeyRange | undefined;
  /**
   * Constructor of the channel that tells other tabs of changes. Defaults to the browser's
   * `BroadcastChannel`; `null` (or a browser without one) keeps changes to this tab.
   */
  BroadcastChannel?: typeof BroadcastChannel | null | undefined;
  /** The IndexedDB database; tabs share data and changes by this name. Defaults to `progression`. */
  databaseName?: string;
  /** The object store inside it. Defaults to `records`. */
  storeName?: string;
  /**
   * Where changes still being written when the page goes away are noted synchronously, to be
   * replayed by the next page. Defaults to one in the browser's localStorage; `null` for none.
   */
  exitJournal?: ExitJournal | null;
  /**
   * How long to wait for the database to open before working in memory instead, in
   * milliseconds. Defaults to 5000.
   */
  openTimeoutMs?: number;
}

/**
 * A progress store in IndexedDB that falls back to memory, with the same data, when IndexedDB
 * cannot be opened or a write fails (see `StorageStatus`). Opens the database on first use; use
 * `openProgressStore` to know the status before the first read.
 */
export function createIndexedDbStore(options: IndexedDbStoreOptions = {}): ProgressStore {
  return createStore(options);
}

/**
 * Opens the app's progress store: IndexedDB when it works, memory otherwise. Never rejects; the
 * store's `status` says which it got and why.
 */
export async function openProgressStore(
  options: IndexedDbStoreOptions = {},
): Promise<ProgressStore> {
  const store = createStore(options);
  await store.ready();
  return store;
}

function createStore(options: IndexedDbStoreOptions): BackendStore {
  // `in`: an explicit `undefined` means "there is none", not "use the default".
  const browser = globalThis as Partial<typeof globalThis>;
  let factory: IDBFactory | undefined;
  let blocked: string | null = null;
  try {
    factory = 'indexedDB' in options ? options.indexedDB : browser.indexedDB;
  } catch (error) {
    // Some browsers throw when a page merely reads `indexedDB` with storage blocked.
    blocked = `reading indexedDB failed (${error instanceof Error ? error.message : String(error)})`;
  }
  const keyRange = 'IDBKeyRange' in options ? options.IDBKeyRange : browser.IDBKeyRange;
  const Channel =
    'BroadcastChannel' in options ? options.BroadcastChannel : browser.BroadcastChannel;
  const databaseName = options.databaseName ?? 'progression';
  const backend =
    factory && keyRange
      ? indexedDbBackend({
          indexedDB: factory,
          IDBKeyRange: keyRange,
          databaseName,
          storeName: options.storeName ?? 'records',
          openTimeoutMs: options.openTimeoutMs ?? 5000,
        })
      : unavailableBackend(
          blocked ?? `this browser has no ${factory ? 'IDBKeyRange' : 'IndexedDB'}`,
        );
  return new BackendStore({
    backend,
    fallBackToMemory: true,
    BroadcastChannel: Channel ?? null,
    channelName: channelName(databaseName),
    onProblem: options.onProblem,
    journal: 'exitJournal' in options ? options.exitJournal : exitJournal(),
  });
}

/** A backend that cannot be opened, for a browser without IndexedDB. */
function unavailableBackend(reason: string): Backend {
  const fail = () => Promise.reject(new OpenError(reason));
  return {
    open: fail,
    entries: fail,
    keys: fail,
    update: fail,
    updateAll: fail,
    clear: fail,
    putNow: () => undefined,
    close: () => undefined,
  };
}
