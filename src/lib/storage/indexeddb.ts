/**
 * The IndexedDB backend, through idb-keyval. idb-keyval's own `createStore` opens the global
 * `indexedDB`; this module builds the same kind of `UseStore` on an `IDBFactory` it is given, so
 * tests pass a fresh fake-indexeddb factory and the app the browser's, and so opening can fail
 * plainly (a throw, an error event or no answer at all) instead of hanging the app.
 */
import { clear, entries, keys, promisifyRequest, type UseStore } from 'idb-keyval';
import type { Backend, Entry, Write } from './backend.ts';
import type { KeyRange, StoreKey } from './keys.ts';

/** The database could not be opened: IndexedDB is missing, blocked, broken or not answering. */
export class OpenError extends Error {
  override readonly name = 'OpenError';
}

export interface IndexedDbBackendOptions {
  indexedDB: IDBFactory;
  IDBKeyRange: typeof IDBKeyRange;
  databaseName: string;
  storeName: string;
  openTimeoutMs: number;
}

export function indexedDbBackend(options: IndexedDbBackendOptions): Backend {
  const { indexedDB: factory, databaseName, storeName, openTimeoutMs } = options;
  let connection: Promise<IDBDatabase> | undefined;
  /** The open database, once it is open, for writes that cannot wait for a promise. */
  let opened: IDBDatabase | null = null;
  let closed = false;

  const connect = (): Promise<IDBDatabase> => {
    if (closed) return Promise.reject(new OpenError('the store was closed'));
    connection ??= open().catch((error: unknown) => {
      connection = undefined;
      throw error;
    });
    return connection;
  };

  const open = () =>
    new Promise<IDBDatabase>((resolve, reject) => {
      let request: IDBOpenDBRequest;
      try {
        // Firefox's private windows (before version 115) and some locked-down browsers throw or
        // fail right here.
        // No version: a database a newer version of the app upgraded still opens.
        request = factory.open(databaseName);
      } catch (error) {
        reject(new OpenError(describeError(error), { cause: error }));
        return;
      }
      let settled = false;
      // Safari has been known to leave a first `open` unanswered; the app must not wait forever.
      const timer = setTimeout(() => {
        settled = true;
        reject(new OpenError(`no answer within ${openTimeoutMs} ms`));
      }, openTimeoutMs);
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(storeName)) {
          request.result.createObjectStore(storeName);
        }
      };
      request.onsuccess = () => {
        const db = request.result;
        clearTimeout(timer);
        if (settled || closed) {
          db.close();
          if (!settled) reject(new OpenError('the store was closed'));
          settled = true;
          return;
        }
        settled = true;
        // Let a newer schema or a "delete site data" go ahead; the next operation reopens.
        db.onversionchange = () => {
          db.close();
          connection = undefined;
          opened = null;
        };
        db.onclose = () => {
          connection = undefined;
          opened = null;
        };
        opened = db;
        resolve(db);
      };
      request.onerror = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(new OpenError(describeError(request.error), { cause: request.error }));
      };
    });

  const useStore: UseStore = (mode, callback) =>
    connect().then((db) => callback(db.transaction(storeName, mode).objectStore(storeName)));

  const toRange = (range: KeyRange) =>
    options.IDBKeyRange.bound(range.lower as IDBValidKey, range.upper as IDBValidKey);

  /** Applies writes in the store's transaction; a write that throws aborts them all. */
  const apply = (store: IDBObjectStore, writes: Write[]) => {
    // Listening before writing: some browsers announce an abort at once.
    const done = completed(store.transaction);
    try {
      for (const write of writes) {
        if (write.type === 'put') store.put(write.value, write.key as IDBValidKey);
        else store.delete(write.key as IDBValidKey);
      }
    } catch (error) {
      done.catch(() => undefined);
      store.transaction.abort();
      throw error;
    }
    return done;
  };

  return {
    open: async () => {
      await connect();
    },
    putNow: (key, value) => {
      const write = (db: IDBDatabase) => {
        const transaction = db.transaction(storeName, 'readwrite');
        transaction.objectStore(storeName).put(value, key as IDBValidKey);
        transaction.commit?.();
      };
      // With the database open, the write is issued before this returns: a page being unloaded
      // may not run another task, or even a promise callback.
      if (opened) {
        try {
          write(opened);
        } catch {
          // The page is going away: there is nobody left to tell.
        }
        return;
      }
      void connect()
        .then(write)
        .catch(() => undefined);
    },
    entries: (range) =>
      range === null
        ? entries<StoreKey & IDBValidKey>(useStore)
        : useStore('readonly', async (store) => {
            const idbRange = toRange(range);
            const [found, values] = await Promise.all([
              promisifyRequest(store.getAllKeys(idbRange)),
              promisifyRequest(store.getAll(idbRange)),
            ]);
            return found.map((key, index): Entry => [key as StoreKey, values[index]]);
          }),
    keys: (range) =>
      range === null
        ? keys<StoreKey & IDBValidKey>(useStore)
        : useStore('readonly', (store) =>
            promisifyRequest(store.getAllKeys(toRange(range))).then((found) => found as StoreKey[]),
          ),
    update: (wanted, plan) =>
      useStore('readwrite', async (store) => {
        // Reads and writes share one transaction: nothing else can write in between.
        const current = await Promise.all(
          wanted.map((key) => promisifyRequest(store.get(key as IDBValidKey))),
        );
        return apply(store, plan(current));
      }),
    updateAll: (plan) =>
      useStore('readwrite', async (store) => {
        const [found, values] = await Promise.all([
          promisifyRequest(store.getAllKeys()),
          promisifyRequest(store.getAll()),
        ]);
        return apply(
          store,
          plan(found.map((key, index): Entry => [key as StoreKey, values[index]])),
        );
      }),
    clear: () => clear(useStore),
    close: () => {
      closed = true;
      void connection?.then(
        (db) => db.close(),
        () => undefined,
      );
      connection = undefined;
      opened = null;
    },
  };
}

/**
 * Resolves when the transaction commits; rejects when it fails or is aborted, always with an
 * error that says which: an aborted transaction's own `error` is null.
 */
export function completed(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    const fail = (event: Event) =>
      reject(
        transaction.error ??
          (event.target as { error?: DOMException | null } | null)?.error ??
          new DOMException(
            'the browser aborted the transaction without giving a reason, so nothing in it was saved',
            'AbortError',
          ),
      );
    transaction.onabort = fail;
    transaction.onerror = fail;
  });
}

/** `Name: message` of an error, for reasons shown to a person. */
export function describeError(error: unknown): string {
  if (error === null || error === undefined) return 'no reason given by the browser';
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'name' in error)) {
    const { name, message } = error as { name: unknown; message?: unknown };
    return typeof message === 'string' && message !== ''
      ? `${String(name)}: ${message}`
      : String(name);
  }
  return String(error);
}
