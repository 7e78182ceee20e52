import type { BackupContents } from '../core/backup.ts';
import type { Collection } from '../core/collection.ts';
import type { Backend } from './backend.ts';
import type { DetachedChange } from './detached.ts';
import type { ExitJournal } from './exit-journal.ts';
import type { CriterionProgress, FrameworkSettings } from '../core/progress.ts';

/**
 * Where this tab keeps data now. `ok`: in IndexedDB, so it is there after a reload. Otherwise in
 * memory until the tab closes (backups still work): `unavailable` when IndexedDB is missing,
 * blocked (a private window, a security setting) or failing; `full` when the browser refused a
 * write for lack of space.
 */
export type StorageStatus =
  { kind: 'ok' } | { kind: 'unavailable'; reason: string } | { kind: 'full' };

/** Something that went wrong with one key (or `*`, the whole store), for the app to show. */
export interface StorageProblem {
  /**
   * - `unavailable` / `full`: the store moved to memory (see `StorageStatus`);
   * - `failed`: an operation failed even in memory, or after the store was closed;
   * - `rejected`: a value or key cannot be stored (not plain data, refused by its collection);
   * - `newer-version`: a record written by a newer version of the app, left exactly as it is;
   * - `unreadable`: a record that is not in any shape this version knows, left as it is;
   * - `recovered`: the store works again after moving to memory, and holds what memory held.
   */
  kind:
    'unavailable' | 'full' | 'failed' | 'rejected' | 'newer-version' | 'unreadable' | 'recovered';
  /** The storage key as JSON (`["progress","engineering/backend","impact.2.0a1b2c3d4e5f"]`). */
  key: string;
  message: string;
}

/** A change another tab made, carried whole so this tab can show it without reading storage. */
export type StoreChange =
  | {
      kind: 'criterion';
      frameworkId: string;
      criterionId: string;
      /** `null`: the record was deleted. */
      record: CriterionProgress | null;
    }
  | { kind: 'settings'; frameworkId: string; settings: FrameworkSettings }
  | { kind: 'entry'; collection: string; key: string }
  /** Everything may have changed (a restore, "delete all", a message this version cannot read). */
  | { kind: 'everything' };

/**
 * Where progress is kept: per criterion, written at once. No method throws or rejects for a
 * storage reason: failures are reported to `onProblem` listeners with the key concerned, and
 * reads then give what could be read.
 */
export interface ProgressStore {
  /** Where data is kept now. Changes when a problem is reported, and may return to `ok` after `deleteAll`. */
  readonly status: StorageStatus;
  /** Every readable criterion record of a framework, by criterion id; older versions migrated. */
  loadFramework(frameworkId: string): Promise<CriterionProgress[]>;
  /**
   * The criterion ids of a framework's detached progress: progress on criteria it did not have
   * when it was stored (see detached.ts). Cheap: the records themselves are not read.
   */
  loadDetachedIds(frameworkId: string): Promise<string[]>;
  /** A framework's detached progress, for the person to re-attach or discard. */
  loadDetached(frameworkId: string): Promise<CriterionProgress[]>;
  /**
   * Takes records out of a framework's detached progress, and keeps some per criterion
   * (re-attached), as one atomic step. Gives whether it was written.
   */
  changeDetached(frameworkId: string, change: DetachedChange): Promise<boolean>;
  /** Writes one criterion's record at once (no debounce), unless a newer version wrote it. */
  putCriterion(record: CriterionProgress): Promise<void>;
  /**
   * Writes one criterion's record before returning, for the moment the page goes away (a read
   * first, as `putCriterion` does, may never be answered then). It cannot see a record a newer
   * version wrote, so use it only there.
   */
  putCriterionAtExit(record: CriterionProgress): void;
  deleteCriterion(frameworkId: string, criterionId: string): Promise<void>;
  /** The framework's settings, or `null` when none are kept (or they cannot be read). */
  loadSettings(frameworkId: string): Promise<FrameworkSettings | null>;
  putSettings(settings: FrameworkSettings): Promise<void>;
  /** Forgets a framework's settings (so the defaults apply), unless a newer version wrote them. */
  deleteSettings(frameworkId: string): Promise<void>;
  /** Ids of every framework with criterion records or settings kept, in order. */
  listFrameworks(): Promise<string[]>;
  /** The collection's readable entries, by key in order, each checked with its `read`. */
  loadCollection<T>(collection: Collection<T>): Promise<Map<string, T>>;
  /** Keeps a value (plain JSON data that the collection's `read` accepts) under `key`. */
  putEntry<T>(collection: Collection<T>, key: string, value: T): Promise<void>;
  deleteEntry(collection: Collection<unknown>, key: string): Promise<void>;
  /**
   * Reads an entry and writes what `update.change` makes of it, as one atomic step. Gives
   * whether it was written (not when the new value is refused by the collection's schema, or a
   * newer version wrote the entry: both reported).
   */
  updateEntry<T>(update: EntryUpdate<T>): Promise<boolean>;
  /**
   * Makes one framework's stored progress exactly `records` and `settings` (null: none, so the
   * defaults apply), and applies `entries` (an import's checkpoint, say), as one atomic step:
   * after a reload, all of it or none of it. Records a newer version wrote are kept (and
   * reported). Gives whether the change was written; an entry its schema refuses writes nothing.
   * Detached progress is kept, unless `dropDetached` (the framework's progress is deleted).
   */
  replaceFramework(
    frameworkId: string,
    records: readonly CriterionProgress[],
    settings: FrameworkSettings | null,
    entries?: readonly EntryUpdate<unknown>[],
    options?: { dropDetached?: boolean },
  ): Promise<boolean>;
  /** Everything readable, for a backup. Records it must leave out are reported. */
  exportAll(): Promise<BackupContents>;
  /**
   * Replaces everything with `contents`, and each framework's detached progress with `detached`
   * (by framework id), as one atomic step. Records a newer version wrote are kept (and
   * reported), never overwritten or dropped.
   */
  replaceAll(
    contents: BackupContents,
    detached?: ReadonlyMap<string, readonly CriterionProgress[]>,
  ): Promise<void>;
  /** Deletes everything, records of newer versions included. */
  deleteAll(): Promise<void>;
  /** Calls `listener` for each change another tab makes; returns the function that stops it. */
  subscribe(listener: (change: StoreChange) => void): () => void;
  /**
   * Calls `listener` for each problem; returns the function that stops it. With no listener,
   * problems go to `console.warn`.
   */
  onProblem(listener: (problem: StorageProblem) => void): () => void;
  /** Stops listening to other tabs and closes the database. The store is not used afterwards. */
  close(): void;
}

/**
 * A change to one collection entry, worked out from the entry as it is inside the transaction
 * that writes it, so a change another tab made meanwhile is never written over.
 */
export interface EntryUpdate<T> {
  collection: Collection<T>;
  key: string;
  /**
   * The entry's new value from its current one (undefined: there is none, or it cannot be
   * read); null deletes it. Must not throw, and runs inside a transaction: no waiting.
   */
  change(current: T | undefined): T | null;
}

/** Options every store takes. */
export interface StoreOptions {
  /**
   * Called with every problem from the very first, including one met while opening, before
   * `onProblem` listeners can be added. Without any listener, problems go to `console.warn`.
   */
  onProblem?: ((problem: StorageProblem) => void) | undefined;
}

/** What a `BackendStore` is built on. */
export interface BackendStoreSetup {
  /** Where the data is kept. */
  backend: Backend;
  /** Whether to move to memory when `backend` fails (not for a store that is in memory already). */
  fallBackToMemory: boolean;
  /** The channel to other tabs, or `null` to keep to this one. */
  BroadcastChannel: typeof BroadcastChannel | null;
  /** Stores hear each other only on the same channel name. */
  channelName: string;
  /** Called with every problem, from the first (see `StoreOptions.onProblem`). */
  onProblem: ((problem: StorageProblem) => void) | undefined;
  /** Where changes still being written when the page goes away are noted; null for none. */
  journal?: ExitJournal | null;
}
