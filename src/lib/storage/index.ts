/**
 * Where the app keeps progress: IndexedDB through idb-keyval, per criterion, with a memory
 * fallback, cross-tab messages and backups. The only module that touches IndexedDB and
 * BroadcastChannel; the backup file's format is in core/backup.ts.
 */
export { createMemoryStore, MemoryDatabase, type MemoryStoreOptions } from './memory.ts';
export { createIndexedDbStore, openProgressStore, type IndexedDbStoreOptions } from './open.ts';
export { requestPersistence, type Persistence, type PersistentStorage } from './persistence.ts';
export type { DetachedChange } from './detached.ts';
export type {
  EntryUpdate,
  ProgressStore,
  StorageProblem,
  StorageStatus,
  StoreChange,
  StoreOptions,
} from './types.ts';
