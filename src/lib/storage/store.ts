/**
 * The one implementation of `ProgressStore`, on top of a `Backend`: IndexedDB for the app, a
 * `MemoryDatabase` for tests. Reads and writes live here; the memory fallback in `fallback.ts`
 * (once it moved to memory, the tab neither posts to nor listens to other tabs: its data is no
 * longer theirs), record migration in `migration.ts`, backup export and restore in
 * `contents.ts`, and the exit journal in `exit-journal.ts`.
 */
import type { BackupContents } from '../core/backup.ts';
import type { Collection } from '../core/collection.ts';
import { compareText } from '../core/order.ts';
import { jsonValue } from '../core/schemas/fields.ts';
import { CriterionProgressSchema, FrameworkSettingsSchema } from '../core/schemas/progress.ts';
import { check, problemsInLine, readEntry, type Checked } from '../core/schemas/read.ts';
import type { CriterionProgress, FrameworkSettings } from '../core/progress.ts';
import { replayWrites, type ExitJournal } from './exit-journal.ts';
import type { Backend, Write } from './backend.ts';
import { contentsOf, encodeContents } from './contents.ts';
import { FallingBackBackend, WHOLE_STORE } from './fallback.ts';
import { Listeners } from './listeners.ts';
import {
  readCriteria,
  upgradeKeys,
  upgradeWrites,
  type Upgrade,
  type Usable,
} from './migration.ts';
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
  decodeEntry,
  decodeSettings,
  encodeCriterion,
  encodeEntry,
  encodeSettings,
  isNewer,
  whyUnusable,
  type Decoded,
} from './records.ts';
import { openSyncChannel, type SyncChannel } from './sync.ts';
import type {
  BackendStoreSetup,
  EntryUpdate,
  ProgressStore,
  StorageProblem,
  StorageStatus,
  StoreChange,
} from './types.ts';

export type { BackendStoreSetup };

/** Where a write went: done, refused to protect a newer version's record, or not done at all. */
type WriteOutcome = 'written' | 'newer' | 'failed';

export class BackendStore implements ProgressStore {
  readonly #backends: FallingBackBackend;
  readonly #journal: ExitJournal | null;
  #closed = false;
  readonly #channel: SyncChannel | null;
  readonly #changeListeners = new Listeners<StoreChange>();
  readonly #problemListeners = new Listeners<StorageProblem>();

  constructor(setup: BackendStoreSetup) {
    this.#backends = new FallingBackBackend(setup.backend, {
      fallBackToMemory: setup.fallBackToMemory,
      report: (kind, key, message) => this.#report(kind, key, message),
    });
    this.#journal = setup.journal ?? null;
    if (setup.onProblem) this.#problemListeners.add(setup.onProblem);
    this.#channel = setup.BroadcastChannel
      ? openSyncChannel(setup.BroadcastChannel, setup.channelName, (change) =>
          this.#receive(change),
        )
      : null;
  }

  get status(): StorageStatus {
    return this.#backends.status;
  }

  /** Opens the backend (moving to memory if it cannot be opened) and gives the status then. */
  async ready(): Promise<StorageStatus> {
    await this.#run(WHOLE_STORE, undefined, (backend) => backend.open());
    // Changes noted as the last page went away are written now, unless a newer one is stored.
    for (const record of this.#journal?.take() ?? []) {
      const key = progressKey(record.frameworkId, record.criterionId);
      await this.#write(key, [key], ([current]) => replayWrites(record, key, current));
    }
    return this.#backends.status;
  }

  async loadFramework(frameworkId: string): Promise<CriterionProgress[]> {
    const entries = await this.#run(formatKey(['progress', frameworkId]), [], async (backend) => {
      const [current, legacy] = await Promise.all([
        backend.entries(under('progress', frameworkId)),
        backend.entries(legacyProgressKeys(frameworkId)),
      ]);
      return [...current, ...legacy];
    });
    const { frameworks, upgrades } = readCriteria(entries, this.#usable);
    await this.#upgrade(upgrades);
    return [...(frameworks.get(frameworkId)?.values() ?? [])].sort((a, b) =>
      compareText(a.criterionId, b.criterionId),
    );
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
    if (outcome === 'written') this.#postCriterion(record);
  }

  putCriterionAtExit(record: CriterionProgress): void {
    const key = progressKey(record.frameworkId, record.criterionId);
    if (!this.#valid(key, check(CriterionProgressSchema, record))) return;
    this.#journal?.keep([record]);
    try {
      this.#backends.current.putNow(key, encodeCriterion(record));
    } catch {
      // The page is going away: there is nobody left to tell.
    }
    this.#postCriterion(record);
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
    const copied = check(jsonValue, value);
    const json = copied.ok ? copied.value : undefined;
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

  async updateEntry<T>(update: EntryUpdate<T>): Promise<boolean> {
    const key = entryKey(update.collection.name, update.key);
    const planned = await this.#entryPlanner(update);
    let problem: string | null = null;
    const outcome = await this.#write(key, [key], ([current]) => {
      const plan = planned(current);
      if (plan === 'newer') return null;
      if (typeof plan === 'string') {
        problem = plan;
        return [];
      }
      return plan;
    });
    if (problem !== null) {
      this.#report('rejected', formatKey(key), `This value cannot be kept: ${problem}.`);
      return false;
    }
    if (outcome !== 'written') return false;
    this.#post({ kind: 'entry', collection: update.collection.name, key: update.key });
    return true;
  }

  /**
   * What an entry update writes, given the entry's stored value: its writes, `newer` when a
   * newer version wrote the entry, or why the new value cannot be kept. The collection's schema
   * is loaded first, so the planner runs inside a transaction without waiting.
   */
  async #entryPlanner<T>(
    update: EntryUpdate<T>,
  ): Promise<(current: unknown) => Write[] | 'newer' | string> {
    const schema = await update.collection.loadSchema();
    const key = entryKey(update.collection.name, update.key);
    return (current) => {
      if (isNewer(current)) return 'newer';
      const decoded = current === undefined ? null : decodeEntry(current);
      const read =
        decoded && (decoded.kind === 'current' || decoded.kind === 'migrated')
          ? readEntry(schema, decoded.value)
          : null;
      const next = update.change(read?.ok ? read.value : undefined);
      if (next === null) return deleteIfPresent(key, current);
      const copied = check(jsonValue, next);
      if (!copied.ok) return 'it is not plain JSON data';
      const checked = readEntry(schema, copied.value);
      if (!checked.ok) return checked.message;
      return [{ type: 'put', key, value: encodeEntry(copied.value) }];
    };
  }

  async exportAll(): Promise<BackupContents> {
    const entries = await this.#run(WHOLE_STORE, [], (backend) => backend.entries(null));
    return contentsOf(entries, this.#usable, (kind, key, message) =>
      this.#report(kind, key, message),
    );
  }

  async replaceFramework(
    frameworkId: string,
    records: readonly CriterionProgress[],
    settings: FrameworkSettings | null,
    entries: readonly EntryUpdate<unknown>[] = [],
  ): Promise<boolean> {
    const where = formatKey(['progress', frameworkId]);
    const planners = await Promise.all(entries.map((update) => this.#entryPlanner(update)));
    const entryKeys = entries.map((update) => entryKey(update.collection.name, update.key));
    let refused: string | null = null;
    const incoming = encodeContents({
      frameworks: [{ frameworkId, settings, criteria: [...records] }],
      collections: {},
    });
    if (typeof incoming === 'string') {
      this.#report('rejected', where, `Nothing was changed: ${incoming}.`);
      return false;
    }
    const kept: StoreKey[] = [];
    const outcome = await this.#run(where, 'failed' as WriteOutcome, async (backend) => {
      // The keys there now; the writes below then read and write them all in one transaction,
      // so a reload or a closed tab finds all of the change or none of it.
      const present = [
        ...(await backend.keys(under('progress', frameworkId))),
        ...(await backend.keys(legacyProgressKeys(frameworkId))),
        settingsKey(frameworkId),
      ];
      const incomingKeys = new Set(incoming.map((write) => formatKey(write.key)));
      const keys = [
        ...present.filter((key) => !incomingKeys.has(formatKey(key))),
        ...incoming.map((write) => write.key),
      ];
      await backend.update([...keys, ...entryKeys], (read) => {
        const current = read.slice(0, keys.length);
        const entryWrites: Write[] = [];
        for (const [index, planner] of planners.entries()) {
          const plan = planner(read[keys.length + index]);
          if (plan === 'newer') kept.push(entryKeys[index]!);
          else if (typeof plan === 'string') refused ??= plan;
          else entryWrites.push(...plan);
        }
        // An entry that cannot be kept (the import's checkpoint, say) stops the whole change.
        if (refused !== null) return [];
        const newer = new Set(
          keys.filter((_, index) => isNewer(current[index])).map((key) => formatKey(key)),
        );
        kept.push(...keys.filter((key) => newer.has(formatKey(key))));
        return [
          ...keys.flatMap((key, index): Write[] => {
            if (newer.has(formatKey(key))) return [];
            if (index < keys.length - incoming.length)
              return current[index] === undefined ? [] : [{ type: 'delete', key }];
            return [incoming[index - (keys.length - incoming.length)]!];
          }),
          ...entryWrites,
        ];
      });
      return 'written';
    });
    if (refused !== null) {
      this.#report('rejected', where, `Nothing was changed: ${String(refused)}.`);
      return false;
    }
    if (outcome !== 'written') return false;
    this.#replaced(kept);
    return true;
  }

  /** After a replacement: reports the records of a newer version it kept, and tells other tabs. */
  #replaced(kept: readonly StoreKey[]): void {
    for (const key of kept) {
      this.#report(
        'newer-version',
        formatKey(key),
        'Kept as it was: a newer version of Progression wrote this record.',
      );
    }
    this.#post({ kind: 'everything' });
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
    this.#replaced(kept);
  }

  async deleteAll(): Promise<void> {
    const outcome = await this.#run(WHOLE_STORE, 'failed' as WriteOutcome, async (backend) => {
      await backend.clear();
      return 'written';
    });
    // Working in memory after IndexedDB failed, the data is still in IndexedDB too: delete it
    // there as well.
    await this.#backends.clearPrimary();
    if (outcome === 'written') this.#post({ kind: 'everything' });
  }

  subscribe(listener: (change: StoreChange) => void): () => void {
    return this.#changeListeners.add(listener);
  }

  onProblem(listener: (problem: StorageProblem) => void): () => void {
    return this.#problemListeners.add(listener);
  }

  close(): void {
    this.#closed = true;
    this.#channel?.close();
    this.#backends.close();
    this.#changeListeners.clear();
  }

  /** Runs `operation` on the backend in use (see `FallingBackBackend.run`); never rejects. */
  #run<T>(key: string, failed: T, operation: (backend: Backend) => Promise<T>): Promise<T> {
    if (this.#closed) {
      this.#report('failed', key, 'The store was closed; nothing was read or written.');
      return Promise.resolve(failed);
    }
    return this.#backends.run(key, failed, operation);
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

  /** Writes migrated records back in the current version (see `upgradeWrites`). */
  async #upgrade(upgrades: readonly Upgrade[]): Promise<void> {
    if (upgrades.length === 0) return;
    await this.#run(WHOLE_STORE, undefined, (backend) =>
      backend.update(upgradeKeys(upgrades), (current) => upgradeWrites(upgrades, current)),
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
  #usable: Usable = <T>(
    key: StoreKey,
    decoded: Decoded<T>,
  ): decoded is Extract<Decoded<T>, { kind: 'current' | 'migrated' }> => {
    const why = whyUnusable(decoded);
    if (why) this.#report(why.kind, formatKey(key), why.message);
    return why === null;
  };

  #postCriterion(record: CriterionProgress): void {
    const { frameworkId, criterionId } = record;
    this.#post({ kind: 'criterion', frameworkId, criterionId, record: copyCriterion(record) });
  }

  #post(change: StoreChange): void {
    if (this.#backends.onPrimary) this.#channel?.post(change);
  }

  #receive(change: StoreChange): void {
    if (this.#closed || !this.#backends.onPrimary) return;
    this.#changeListeners.notify(change);
  }

  #report(kind: StorageProblem['kind'], key: string, message: string): void {
    const problem: StorageProblem = { kind, key, message };
    if (this.#problemListeners.size === 0) console.warn(`Progression storage: ${key}: ${message}`);
    this.#problemListeners.notify(problem);
  }
}

function deleteIfPresent(key: StoreKey, current: unknown): Write[] {
  return current === undefined ? [] : [{ type: 'delete', key }];
}
