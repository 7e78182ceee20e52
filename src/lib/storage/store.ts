/**
 * The one implementation of `ProgressStore`, on top of a `Backend`: IndexedDB for the app, a
 * `MemoryDatabase` for tests and as the fallback. When the IndexedDB backend fails (cannot open,
 * quota exceeded, broken connection), the store copies what IndexedDB still gives into memory,
 * reports why, and carries on there for the rest of the tab's life, so nothing the user does is
 * lost before they can make a backup. From then on the tab neither posts to nor listens to
 * other tabs: its data is no longer theirs.
 */
import type { BackupContents, FrameworkProgress } from '../core/backup.ts';
import {
  COLLECTION_NAME,
  type Collection,
  type CollectionsContents,
  type JsonValue,
} from '../core/collection.ts';
import { jsonValue } from '../core/schemas/fields.ts';
import { CriterionProgressSchema, FrameworkSettingsSchema } from '../core/schemas/progress.ts';
import { check, problemsInLine, readEntry, type Checked } from '../core/schemas/read.ts';
import {
  PROGRESS_RECORD_VERSION,
  type CriterionProgress,
  type FrameworkSettings,
} from '../core/progress.ts';
import { LIMITS } from '../core/limits.ts';
import type { ExitJournal } from './exit-journal.ts';
import { memoryBackend, MemoryDatabase, type Backend, type Entry, type Write } from './backend.ts';
import { describeError, OpenError } from './indexeddb.ts';
import {
  entryKey,
  formatKey,
  legacyProgressKey,
  legacyProgressKeys,
  parseKey,
  progressKey,
  settingsKey,
  under,
  type StoreKey,
} from './keys.ts';
import {
  copyCriterion,
  copySettings,
  decodeCriterion,
  decodeEntry,
  decodeSettings,
  encodeCriterion,
  encodeEntry,
  encodeSettings,
  isNewer,
  type Decoded,
} from './records.ts';
import { openSyncChannel, type SyncChannel } from './sync.ts';
import type { ProgressStore, StorageProblem, StorageStatus, StoreChange } from './types.ts';

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

/** Where a write went: done, refused to protect a newer version's record, or not done at all. */
type WriteOutcome = 'written' | 'newer' | 'failed';

const WHOLE_STORE = '*';
const KEEP_A_BACKUP = 'Progress is kept in memory until this tab closes: make a backup to keep it.';

export class BackendStore implements ProgressStore {
  readonly #primary: Backend;
  #backend: Backend;
  readonly #fallBackToMemory: boolean;
  readonly #journal: ExitJournal | null;
  #fallingBack: Promise<void> | null = null;
  #status: StorageStatus = { kind: 'ok' };
  /** Whether the primary backend ever answered: only then may it hold data to delete. */
  #primaryWorked = false;
  #closed = false;
  readonly #channel: SyncChannel | null;
  readonly #changeListeners = new Set<(change: StoreChange) => void>();
  readonly #problemListeners = new Set<(problem: StorageProblem) => void>();

  constructor(setup: BackendStoreSetup) {
    this.#primary = setup.backend;
    this.#backend = setup.backend;
    this.#fallBackToMemory = setup.fallBackToMemory;
    this.#journal = setup.journal ?? null;
    if (setup.onProblem) this.#problemListeners.add(setup.onProblem);
    this.#channel = setup.BroadcastChannel
      ? openSyncChannel(setup.BroadcastChannel, setup.channelName, (change) =>
          this.#receive(change),
        )
      : null;
  }

  get status(): StorageStatus {
    return this.#status;
  }

  /** Opens the backend (moving to memory if it cannot be opened) and gives the status then. */
  async ready(): Promise<StorageStatus> {
    await this.#run(WHOLE_STORE, undefined, (backend) => backend.open());
    // Changes noted as the last page went away are written now, unless a newer one is stored.
    for (const record of this.#journal?.take() ?? []) {
      const key = progressKey(record.frameworkId, record.criterionId);
      await this.#write(key, [key], ([current]) => {
        if (isNewer(current)) return null;
        const stored = (current as { updatedAt?: unknown } | undefined)?.updatedAt;
        return typeof stored === 'string' && stored >= record.updatedAt
          ? []
          : [{ type: 'put', key, value: encodeCriterion(record) }];
      });
    }
    return this.#status;
  }

  async loadFramework(frameworkId: string): Promise<CriterionProgress[]> {
    const entries = await this.#run(formatKey(['progress', frameworkId]), [], async (backend) => {
      const [current, legacy] = await Promise.all([
        backend.entries(under('progress', frameworkId)),
        backend.entries(legacyProgressKeys(frameworkId)),
      ]);
      return [...current, ...legacy];
    });
    const { frameworks, upgrades } = this.#readCriteria(entries);
    await this.#upgrade(upgrades);
    return [...(frameworks.get(frameworkId)?.values() ?? [])].sort(byCriterionId);
  }

  async putCriterion(record: CriterionProgress): Promise<void> {
    const key = progressKey(record.frameworkId, record.criterionId);
    const legacy = legacyProgressKey(record.frameworkId, record.criterionId);
    if (!this.#valid(key, check(CriterionProgressSchema, record))) return;
    const stored = encodeCriterion(record);
    const outcome = await this.#write(key, [key, legacy], ([current, old]) =>
      isNewer(current)
        ? null
        : [{ type: 'put', key, value: stored }, ...deleteIfPresent(legacy, old)],
    );
    if (outcome === 'written') {
      this.#post({
        kind: 'criterion',
        frameworkId: record.frameworkId,
        criterionId: record.criterionId,
        record: copyCriterion(record),
      });
    }
  }

  putCriterionAtExit(record: CriterionProgress): void {
    const key = progressKey(record.frameworkId, record.criterionId);
    if (!this.#valid(key, check(CriterionProgressSchema, record))) return;
    this.#journal?.keep([record]);
    try {
      this.#backend.putNow(key, encodeCriterion(record));
    } catch {
      // The page is going away: there is nobody left to tell.
    }
    this.#post({
      kind: 'criterion',
      frameworkId: record.frameworkId,
      criterionId: record.criterionId,
      record: copyCriterion(record),
    });
  }

  async deleteCriterion(frameworkId: string, criterionId: string): Promise<void> {
    const key = progressKey(frameworkId, criterionId);
    const legacy = legacyProgressKey(frameworkId, criterionId);
    const outcome = await this.#write(key, [key, legacy], ([current, old]) =>
      isNewer(current) ? null : [...deleteIfPresent(key, current), ...deleteIfPresent(legacy, old)],
    );
    if (outcome === 'written') {
      this.#post({ kind: 'criterion', frameworkId, criterionId, record: null });
    }
  }

  async loadSettings(frameworkId: string): Promise<FrameworkSettings | null> {
    const key = settingsKey(frameworkId);
    const entries = await this.#run(formatKey(key), [], (backend) =>
      backend.entries({ lower: key, upper: key }),
    );
    const [entry] = entries;
    if (!entry) return null;
    const decoded = decodeSettings(frameworkId, entry[1]);
    return this.#usable(entry[0], decoded) ? decoded.value : null;
  }

  async putSettings(settings: FrameworkSettings): Promise<void> {
    const key = settingsKey(settings.frameworkId);
    if (!this.#valid(key, check(FrameworkSettingsSchema, settings))) return;
    const stored = encodeSettings(settings);
    const outcome = await this.#write(key, [key], ([current]) =>
      isNewer(current) ? null : [{ type: 'put', key, value: stored }],
    );
    if (outcome === 'written') {
      this.#post({
        kind: 'settings',
        frameworkId: settings.frameworkId,
        settings: copySettings(settings),
      });
    }
  }

  async deleteSettings(frameworkId: string): Promise<void> {
    const key = settingsKey(frameworkId);
    const outcome = await this.#write(key, [key], ([current]) =>
      isNewer(current) ? null : current === undefined ? [] : [{ type: 'delete', key }],
    );
    if (outcome === 'written') this.#post({ kind: 'everything' });
  }

  async listFrameworks(): Promise<string[]> {
    const keys = await this.#run(WHOLE_STORE, [], (backend) => backend.keys(null));
    const ids = new Set<string>();
    for (const key of keys) {
      const parsed = parseKey(key);
      if (parsed.kind === 'progress' || parsed.kind === 'settings') ids.add(parsed.frameworkId);
    }
    return [...ids].sort();
  }

  async loadCollection<T>(collection: Collection<T>): Promise<Map<string, T>> {
    const entries = await this.#run(formatKey(['collection', collection.name]), [], (backend) =>
      backend.entries(under('collection', collection.name)),
    );
    const values = new Map<string, T>();
    const schema = entries.length > 0 ? await collection.loadSchema() : null;
    for (const [key, stored] of entries) {
      const parsed = parseKey(key);
      const decoded = decodeEntry(stored);
      if (parsed.kind !== 'entry' || !this.#usable(key, decoded)) continue;
      const read = readEntry(schema!, decoded.value);
      if (read.ok) values.set(parsed.key, read.value);
      else
        this.#report('unreadable', formatKey(key), `This entry cannot be used: ${read.message}.`);
    }
    return values;
  }

  async putEntry<T>(collection: Collection<T>, entry: string, value: T): Promise<void> {
    const key = entryKey(collection.name, entry);
    const json = toJson(value);
    const read = json === undefined ? null : readEntry(await collection.loadSchema(), json);
    if (json === undefined || !read?.ok) {
      const why = read && !read.ok ? read.message : 'it is not plain JSON data';
      this.#report('rejected', formatKey(key), `This value cannot be kept: ${why}.`);
      return;
    }
    const stored = encodeEntry(json);
    const outcome = await this.#write(key, [key], ([current]) =>
      isNewer(current) ? null : [{ type: 'put', key, value: stored }],
    );
    if (outcome === 'written')
      this.#post({ kind: 'entry', collection: collection.name, key: entry });
  }

  async deleteEntry(collection: Collection<unknown>, entry: string): Promise<void> {
    const key = entryKey(collection.name, entry);
    const outcome = await this.#write(key, [key], ([current]) =>
      isNewer(current) ? null : deleteIfPresent(key, current),
    );
    if (outcome === 'written')
      this.#post({ kind: 'entry', collection: collection.name, key: entry });
  }

  async exportAll(): Promise<BackupContents> {
    const entries = await this.#run(WHOLE_STORE, [], (backend) => backend.entries(null));
    const { frameworks: criteria } = this.#readCriteria(entries);
    const settings = new Map<string, FrameworkSettings>();
    const collections = Object.create(null) as CollectionsContents;
    for (const [key, stored] of entries) {
      const parsed = parseKey(key);
      if (parsed.kind === 'settings') {
        const decoded = decodeSettings(parsed.frameworkId, stored);
        if (this.#usable(key, decoded)) settings.set(parsed.frameworkId, decoded.value);
      } else if (parsed.kind === 'entry') {
        // A backup the app writes must restore: a key restore would refuse is left out.
        if (parsed.key.length > LIMITS.idLength) {
          this.#report(
            'unreadable',
            formatKey(key),
            `Left out of the backup: its key is longer than ${LIMITS.idLength} characters.`,
          );
          continue;
        }
        const decoded = decodeEntry(stored);
        if (this.#usable(key, decoded)) {
          (collections[parsed.collection] ??= []).push({ key: parsed.key, value: decoded.value });
        }
      }
    }
    const ids = [...new Set([...criteria.keys(), ...settings.keys()])].sort();
    const frameworks = ids.map((frameworkId): FrameworkProgress => ({
      frameworkId,
      settings: settings.get(frameworkId) ?? null,
      criteria: [...(criteria.get(frameworkId)?.values() ?? [])].sort(byCriterionId),
    }));
    return { frameworks, collections };
  }

  async replaceAll(contents: BackupContents): Promise<void> {
    const incoming = encodeContents(contents);
    if (typeof incoming === 'string') {
      this.#report('rejected', WHOLE_STORE, `Nothing was restored: ${incoming}.`);
      return;
    }
    let kept: StoreKey[] = [];
    const outcome = await this.#run(WHOLE_STORE, 'failed' as WriteOutcome, async (backend) => {
      await backend.updateAll((current) => {
        kept = current.filter(([, value]) => isNewer(value)).map(([key]) => key);
        const newer = new Set(kept.map(formatKey));
        return [
          ...current
            .filter(([key]) => !newer.has(formatKey(key)))
            .map(([key]): Write => ({ type: 'delete', key })),
          ...incoming.filter((write) => !newer.has(formatKey(write.key))),
        ];
      });
      return 'written';
    });
    if (outcome !== 'written') return;
    for (const key of kept) {
      this.#report(
        'newer-version',
        formatKey(key),
        'Kept as it was: a newer version of Progression wrote this record.',
      );
    }
    this.#post({ kind: 'everything' });
  }

  async deleteAll(): Promise<void> {
    const outcome = await this.#run(WHOLE_STORE, 'failed' as WriteOutcome, async (backend) => {
      await backend.clear();
      return 'written';
    });
    // Working in memory after IndexedDB failed, the data is still in IndexedDB too: delete it
    // there as well, and go back to it if that worked, since it has room again.
    if (this.#backend !== this.#primary && this.#primaryWorked) {
      try {
        await this.#primary.clear();
        this.#backend = this.#primary;
        this.#fallingBack = null;
        this.#status = { kind: 'ok' };
      } catch (error) {
        this.#report(
          'failed',
          WHOLE_STORE,
          `What IndexedDB holds could not be deleted (${describeError(error)}).`,
        );
      }
    }
    if (outcome === 'written') this.#post({ kind: 'everything' });
  }

  subscribe(listener: (change: StoreChange) => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  onProblem(listener: (problem: StorageProblem) => void): () => void {
    this.#problemListeners.add(listener);
    return () => this.#problemListeners.delete(listener);
  }

  close(): void {
    this.#closed = true;
    this.#channel?.close();
    this.#primary.close();
    this.#changeListeners.clear();
  }

  /**
   * Runs `operation` on the current backend. When the primary backend fails, moves to memory and
   * runs it there; any other failure is reported and gives `failed`. Never rejects.
   */
  async #run<T>(key: string, failed: T, operation: (backend: Backend) => Promise<T>): Promise<T> {
    if (this.#closed) {
      this.#report('failed', key, 'The store was closed; nothing was read or written.');
      return failed;
    }
    await this.#fallingBack;
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
      return this.#run(key, failed, operation);
    }
  }

  /**
   * Reads `keys` and writes what `plan` decides, atomically; `null` from `plan` means a record
   * of a newer version is in the way, which is reported and left alone.
   */
  #write(
    key: StoreKey,
    keys: StoreKey[],
    plan: (current: unknown[]) => Write[] | null,
  ): Promise<WriteOutcome> {
    return this.#run(formatKey(key), 'failed' as WriteOutcome, async (backend) => {
      let outcome = 'written' as WriteOutcome;
      await backend.update(keys, (current) => {
        const writes = plan(current);
        outcome = writes === null ? 'newer' : 'written';
        return writes ?? [];
      });
      if (outcome === 'newer') {
        this.#report(
          'newer-version',
          formatKey(key),
          'Not saved: a newer version of Progression wrote this record; open that version to ' +
            'change it.',
        );
      }
      return outcome;
    });
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
      this.#backend = memoryBackend(new MemoryDatabase(entries));
    })();
    await this.#fallingBack;
  }

  /** Decodes criterion records by framework: array keys first, so they win over version 0 keys. */
  #readCriteria(entries: readonly Entry[]) {
    const frameworks = new Map<string, Map<string, CriterionProgress>>();
    const seen = new Set<string>();
    const upgrades: Upgrade[] = [];
    const ordered = [
      ...entries.filter(([key]) => typeof key !== 'string'),
      ...entries.filter(([key]) => typeof key === 'string'),
    ];
    for (const [key, stored] of ordered) {
      const parsed = parseKey(key);
      if (parsed.kind !== 'progress') continue;
      const id = `${parsed.frameworkId}\u0000${parsed.criterionId}`;
      if (parsed.legacy && seen.has(id)) continue;
      seen.add(id);
      const decoded = decodeCriterion(parsed, stored);
      if (!this.#usable(key, decoded)) continue;
      let records = frameworks.get(parsed.frameworkId);
      if (!records) frameworks.set(parsed.frameworkId, (records = new Map()));
      records.set(parsed.criterionId, decoded.value);
      if (decoded.kind === 'migrated') {
        const to = progressKey(parsed.frameworkId, parsed.criterionId);
        upgrades.push({ from: key, to, stored, record: decoded.value });
      }
    }
    return { frameworks, upgrades };
  }

  /**
   * Writes migrated records back in the current version, each only if its old value is still
   * there unchanged and nothing newer took its place: another tab may have written meanwhile.
   */
  async #upgrade(upgrades: readonly Upgrade[]): Promise<void> {
    if (upgrades.length === 0) return;
    const keys = upgrades.flatMap((upgrade) => [upgrade.from, upgrade.to]);
    await this.#run(WHOLE_STORE, undefined, (backend) =>
      backend.update(keys, (current) =>
        upgrades.flatMap((upgrade, index): Write[] => {
          const [atFrom, atTo] = [current[2 * index], current[2 * index + 1]];
          const moved = formatKey(upgrade.from) !== formatKey(upgrade.to);
          if (!sameValue(atFrom, upgrade.stored) || (moved && atTo !== undefined)) return [];
          const put: Write = {
            type: 'put',
            key: upgrade.to,
            value: encodeCriterion(upgrade.record),
          };
          return moved ? [put, { type: 'delete', key: upgrade.from }] : [put];
        }),
      ),
    );
  }

  /**
   * Whether a record given to be stored passes the checks it will meet when read back (a record
   * stored now but unreadable later would be lost); reports why when not.
   */
  #valid(key: StoreKey, checked: Checked<unknown>): boolean {
    if (!checked.ok) {
      this.#report('rejected', formatKey(key), `Not saved: ${problemsInLine(checked.problems)}.`);
    }
    return checked.ok;
  }

  /** Whether a decoded record can be used; when not, reports why it is left out. */
  #usable<T>(
    key: StoreKey,
    decoded: Decoded<T>,
  ): decoded is Extract<Decoded<T>, { kind: 'current' | 'migrated' }> {
    switch (decoded.kind) {
      case 'current':
      case 'migrated':
        return true;
      case 'newer':
        this.#report(
          'newer-version',
          formatKey(key),
          `Left as it is: a newer version of Progression wrote this record (version ` +
            `${decoded.version}; this version writes ${PROGRESS_RECORD_VERSION}).`,
        );
        return false;
      case 'unreadable':
        this.#report(
          'unreadable',
          formatKey(key),
          `Left as it is: this record cannot be read (${decoded.message}).`,
        );
        return false;
      default:
        return decoded satisfies never;
    }
  }

  #post(change: StoreChange): void {
    if (this.#backend === this.#primary) this.#channel?.post(change);
  }

  #receive(change: StoreChange): void {
    if (this.#closed || this.#backend !== this.#primary) return;
    for (const listener of this.#changeListeners) notify(listener, change);
  }

  #report(kind: StorageProblem['kind'], key: string, message: string): void {
    const problem: StorageProblem = { kind, key, message };
    if (this.#problemListeners.size === 0) console.warn(`Progression storage: ${key}: ${message}`);
    for (const listener of this.#problemListeners) notify(listener, problem);
  }
}

interface Upgrade {
  from: StoreKey;
  to: StoreKey;
  /** The old value as read, to check it is still there before replacing it. */
  stored: unknown;
  record: CriterionProgress;
}

/**
 * The puts that store `contents`, each record checked as it will be when read back, or why it
 * cannot be stored (the first problems found).
 */
function encodeContents(contents: BackupContents): Write[] | string {
  const writes: Write[] = [];
  const problems: string[] = [];
  const report = (field: string, checked: Checked<unknown>) => {
    if (checked.ok) return;
    for (const found of checked.problems) {
      problems.push(`\`${[field, found.field].filter(Boolean).join('.')}\` ${found.message}`);
    }
  };
  for (const [index, framework] of contents.frameworks.entries()) {
    const field = `frameworks[${index}]`;
    if (framework.settings) {
      const settings = check(FrameworkSettingsSchema, framework.settings);
      report(`${field}.settings`, settings);
      if (settings.ok) {
        const { frameworkId } = settings.value;
        writes.push({
          type: 'put',
          key: settingsKey(frameworkId),
          value: encodeSettings(settings.value),
        });
      }
    }
    for (const [position, criterion] of framework.criteria.entries()) {
      const record = check(CriterionProgressSchema, criterion);
      report(`${field}.criteria[${position}]`, record);
      if (!record.ok) continue;
      const key = progressKey(record.value.frameworkId, record.value.criterionId);
      writes.push({ type: 'put', key, value: encodeCriterion(record.value) });
    }
  }
  for (const name of Object.keys(contents.collections)) {
    if (!COLLECTION_NAME.test(name))
      problems.push(`\`collections.${name}\` is not a collection name`);
    for (const [index, entry] of (contents.collections[name] ?? []).entries()) {
      const value = check(jsonValue, entry.value);
      report(`collections.${name}[${index}].value`, value);
      if (!value.ok) continue;
      writes.push({ type: 'put', key: entryKey(name, entry.key), value: encodeEntry(value.value) });
    }
  }
  return problems.length > 0 ? problems.slice(0, 3).join('; ') : writes;
}

/** A plain JSON copy of `value`, or `undefined` when it is not JSON data. */
function toJson(value: unknown): JsonValue | undefined {
  const copy = check(jsonValue, value);
  return copy.ok ? copy.value : undefined;
}

/**
 * Calls a listener so that its failure cannot fail the store's operation: the error is thrown
 * again on its own, where the app's error reporting sees it.
 */
function notify<T>(listener: (value: T) => void, value: T): void {
  try {
    listener(value);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

function deleteIfPresent(key: StoreKey, current: unknown): Write[] {
  return current === undefined ? [] : [{ type: 'delete', key }];
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function byCriterionId(a: CriterionProgress, b: CriterionProgress): number {
  return a.criterionId < b.criterionId ? -1 : a.criterionId > b.criterionId ? 1 : 0;
}

function errorName(error: unknown): string | null {
  return typeof error === 'object' &&
    error !== null &&
    'name' in error &&
    typeof error.name === 'string'
    ? error.name
    : null;
}
