/**
 * The one implementation of `ProgressStore`, on top of a `Backend`: IndexedDB for the app, a
 * `MemoryDatabase` for tests. What is read and written lives here; where it goes and who is told
 * (the memory fallback, other tabs, problem reports) in `connection.ts`; what a replacement
 * writes in `replacement.ts`; record migration in `migration.ts`; backup export and restore in
 * `contents.ts`; and the exit journal in `exit-journal.ts`.
 */
import type { BackupContents } from '../core/backup.ts';
import type { Collection } from '../core/collection.ts';
import { compareText } from '../core/order.ts';
import { CriterionProgressSchema, FrameworkSettingsSchema } from '../core/schemas/progress.ts';
import { check, readEntry } from '../core/schemas/read.ts';
import type { CriterionProgress, FrameworkSettings } from '../core/progress.ts';
import type { Write } from './backend.ts';
import { StoreConnection, type WriteOutcome } from './connection.ts';
import type { ProblemReports } from './problems.ts';
import { contentsOf, encodeContents } from './contents.ts';
import { replayWrites, type ExitJournal } from './exit-journal.ts';
import { WHOLE_STORE } from './fallback.ts';
import {
  detachedIdsKey,
  detachedRecordsKey,
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
import { readCriteria } from './migration.ts';
import {
  decodeDetachedIds,
  decodeDetachedRecords,
  loadDetached,
  writeDetachedChange,
  type DetachedChange,
} from './detached.ts';
import {
  copyCriterion,
  copySettings,
  decodeEntry,
  decodeSettings,
  encodeCriterion,
  encodeSettings,
  isNewer,
} from './records.ts';
import {
  deleteIfPresent,
  planEntry,
  planReplaceAll,
  planReplacement,
  replacementKeys,
  type EntryPlan,
} from './replacement.ts';
import type {
  BackendStoreSetup,
  EntryUpdate,
  ProgressStore,
  StorageProblem,
  StorageStatus,
  StoreChange,
} from './types.ts';

export type { BackendStoreSetup };

export class BackendStore implements ProgressStore {
  readonly #connection: StoreConnection;
  readonly #journal: ExitJournal | null;
  readonly #problems: ProblemReports;

  constructor(setup: BackendStoreSetup) {
    this.#connection = new StoreConnection(setup);
    this.#journal = setup.journal ?? null;
    this.#problems = this.#connection.problems;
  }

  get status(): StorageStatus {
    return this.#connection.status;
  }

  /** Opens the backend (moving to memory if it cannot be opened) and gives the status then. */
  async ready(): Promise<StorageStatus> {
    await this.#connection.run(WHOLE_STORE, undefined, (backend) => backend.open());
    // Changes noted as the last page went away are written now, unless a newer one is stored.
    for (const record of this.#journal?.take() ?? []) {
      const key = progressKey(record.frameworkId, record.criterionId);
      await this.#connection.write(key, [key], ([current]) => replayWrites(record, key, current));
    }
    return this.#connection.status;
  }

  async loadFramework(frameworkId: string): Promise<CriterionProgress[]> {
    const entries = await this.#connection.run(
      formatKey(['progress', frameworkId]),
      [],
      async (backend) => {
        const [current, legacy] = await Promise.all([
          backend.entries(under('progress', frameworkId)),
          backend.entries(legacyProgressKeys(frameworkId)),
        ]);
        return [...current, ...legacy];
      },
    );
    const { frameworks, upgrades } = readCriteria(entries, this.#problems.usable);
    await this.#connection.upgrade(upgrades);
    return [...(frameworks.get(frameworkId)?.values() ?? [])].sort((a, b) =>
      compareText(a.criterionId, b.criterionId),
    );
  }

  loadDetachedIds(frameworkId: string): Promise<string[]> {
    return loadDetached(this.#connection, detachedIdsKey(frameworkId), decodeDetachedIds);
  }

  loadDetached(frameworkId: string): Promise<CriterionProgress[]> {
    return loadDetached(this.#connection, detachedRecordsKey(frameworkId), (stored) =>
      decodeDetachedRecords(frameworkId, stored),
    );
  }

  changeDetached(frameworkId: string, change: DetachedChange): Promise<boolean> {
    return writeDetachedChange(this.#connection, frameworkId, change);
  }

  async putCriterion(record: CriterionProgress): Promise<void> {
    const key = progressKey(record.frameworkId, record.criterionId);
    const legacy = legacyProgressKey(record.frameworkId, record.criterionId);
    if (!this.#problems.valid(key, check(CriterionProgressSchema, record))) return;
    const stored = encodeCriterion(record);
    const outcome = await this.#connection.write(key, [key, legacy], ([current, old]) =>
      isNewer(current)
        ? null
        : [{ type: 'put', key, value: stored }, ...deleteIfPresent(legacy, old)],
    );
    if (outcome === 'written') this.#postCriterion(record);
  }

  putCriterionAtExit(record: CriterionProgress): void {
    const key = progressKey(record.frameworkId, record.criterionId);
    if (!this.#problems.valid(key, check(CriterionProgressSchema, record))) return;
    this.#journal?.keep([record]);
    try {
      this.#connection.current.putNow(key, encodeCriterion(record));
    } catch {
      // The page is going away: there is nobody left to tell.
    }
    this.#postCriterion(record);
  }

  async deleteCriterion(frameworkId: string, criterionId: string): Promise<void> {
    const key = progressKey(frameworkId, criterionId);
    const legacy = legacyProgressKey(frameworkId, criterionId);
    const outcome = await this.#connection.write(key, [key, legacy], ([current, old]) =>
      isNewer(current) ? null : [...deleteIfPresent(key, current), ...deleteIfPresent(legacy, old)],
    );
    if (outcome === 'written') {
      this.#connection.post({ kind: 'criterion', frameworkId, criterionId, record: null });
    }
  }

  async loadSettings(frameworkId: string): Promise<FrameworkSettings | null> {
    const key = settingsKey(frameworkId);
    const entries = await this.#connection.run(formatKey(key), [], (backend) =>
      backend.entries({ lower: key, upper: key }),
    );
    const [entry] = entries;
    if (!entry) return null;
    const decoded = decodeSettings(frameworkId, entry[1]);
    return this.#problems.usable(entry[0], decoded) ? decoded.value : null;
  }

  async putSettings(settings: FrameworkSettings): Promise<void> {
    const key = settingsKey(settings.frameworkId);
    if (!this.#problems.valid(key, check(FrameworkSettingsSchema, settings))) return;
    const stored = encodeSettings(settings);
    const outcome = await this.#connection.write(key, [key], ([current]) =>
      isNewer(current) ? null : [{ type: 'put', key, value: stored }],
    );
    if (outcome === 'written') {
      this.#connection.post({
        kind: 'settings',
        frameworkId: settings.frameworkId,
        settings: copySettings(settings),
      });
    }
  }

  async deleteSettings(frameworkId: string): Promise<void> {
    const key = settingsKey(frameworkId);
    const outcome = await this.#connection.write(key, [key], ([current]) =>
      isNewer(current) ? null : current === undefined ? [] : [{ type: 'delete', key }],
    );
    if (outcome === 'written') this.#connection.post({ kind: 'everything' });
  }

  async listFrameworks(): Promise<string[]> {
    const keys = await this.#connection.run(WHOLE_STORE, [], (backend) => backend.keys(null));
    const ids = new Set<string>();
    for (const key of keys) {
      const parsed = parseKey(key);
      if (parsed.kind === 'progress' || parsed.kind === 'settings' || parsed.kind === 'detached')
        ids.add(parsed.frameworkId);
    }
    return [...ids].sort();
  }

  async loadCollection<T>(collection: Collection<T>): Promise<Map<string, T>> {
    const entries = await this.#connection.run(
      formatKey(['collection', collection.name]),
      [],
      (backend) => backend.entries(under('collection', collection.name)),
    );
    const values = new Map<string, T>();
    const schema = entries.length > 0 ? await collection.loadSchema() : null;
    for (const [key, stored] of entries) {
      const parsed = parseKey(key);
      const decoded = decodeEntry(stored);
      if (parsed.kind !== 'entry' || !this.#problems.usable(key, decoded)) continue;
      const read = readEntry(schema!, decoded.value);
      if (read.ok) values.set(parsed.key, read.value);
      else
        this.#problems.report(
          'unreadable',
          formatKey(key),
          `This entry cannot be used: ${read.message}.`,
        );
    }
    return values;
  }

  async putEntry<T>(collection: Collection<T>, entry: string, value: T): Promise<void> {
    await this.updateEntry({ collection, key: entry, change: () => value });
  }

  async deleteEntry(collection: Collection<unknown>, entry: string): Promise<void> {
    await this.updateEntry({ collection, key: entry, change: () => null });
  }

  async updateEntry<T>(update: EntryUpdate<T>): Promise<boolean> {
    const key = entryKey(update.collection.name, update.key);
    const planned = await this.#entryPlanner(update);
    let problem: string | null = null;
    const outcome = await this.#connection.write(key, [key], ([current]) => {
      const plan = planned(current);
      if (plan === 'newer') return null;
      if (typeof plan === 'string') {
        problem = plan;
        return [];
      }
      return plan;
    });
    if (problem !== null) {
      this.#problems.report('rejected', formatKey(key), `This value cannot be kept: ${problem}.`);
      return false;
    }
    if (outcome !== 'written') return false;
    this.#connection.post({ kind: 'entry', collection: update.collection.name, key: update.key });
    return true;
  }

  /**
   * What an entry update writes, given the entry's stored value (see `planEntry`). The
   * collection's schema is loaded first, so the planner runs inside a transaction without waiting.
   */
  async #entryPlanner<T>(update: EntryUpdate<T>): Promise<(current: unknown) => EntryPlan> {
    const schema = await update.collection.loadSchema();
    const key = entryKey(update.collection.name, update.key);
    return (current) => planEntry(schema, key, (value) => update.change(value), current);
  }

  async exportAll(): Promise<BackupContents> {
    const entries = await this.#connection.run(WHOLE_STORE, [], (backend) => backend.entries(null));
    return contentsOf(entries, this.#problems.usable, (kind, key, message) =>
      this.#problems.report(kind, key, message),
    );
  }

  async replaceFramework(
    frameworkId: string,
    records: readonly CriterionProgress[],
    settings: FrameworkSettings | null,
    entries: readonly EntryUpdate<unknown>[] = [],
    { dropDetached = false }: { dropDetached?: boolean } = {},
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
      this.#problems.report('rejected', where, `Nothing was changed: ${incoming}.`);
      return false;
    }
    const kept: StoreKey[] = [];
    const outcome = await this.#connection.run(where, 'failed' as WriteOutcome, async (backend) => {
      // The keys there now; the writes below then read and write them all in one transaction,
      // so a reload or a closed tab finds all of the change or none of it.
      const present = [
        ...(await backend.keys(under('progress', frameworkId))),
        ...(await backend.keys(legacyProgressKeys(frameworkId))),
        settingsKey(frameworkId),
        ...(dropDetached ? [detachedIdsKey(frameworkId), detachedRecordsKey(frameworkId)] : []),
      ];
      const keys = replacementKeys(present, incoming);
      await backend.update([...keys, ...entryKeys], (read) => {
        const entryWrites: Write[] = [];
        for (const [index, planner] of planners.entries()) {
          const plan = planner(read[keys.length + index]);
          if (plan === 'newer') kept.push(entryKeys[index]!);
          else if (typeof plan === 'string') refused ??= plan;
          else entryWrites.push(...plan);
        }
        // An entry that cannot be kept (the import's checkpoint, say) stops the whole change.
        if (refused !== null) return [];
        const replacement = planReplacement(keys, incoming, read.slice(0, keys.length));
        kept.push(...replacement.kept);
        return [...replacement.writes, ...entryWrites];
      });
      return 'written';
    });
    if (refused !== null) {
      this.#problems.report('rejected', where, `Nothing was changed: ${String(refused)}.`);
      return false;
    }
    if (outcome !== 'written') return false;
    this.#replaced(kept);
    return true;
  }

  /** After a replacement: reports the records of a newer version it kept, and tells other tabs. */
  #replaced(kept: readonly StoreKey[]): void {
    for (const key of kept) {
      this.#problems.report(
        'newer-version',
        formatKey(key),
        'Kept as it was: a newer version of Progression wrote this record.',
      );
    }
    this.#connection.post({ kind: 'everything' });
  }

  async replaceAll(
    contents: BackupContents,
    detached: ReadonlyMap<string, readonly CriterionProgress[]> = new Map(),
  ): Promise<void> {
    const incoming = encodeContents(contents, detached);
    if (typeof incoming === 'string') {
      this.#problems.report('rejected', WHOLE_STORE, `Nothing was restored: ${incoming}.`);
      return;
    }
    let kept: StoreKey[] = [];
    const done = await this.#connection.done(WHOLE_STORE, (backend) =>
      backend.updateAll((current) => {
        const replacement = planReplaceAll(current, incoming);
        kept = replacement.kept;
        return replacement.writes;
      }),
    );
    if (done) this.#replaced(kept);
  }

  async deleteAll(): Promise<void> {
    const done = await this.#connection.done(WHOLE_STORE, (backend) => backend.clear());
    // Working in memory after IndexedDB failed, the data is still in IndexedDB too: delete it
    // there as well.
    await this.#connection.clearPrimary();
    if (done) this.#connection.post({ kind: 'everything' });
  }

  subscribe(listener: (change: StoreChange) => void): () => void {
    return this.#connection.subscribe(listener);
  }

  onProblem(listener: (problem: StorageProblem) => void): () => void {
    return this.#problems.add(listener);
  }

  close(): void {
    this.#connection.close();
  }

  #postCriterion(record: CriterionProgress): void {
    const { frameworkId, criterionId } = record;
    this.#connection.post({
      kind: 'criterion',
      frameworkId,
      criterionId,
      record: copyCriterion(record),
    });
  }
}
